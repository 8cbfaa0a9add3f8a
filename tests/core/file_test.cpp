#include "podium/core/file.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "podium/core/error.hpp"

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

}  // namespace
}  // namespace podium
