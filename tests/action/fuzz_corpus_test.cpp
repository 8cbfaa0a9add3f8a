// The seed corpora of fuzz_sequence_csv and fuzz_sequence_json (fuzz/corpus/): every ok-* file
// reads with its reader, every bad-* file is refused with an Error.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <string>

#include "podium/action/keypoints_csv.hpp"
#include "podium/action/sequence_csv.hpp"
#include "podium/action/sequence_json.hpp"
#include "podium/core/error.hpp"
#include "podium/core/file.hpp"

namespace podium::action {
namespace {

namespace fs = std::filesystem;

void feed(const std::string& target,
          const std::function<void(const std::string& name, const std::string& bytes)>& read) {
  const fs::path dir = fs::path(PODIUM_SOURCE_DIR) / "fuzz" / "corpus" / target;
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    const std::string bytes = read_file(e.path().string());
    ++files;
    if (name.starts_with("ok-")) {
      EXPECT_NO_THROW(read(name, bytes)) << name;
    } else {
      EXPECT_THROW(read(name, bytes), Error) << name;
    }
  }
  EXPECT_GT(files, 3);
}

TEST(FuzzCorpus, SequenceCsvSeedsReadOrAreRefused) {
  feed("sequence_csv", [](const std::string& name, const std::string& bytes) {
    if (name.starts_with("ok-keypoints")) {
      parse_keypoints_csv(bytes, name, "c");
    } else if (name.starts_with("ok-segment-labels")) {
      parse_segment_labels(bytes, name);
    } else {
      parse_sequences_csv(bytes, name);
    }
  });
}

TEST(FuzzCorpus, SequenceJsonSeedsReadOrAreRefused) {
  feed("sequence_json", [](const std::string& name, const std::string& bytes) {
    parse_sequences_json(bytes, name);
  });
}

}  // namespace
}  // namespace podium::action
