// The importers of the shared sets: on the real data when it is there (counts as PROVENANCE.md
// states them), and on small sets each test writes itself in every layout.
#include "podium/action/datasets.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "testkit/npy.hpp"
#include "testkit/shared_data.hpp"
#include "testkit/throws_error.hpp"

namespace podium::action {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testkit::ThrowsError;

fs::path shared_actions(const char* set) {
  return testkit::shared_data("actions") / set;
}

std::map<std::string, int> per_label(const ImportedSet& set) {
  std::map<std::string, int> out;
  for (const PoseSequence& s : set.sequences)
    ++out[s.label];
  return out;
}

#define SKIP_WITHOUT(dir) \
  if (!fs::exists(dir / "index.csv")) GTEST_SKIP() << "shared data not found at " << dir

TEST(SharedActions, TennisShots) {
  const fs::path dir = shared_actions("tennis_shots_movenet");
  SKIP_WITHOUT(dir);
  const ImportedSet set = import_tennis_shots(dir.string());
  EXPECT_EQ(per_label(set),
            (std::map<std::string, int>{
                {"backhand", 61}, {"forehand", 54}, {"neutral", 184}, {"serve", 37}}));
  std::map<std::string, int> groups;
  std::set<std::string> ids;
  for (const PoseSequence& s : set.sequences) {
    ++groups[s.group];
    // Every video has a serve_001: the id keeps the video's folder.
    EXPECT_TRUE(ids.insert(s.id).second) << s.id;
    EXPECT_EQ(s.frames, 30u);
    EXPECT_EQ(s.layout, vision::Layout::MoveNet13);
    EXPECT_EQ(s.fps, 0);
  }
  EXPECT_EQ(groups, (std::map<std::string, int>{
                        {"alcaraz", 129}, {"dimitrov_thiem", 143}, {"roland", 64}}));
  EXPECT_TRUE(set.repetitions.empty());
}

TEST(SharedActions, PoseTrainer) {
  const fs::path dir = shared_actions("exercise_form_openpose");
  SKIP_WITHOUT(dir);
  const ImportedSet set = import_pose_trainer(dir.string());
  EXPECT_EQ(per_label(set), (std::map<std::string, int>{{"bicep/bad", 10},
                                                        {"bicep/good", 6},
                                                        {"frontraise/bad", 13},
                                                        {"frontraise/good", 15},
                                                        {"shoulderpress/bad", 17},
                                                        {"shoulderpress/good", 19},
                                                        {"shouldershrug/bad", 17},
                                                        {"shouldershrug/good", 15}}));
  std::size_t frames = 0, not_seen = 0;
  for (const PoseSequence& s : set.sequences) {
    frames += s.frames;
    for (const float x : s.x)
      not_seen += std::isnan(x) ? 1 : 0;
  }
  EXPECT_EQ(frames, 8606u);  // PROVENANCE.md
  EXPECT_GT(not_seen, 0u);   // (0, 0, 0) became not seen
}

TEST(SharedActions, PushupForm) {
  const fs::path dir = shared_actions("pushup_form_movenet");
  SKIP_WITHOUT(dir);
  const ImportedSet set = import_pushup_form(dir.string());
  EXPECT_EQ(per_label(set), (std::map<std::string, int>{{"correct", 50}, {"wrong", 50}}));
  for (const PoseSequence& s : set.sequences) {
    EXPECT_EQ(s.fps, 25);
    EXPECT_GE(s.frames, 45u);
    EXPECT_LE(s.frames, 397u);
  }
}

TEST(SharedActions, CountixFitnessKeepsTheGroundTruthCounts) {
  const fs::path dir = shared_actions("countix_fitness_pose");
  SKIP_WITHOUT(dir);
  const ImportedSet set = import_countix_fitness(dir.string());
  ASSERT_EQ(set.sequences.size(), 32u);
  ASSERT_EQ(set.repetitions.size(), 32u);
  std::map<std::string, int> classes;
  for (std::size_t i = 0; i < 32; ++i) {
    ++classes[set.sequences[i].label];
    EXPECT_GE(set.repetitions[i], 2);
    EXPECT_LE(set.repetitions[i], 16);
  }
  EXPECT_EQ(classes.size(), 8u);
  for (const auto& [label, n] : classes)
    EXPECT_EQ(n, 4) << label;
  // index.csv: front_raises054 has 353 frames, 195 with a pose; the rest are all-zero.
  for (const PoseSequence& s : set.sequences) {
    if (s.id != "countix_fitness_pose/test_poses/front_raises054") continue;
    std::size_t seen = 0;
    for (std::size_t f = 0; f < s.frames; ++f)
      seen += std::isnan(s.x[s.at(f, 0)]) ? 0 : 1;
    EXPECT_EQ(s.frames, 353u);
    EXPECT_EQ(seen, 195u);
  }
}

// Sets the tests write themselves: one temporary folder per test.
class SmallSet : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("podium-action-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_ / "sub");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& bytes) const {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
  }
  std::string dir() const { return dir_.string(); }
  fs::path dir_;
};

TEST_F(SmallSet, TennisYBeforeXInTheCropWithTheShotAsLabel) {
  std::string header, row;
  for (const std::string_view k : vision::layout_info(vision::Layout::MoveNet13).keypoints) {
    header += std::string(k) + "_y," + std::string(k) + "_x,";
    row += "0.25,0.75,";
  }
  write("sub/serve_001.csv", header + "shot\n" + row + "serve\n" + row + "serve\n");
  write("index.csv", "file,player_video,label,frames\nsub/serve_001.csv,sub,serve,2\n");
  const ImportedSet set = import_tennis_shots(dir());
  ASSERT_EQ(set.sequences.size(), 1u);
  const PoseSequence& s = set.sequences[0];
  EXPECT_EQ(s.id, "tennis_shots_movenet/sub/serve_001");
  EXPECT_EQ(s.group, "sub");
  EXPECT_EQ(s.label, "serve");
  EXPECT_EQ(s.coordinates, Coordinates::Normalized);
  EXPECT_EQ(s.x[0], 0.75F);  // x is the second of each pair
  EXPECT_EQ(s.y[0], 0.25F);
  EXPECT_TRUE(std::isnan(s.score[0]));

  write("index.csv", "file,player_video,label,frames\nsub/serve_001.csv,sub,forehand,2\n");
  EXPECT_THAT([&] { import_tennis_shots(dir()); },
              ThrowsError(ErrorKind::InvalidInput,
                          HasSubstr("index.csv: line 2: label: 'forehand' but the file's shots "
                                    "are 'serve'")));
  write("sub/serve_001.csv", header + "shot\n" + row + "serve\n" + row + "neutral\n");
  EXPECT_THAT([&] { import_tennis_shots(dir()); },
              ThrowsError(ErrorKind::InvalidInput,
                          HasSubstr("serve_001.csv: line 3: shot: 'neutral' differs")));
}

TEST_F(SmallSet, PushupPixelsWithScoresAt25Fps) {
  std::string header = "frame", row;
  for (const std::string_view k : vision::layout_info(vision::Layout::Coco17).keypoints) {
    const std::string name(k);
    header.append(",").append(name).append("_x,").append(name).append("_y,");
    header.append(name).append("_score");
    row += ",456.44,199.86,0.6184";
  }
  write("sub/correct1.csv", header + "\n0" + row + "\n1" + row + "\n");
  write("index.csv", "file,form_label,frames\nsub/correct1.csv,correct,2\n");
  const ImportedSet set = import_pushup_form(dir());
  ASSERT_EQ(set.sequences.size(), 1u);
  EXPECT_EQ(set.sequences[0].fps, 25);
  EXPECT_EQ(set.sequences[0].label, "correct");
  EXPECT_EQ(set.sequences[0].score[3], 0.6184F);
  write("sub/correct1.csv", header + "\n0" + row + "\n2" + row + "\n");
  EXPECT_THAT([&] { import_pushup_form(dir()); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("line 3: frame = 2: must be")));
  write("index.csv", "file,form_label,frames\n../correct1.csv,correct,2\n");
  EXPECT_THAT([&] { import_pushup_form(dir()); },
              ThrowsError(ErrorKind::InvalidInput,
                          HasSubstr("must be a relative path inside the set's folder")));
}

TEST_F(SmallSet, PoseTrainerZerosAreNotSeen) {
  std::vector<double> v(2 * 18 * 3, 0.0);
  for (std::size_t k = 0; k < 18; ++k) {
    v[3 * k] = 100.0 + static_cast<double>(k);
    v[3 * k + 1] = 200;
    v[3 * k + 2] = 0.5;
  }
  write("sub/bicep_bad_1.npy", testkit::npy_bytes({2, 18, 3}, v));
  write("index.csv",
        "file,exercise,form_label,frames,dtype\nsub/bicep_bad_1.npy,bicep,bad,2,float64\n");
  const ImportedSet set = import_pose_trainer(dir());
  const PoseSequence& s = set.sequences[0];
  EXPECT_EQ(s.layout, vision::Layout::OpenPose18);
  EXPECT_EQ(s.label, "bicep/bad");
  EXPECT_EQ(s.group, "bicep_bad_1");
  EXPECT_EQ(s.x[2], 102);  // right_shoulder
  EXPECT_TRUE(std::isnan(s.x[s.at(1, 0)]) && std::isnan(s.score[s.at(1, 0)]));
  write("sub/bicep_bad_1.npy", testkit::npy_bytes({2, 17, 3}, std::vector<double>(102, 1.0)));
  EXPECT_THAT([&] { import_pose_trainer(dir()); },
              ThrowsError(ErrorKind::InvalidInput,
                          HasSubstr("bicep_bad_1.npy: shape: (2, 17, 3): expected (T, 18, 3)")));
  write("sub/bicep_bad_1.npy", testkit::npy_bytes({2}, {1, 2}, {.descr = "<i8"}));
  EXPECT_THAT([&] { import_pose_trainer(dir()); },
              ThrowsError(ErrorKind::Unsupported, HasSubstr("'descr' = '<i8'")));
}

TEST_F(SmallSet, CountixAllZeroFramesAreNotSeenAndTheCountIsKept) {
  std::vector<double> v(3 * 99, 0.0);
  for (std::size_t i = 0; i < 99; ++i)
    v[i] = static_cast<double>(i % 3) / 2;  // frame 0
  for (std::size_t i = 198; i < 297; ++i)
    v[i] = 0.5;  // frame 2
  write("sub/squat1.npy", testkit::npy_bytes({3, 99}, v, {.descr = "<f4"}));
  write("index.csv", "file,class,gt_count,frames,frames_with_pose\nsub/squat1.npy,squat,7,3,2\n");
  const ImportedSet set = import_countix_fitness(dir());
  ASSERT_EQ(set.repetitions, std::vector<std::int64_t>{7});
  const PoseSequence& s = set.sequences[0];
  EXPECT_EQ(s.layout, vision::Layout::BlazePose33);
  EXPECT_EQ(s.coordinates, Coordinates::MinMaxPerFrame);
  EXPECT_EQ(s.x[1], 0);    // landmark 1's x is value 3 (value 1 is landmark 0's y)
  EXPECT_EQ(s.y[0], 0.5);  // landmark 0: x 0, y 0.5, z 1 (dropped)
  EXPECT_TRUE(std::isnan(s.x[s.at(1, 4)]));
  EXPECT_EQ(s.x[s.at(2, 4)], 0.5);
  EXPECT_TRUE(std::isnan(s.score[0]));
  write("index.csv", "file,class,gt_count,frames,frames_with_pose\nsub/squat1.npy,squat,7,4,2\n");
  EXPECT_THAT([&] { import_countix_fitness(dir()); },
              ThrowsError(ErrorKind::InvalidInput,
                          HasSubstr("index.csv: line 2: frames: 4 frames stated, the file has 3")));
  EXPECT_THAT([&] { import_countix_fitness((dir_ / "missing").string()); },
              ThrowsError(ErrorKind::NotFound, HasSubstr("missing/index.csv")));
}

}  // namespace
}  // namespace podium::action
