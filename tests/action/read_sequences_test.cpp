#include "podium/action/read_sequences.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "action/sequence_test_util.hpp"
#include "podium/action/sequence_csv.hpp"
#include "podium/action/sequence_json.hpp"
#include "testkit/throws_error.hpp"

namespace podium::action {
namespace {

namespace fs = std::filesystem;
using test_sequences::numbered;
using test_sequences::same_sequence;
using ::testing::HasSubstr;
using testkit::ThrowsError;

class ReadSequences : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("podium-read-sequences-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& bytes) const {
    const fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }
  fs::path dir_;
};

TEST_F(ReadSequences, JsonByItsFirstByteWhateverTheName) {
  const std::vector<PoseSequence> in = {numbered(vision::Layout::Coco17, 3)};
  // A JSON file named .txt with leading blank lines: the content decides, not the name.
  const std::string path = write("clips.txt", "\n  \n" + write_sequences_json(in));
  const auto out = read_sequences(path);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(same_sequence(out[0], in[0]));
}

TEST_F(ReadSequences, SequenceCsv) {
  const std::vector<PoseSequence> in = {numbered(vision::Layout::MoveNet13, 4),
                                        numbered(vision::Layout::OpenPose18, 2)};
  std::vector<PoseSequence> distinct = in;
  distinct[1].id = std::string("second");
  const auto out = read_sequences(write("clips.csv", write_sequences_csv(distinct)));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(same_sequence(out[0], distinct[0]));
  EXPECT_TRUE(same_sequence(out[1], distinct[1]));
}

TEST_F(ReadSequences, KeypointsCsvNamedAfterItsFolder) {
  std::string csv = "frame,time_s,track_id,keypoint,x,y,score,raw_x,raw_y\n";
  for (int f = 0; f < 3; ++f) {
    for (const std::string_view k : vision::layout_info(vision::Layout::Coco17).keypoints) {
      csv.append(std::to_string(f)).append(",").append(std::to_string(f / 30.0));
      csv.append(",4,").append(k).append(",1,2,0.9,10,20\n");
    }
  }
  const auto out = read_sequences(write("serve_01/keypoints.csv", csv));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].id, "serve_01#4");
  EXPECT_EQ(out[0].frames, 3u);
  EXPECT_EQ(out[0].x[0], 10.0f);  // raw_x, not the smoothed x
  EXPECT_EQ(keypoints_csv_name("runs/keypoints.csv"), "runs");
  EXPECT_EQ(keypoints_csv_name("keypoints.csv"), "keypoints");
  EXPECT_EQ(keypoints_csv_name("a/track.csv"), "track");
}

TEST_F(ReadSequences, AFolderMustBeAKnownSet) {
  EXPECT_THAT([&] { read_sequences(dir_.string()); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("has no index.csv")));
  write("index.csv", "file,speed\nx.csv,3\n");
  EXPECT_THAT([&] { read_sequences(dir_.string()); },
              ThrowsError(ErrorKind::InvalidInput,
                          HasSubstr("index.csv: not the index of a known action set")));
}

TEST_F(ReadSequences, ASetFolderGoesToItsImporter) {
  // The tennis header; the listed file is missing, so the tennis importer's own error comes back.
  write("index.csv", "file,player_video,label,frames\nshot.csv,v1,serve,30\n");
  EXPECT_THAT([&] { read_sequences(dir_.string()); },
              ThrowsError(ErrorKind::NotFound, HasSubstr("shot.csv")));
}

TEST_F(ReadSequences, AMissingFileIsNotFound) {
  EXPECT_THAT([&] { read_sequences((dir_ / "none.csv").string()); },
              ThrowsError(ErrorKind::NotFound, HasSubstr("none.csv")));
}

}  // namespace
}  // namespace podium::action
