#include "store/sqlite.hpp"

#include <sqlite3.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <thread>
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

// Waits for another connection's write lock: sleeps with back-off, says once on stderr after
// kWaitNoticeMs that it is waiting (a PCS import holds the lock ~10 s), gives up after
// kWriterWaitMs. SQLite calls it with count = 0 at the start of every new wait.
int wait_for_writer(void* context, int count) {
  auto& w = *static_cast<Db::Waiting*>(context);
  const auto now = std::chrono::steady_clock::now();
  if (count == 0) {
    w.since = now;
    w.told = false;
  }
  const auto waited_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now - w.since).count();
  if (waited_ms >= kWriterWaitMs) return 0;
  if (waited_ms >= kWaitNoticeMs && !w.told) {
    std::fprintf(stderr, "podium: waiting for another podium process writing %s\n", w.path.c_str());
    w.told = true;
  }
  const int sleep_ms = std::min(100, 1 << std::min(count, 6));
  std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms));
  return 1;
}

// SQLite URI for a path: '%', '?' and '#' would otherwise end or escape the file name.
std::string file_uri(const std::string& path) {
  std::string uri = "file:";
  for (char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      static constexpr char kHex[] = "0123456789ABCDEF";
      uri += '%';
      uri += kHex[static_cast<unsigned char>(c) >> 4];
      uri += kHex[static_cast<unsigned char>(c) & 0xF];
    } else {
      uri += c;
    }
  }
  return uri;
}

bool writable(const std::string& path) {
  return ::access(path.c_str(), W_OK) == 0;
}

}  // namespace

Db Db::open(const std::string& path, bool create) {
  const std::filesystem::path file(path);
  const std::string dir = file.has_parent_path() ? file.parent_path().string() : ".";
  std::error_code ec;
  const bool exists = std::filesystem::exists(file, ec);
  // A store on read-only media (or a read-only copy) is opened read-only and immutable: WAL mode
  // would need to write the -wal and -shm files beside it, and nobody can change it meanwhile.
  const bool read_only = exists && !(writable(path) && writable(dir));
  sqlite3* raw = nullptr;
  const int flags = read_only ? SQLITE_OPEN_READONLY | SQLITE_OPEN_URI
                              : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  const std::string name = read_only ? file_uri(path) + "?immutable=1" : path;
  const int rc = sqlite3_open_v2(name.c_str(), &raw, flags, nullptr);
  Db db(raw, path);  // owns the handle even when opening failed, as sqlite3_open_v2 requires
  if (rc != SQLITE_OK) db.fail(rc, "open");
  db.read_only_ = read_only;
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_handler(raw, wait_for_writer, db.waiting_.get());
  if (!read_only) {
    // WAL: readers never block the writer and a crash mid-transaction leaves the last commit
    // intact. synchronous=NORMAL syncs at checkpoints, not every commit: still crash-consistent,
    // but a power loss may drop the last few commits (docs/store.md, "Transactions and
    // durability").
    Statement wal(db, "PRAGMA journal_mode=WAL", "set journal_mode=WAL");
    if (!wal.step() || wal.text(0) != "wal")
      throw Error(ErrorKind::Io,
                  path + ": set journal_mode=WAL: SQLite kept \"" + wal.text(0) + "\"");
    db.exec("PRAGMA synchronous=NORMAL", "configure");
  }
  db.exec("PRAGMA foreign_keys=ON", "configure");
  // Deleted rows are overwritten with zeros, not just unlinked: erasing an athlete must leave
  // none of their bytes in free pages (governance.hpp, erase_athlete).
  db.exec("PRAGMA secure_delete=ON", "configure");
  return db;
}

Db::Db(sqlite3* db, std::string path)
    : db_(db), path_(std::move(path)), waiting_(std::make_unique<Waiting>(Waiting{path_})) {}

Db::Db(Db&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      path_(std::move(other.path_)),
      read_only_(other.read_only_),
      waiting_(std::move(other.waiting_)) {}

Db& Db::operator=(Db&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
    read_only_ = other.read_only_;
    waiting_ = std::move(other.waiting_);
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
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
      throw Error(ErrorKind::Io, path_ + ": " + step +
                                     ": another podium process has been writing this store for " +
                                     std::to_string(kWriterWaitMs / 1000) +
                                     " s; run the command again when it has finished (" + detail +
                                     ")");
    case SQLITE_READONLY:
      throw Error(ErrorKind::Io, path_ + ": " + step +
                                     ": the store is read-only here (a read-only file or folder): "
                                     "commands that change it need a writable copy (" +
                                     detail + ")");
    default:
      throw Error(kind_of(rc), path_ + ": " + step + ": " + detail);
  }
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

Statement& Statement::bind_null(int index) {
  check_bind(sqlite3_bind_null(stmt_, index));
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
