#include "podium/core/file.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

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

}  // namespace
}  // namespace podium
