// Two writers and a reader on one store, as two podium processes meet it: the second writer waits
// for the first (and says so after a second), a reader never waits, and a store this process
// cannot write still reads.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <thread>

#include "podium/core/error.hpp"
#include "podium/store/store.hpp"
#include "store/sqlite.hpp"
#include "store/test_db.hpp"
#include "testkit/throws_error.hpp"

namespace podium::store {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

void make_table(const std::string& path) {
  Db db = Db::open(path);
  db.exec("CREATE TABLE t (x INTEGER)", "create t");
}

std::int64_t count_rows(Db& db) {
  Statement s(db, "SELECT count(*) FROM t", "count");
  s.step();
  return s.int64(0);
}

TEST(StoreConcurrency, ASecondWriterWaitsForTheFirstAndSaysSo) {
  testkit::TempDir dir;
  const std::string path = dir.path("s.db");
  make_table(path);
  Db first = Db::open(path);
  Db second = Db::open(path);
  auto holding = std::make_unique<Transaction>(first, "hold");
  first.exec("INSERT INTO t VALUES (1)", "insert 1");
  std::promise<double> waited_s;
  ::testing::internal::CaptureStderr();
  std::thread writer([&] {
    const auto t0 = Clock::now();
    Transaction tx(second, "wait");
    second.exec("INSERT INTO t VALUES (2)", "insert 2");
    tx.commit();
    waited_s.set_value(std::chrono::duration<double>(Clock::now() - t0).count());
  });
  // A reader meanwhile sees the last commit at once (WAL): no row yet.
  Db reader = Db::open(path);
  EXPECT_EQ(count_rows(reader), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  holding->commit();
  holding.reset();
  writer.join();
  const std::string said = ::testing::internal::GetCapturedStderr();
  EXPECT_GE(waited_s.get_future().get(), 1.4);
  EXPECT_EQ(count_rows(reader), 2);
  EXPECT_THAT(said, HasSubstr("podium: waiting for another podium process writing " + path));
}

// Root writes through any permission bits: the check runs as nobody in a child process then.
TEST(StoreConcurrency, AStoreThisProcessCannotWriteStillReads) {
  testkit::TempDir dir;
  const std::string folder = dir.path("ro");
  std::filesystem::create_directories(folder);
  const std::string path = folder + "/podium.db";
  {
    Store s = Store::open(path);
    s.add_athlete(std::string("ann"));
  }
  ASSERT_EQ(::chmod(path.c_str(), 0444), 0);
  ASSERT_EQ(::chmod(folder.c_str(), 0555), 0);
  ASSERT_EQ(::chmod(dir.path("").c_str(), 0755), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(10);
    try {
      Store s = Store::open(path, OpenMode::MustExist);
      if (s.athletes().size() != 1) ::_exit(11);
      try {
        s.add_athlete(std::string("bob"));
        ::_exit(12);
      } catch (const Error& e) {
        const std::string what = e.what();
        if (e.kind() != ErrorKind::Io || what.find("read-only here") == std::string::npos)
          ::_exit(13);
      }
    } catch (const std::exception&) {
      ::_exit(14);
    }
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::chmod(folder.c_str(), 0755);
  ASSERT_TRUE(WIFEXITED(status));
  // 11: wrong content, 12: a write succeeded, 13: the write's error, 14: the read failed.
  EXPECT_EQ(WEXITSTATUS(status), 0);
  // Nothing was created beside it.
  EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
}

}  // namespace
}  // namespace podium::store
