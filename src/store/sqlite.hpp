// Internal RAII wrappers around the SQLite C API: a connection, a prepared statement, a
// transaction. Nothing outside src/store sees sqlite3.h.
//
// Contract: every failing SQLite call throws podium::Error whose message names the database path,
// the step (a short label such as "insert activity_channels") and SQLite's own message. Kinds:
// constraint violations (UNIQUE, FOREIGN KEY, NOT NULL, CHECK) are the caller's data ->
// InvalidInput; a file that is not a database or is corrupt -> Format; a file or directory that
// cannot be opened -> NotFound; everything else (I/O, full disk, locked past the busy timeout) ->
// Io. Statements are prepared per use; a Db must outlive its statements. Not thread-safe: one Db
// per thread.
//
//   Db db = Db::open("podium.db");
//   Statement s(db, "SELECT id FROM athletes", "list athletes");
//   while (s.step()) ids.push_back(s.text(0));
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace podium::store {

// How long a write waits for another connection's write lock before failing with Error(Io), and
// after how long it says on stderr that it is waiting. A PCS import holds the lock ~10 s.
inline constexpr int kWriterWaitMs = 120000;
inline constexpr int kWaitNoticeMs = 1000;

class Db {
 public:
  // Opens (creating if absent) and configures: extended result codes, a busy handler that waits
  // up to kWriterWaitMs for another writer, journal_mode=WAL, synchronous=NORMAL,
  // foreign_keys=ON. An existing store that this process cannot write (or whose folder it cannot
  // write) opens read-only and immutable: reads work, writes fail with a one-line Error(Io).
  // `create`: make the file when absent (else SQLite fails with its own "unable to open").
  static Db open(const std::string& path, bool create = true);
  Db(Db&& other) noexcept;
  Db& operator=(Db&& other) noexcept;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db();

  const std::string& path() const { return path_; }
  bool read_only() const { return read_only_; }
  sqlite3* handle() const { return db_; }
  // Runs one or more statements that return no rows.
  void exec(std::string_view sql, const std::string& step);
  [[noreturn]] void fail(int rc, const std::string& step) const;

  // The busy handler's state; on the heap so that its address survives a move of the Db.
  struct Waiting {
    std::string path;
    std::chrono::steady_clock::time_point since;
    bool told = false;
  };

 private:
  Db(sqlite3* db, std::string path);
  sqlite3* db_ = nullptr;
  std::string path_;
  bool read_only_ = false;
  std::unique_ptr<Waiting> waiting_;
};

class Statement {
 public:
  Statement(const Db& db, std::string_view sql, std::string step);
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, as in SQLite. A NaN double binds NULL.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view text);
  Statement& bind_blob(int index, std::span<const std::uint8_t> bytes);
  Statement& bind_null(int index);

  // Advances; true while a row is available.
  bool step();
  // Steps a statement that returns no rows.
  void run();
  // Makes the statement ready to run again with new bindings (bulk inserts reuse one statement).
  void reset();

  // Columns are 0-based. NULL reads as 0, NaN, "" or an empty span.
  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::span<const std::uint8_t> blob(int column) const;

 private:
  void check_bind(int rc);
  const Db& db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string step_;
};

// BEGIN IMMEDIATE (takes the write lock up front, so two writers never deadlock upgrading a read
// lock); the destructor rolls back unless commit() ran. A rollback failure in the destructor is
// swallowed: SQLite has then already rolled back or will on the next open.
class Transaction {
 public:
  Transaction(Db& db, const std::string& what);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Db& db_;
  std::string what_;
  bool open_ = true;
};

}  // namespace podium::store
