#include "podium/core/file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "podium/core/error.hpp"
#include "testkit/throws_error.hpp"

namespace podium {
namespace {

namespace fs = std::filesystem;

TEST(File, AtomicWriteReplacesWholeFileAndLeavesNoTemporary) {
  const fs::path dir =
      fs::temp_directory_path() / ("podium-file-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string path = (dir / "out.txt").string();
  write_file_atomic(path, "first version, longer");
  write_file_atomic(path, "second");
  EXPECT_EQ(read_file(path), "second");
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir))
    ++entries;
  EXPECT_EQ(entries, 1);
  fs::remove_all(dir);
}

TEST(File, WriteIntoMissingDirectoryIsIoErrorNamingThePath) {
  try {
    write_file_atomic("/nonexistent-podium-dir/x.json", "x");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Io);
    EXPECT_NE(std::string(e.what()).find("/nonexistent-podium-dir/x.json"), std::string::npos);
  }
}

TEST(File, ReadMissingFileIsNotFound) {
  try {
    read_file("/nonexistent-podium-file");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::NotFound);
  }
}

// A temporary of a process that is gone is swept; one of a live process (pid 1) is kept, and so
// is every name that only looks similar.
TEST(File, WriteSweepsTemporariesOfKilledWriters) {
  const fs::path dir = fs::temp_directory_path() / ("podium-sweep-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ASSERT_GT(child, 0);
  int status = 0;
  ::waitpid(child, &status, 0);  // `child` is a pid that no process has now
  const std::vector<std::string> kept = {"out.json.tmp.1", "out.json.tmp.x12",
                                         "other.json.tmp." + std::to_string(child)};
  const std::string stale = "out.json.tmp." + std::to_string(child);
  for (const std::string& name : kept)
    std::ofstream(dir / name) << "x";
  std::ofstream(dir / stale) << "x";
  write_file_atomic((dir / "out.json").string(), "{}");
  EXPECT_FALSE(fs::exists(dir / stale));
  for (const std::string& name : kept)
    EXPECT_TRUE(fs::exists(dir / name)) << name;
  EXPECT_EQ(read_file((dir / "out.json").string()), "{}");
  fs::remove_all(dir);
}

TEST(File, SpecialFilesAreRefusedNotReadForever) {
  EXPECT_THAT([] { read_file("/dev/zero"); },
              testkit::ThrowsError(ErrorKind::InvalidInput,
                                   "/dev/zero: not a regular file (a device, FIFO or socket); "
                                   "podium reads files"));
  const fs::path fifo = fs::temp_directory_path() / ("podium-fifo-" + std::to_string(::getpid()));
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // Without a writer, opening a FIFO for reading would block: this returns at once.
  EXPECT_THAT([&] { read_file(fifo.string()); },
              testkit::ThrowsError(ErrorKind::InvalidInput, ::testing::HasSubstr("not a regular")));
  fs::remove(fifo);
}

TEST(File, AFileOverTheLimitIsRefusedBeforeItIsRead) {
  const fs::path big = fs::temp_directory_path() / ("podium-big-" + std::to_string(::getpid()));
  { std::ofstream(big) << std::string(1000, 'x'); }
  try {
    read_file(big.string(), 999);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
    EXPECT_EQ(e.problem(), "more than podium's limit of 999 bytes (docs/limits.md)");
    EXPECT_EQ(e.place().source, big.string());
    EXPECT_EQ(e.place().field, "size");
    EXPECT_EQ(e.place().value, "1000");
  }
  EXPECT_EQ(read_file(big.string(), 1000).size(), 1000U);
  fs::remove(big);
}

}  // namespace
}  // namespace podium
