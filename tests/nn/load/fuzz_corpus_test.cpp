// Every fuzz seed and every crash input the fuzzer ever found goes through the parser in the normal
// test run: each must parse or be rejected with podium::Error, never crash.
#include <gtest/gtest.h>

#include <filesystem>

#include "nn/graph_def.hpp"
#include "podium/core/error.hpp"
#include "podium/core/file.hpp"

namespace podium::nn {
namespace {

TEST(FuzzCorpus, EveryKeptInputParsesOrIsRejectedCleanly) {
  const std::string src = PODIUM_SOURCE_DIR;
  int files = 0;
  for (const char* sub : {"fuzz/corpus/graph_model"}) {
    const auto dir = std::filesystem::path(src) / sub;
    if (!std::filesystem::exists(dir)) continue;
    for (const auto& f : std::filesystem::directory_iterator(dir)) {
      const std::string bytes = read_file(f.path().string());
      try {
        parse_graph_model(bytes, f.path().filename().string());
      } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
      }
      ++files;
    }
  }
  EXPECT_GE(files, 5);  // the seeds at least
}

}  // namespace
}  // namespace podium::nn
