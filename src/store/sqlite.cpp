#include "store/sqlite.hpp"

#include <sqlite3.h>

#include <cmath>
#include <utility>

#include "podium/core/error.hpp"

namespace podium::store {
namespace {

ErrorKind kind_of(int rc) {
  switch (rc & 0xFF) {  // the primary code of an extended result code
    case SQLITE_CONSTRAINT:
      return ErrorKind::InvalidInput;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return ErrorKind::Format;
    case SQLITE_CANTOPEN:
      return ErrorKind::NotFound;
    default:
      return ErrorKind::Io;
  }
}

}  // namespace

Db Db::open(const std::string& path, bool create) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &raw, SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0), nullptr);
  Db db(raw, path);  // owns the handle even when opening failed, as sqlite3_open_v2 requires
  if (rc != SQLITE_OK) db.fail(rc, "open");
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  // WAL: readers never block the writer and a crash mid-transaction leaves the last commit intact.
  // synchronous=NORMAL syncs at checkpoints, not every commit: still crash-consistent, but a power
  // loss may drop the last few commits (docs/store.md, "Transactions and durability").
  Statement wal(db, "PRAGMA journal_mode=WAL", "set journal_mode=WAL");
  if (!wal.step() || wal.text(0) != "wal")
    throw Error(ErrorKind::Io,
                path + ": set journal_mode=WAL: SQLite kept \"" + wal.text(0) + "\"");
  db.exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON", "configure");
  return db;
}

Db::Db(Db&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Db& Db::operator=(Db&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

Db::~Db() {
  sqlite3_close_v2(db_);
}

void Db::exec(std::string_view sql, const std::string& step) {
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail(rc, step);
}

void Db::fail(int rc, const std::string& step) const {
  const char* detail = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  throw Error(kind_of(rc), path_ + ": " + step + ": " + detail);
}

Statement::Statement(const Db& db, std::string_view sql, std::string step)
    : db_(db), step_(std::move(step)) {
  const int rc =
      sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK) db_.fail(rc, step_);
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

void Statement::check_bind(int rc) {
  if (rc != SQLITE_OK) db_.fail(rc, step_ + " (bind)");
}

Statement& Statement::bind(int index, std::int64_t value) {
  check_bind(sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

Statement& Statement::bind(int index, double value) {
  check_bind(std::isnan(value) ? sqlite3_bind_null(stmt_, index)
                               : sqlite3_bind_double(stmt_, index, value));
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  check_bind(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                               SQLITE_TRANSIENT));
  return *this;
}

Statement& Statement::bind_blob(int index, std::span<const std::uint8_t> bytes) {
  // A zero-length blob is still a blob (not NULL): SQLite wants a non-null pointer for that.
  static constexpr std::uint8_t kEmpty = 0;
  const void* data = bytes.empty() ? &kEmpty : bytes.data();
  check_bind(
      sqlite3_bind_blob(stmt_, index, data, static_cast<int>(bytes.size()), SQLITE_TRANSIENT));
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_.fail(rc, step_);
}

void Statement::run() {
  if (step()) throw Error(ErrorKind::Internal, db_.path() + ": " + step_ + ": returned rows");
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

double Statement::real(int column) const {
  return is_null(column) ? std::nan("") : sqlite3_column_double(stmt_, column);
}

std::string Statement::text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  const int n = sqlite3_column_bytes(stmt_, column);
  return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p), n);
}

std::span<const std::uint8_t> Statement::blob(int column) const {
  const void* p = sqlite3_column_blob(stmt_, column);
  const int n = sqlite3_column_bytes(stmt_, column);
  if (p == nullptr) return {};
  return {static_cast<const std::uint8_t*>(p), static_cast<std::size_t>(n)};
}

Transaction::Transaction(Db& db, const std::string& what) : db_(db), what_(what) {
  db_.exec("BEGIN IMMEDIATE", "begin " + what_);
}

Transaction::~Transaction() {
  if (open_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT", "commit " + what_);
  open_ = false;
}

}  // namespace podium::store
