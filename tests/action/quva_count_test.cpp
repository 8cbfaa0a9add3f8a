// Repetition counting through the video path (action/video_sequence.hpp: the pose pipeline on
// the most-observed athlete, then count_repetitions) on the real clips of the shared data: the 9
// QUVA Repetition videos and the speed-rope video hiro_1. MAE = mean |pred - gt| / gt and OBO =
// share with |pred - gt| <= 1, per clip and per set, printed and held at what docs/science.md
// reports ("Actions: repetition counting"). Skips when the clips or the pose model are absent.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "action/count_score.hpp"
#include "podium/action/count.hpp"
#include "podium/action/video_sequence.hpp"
#include "podium/core/csv.hpp"
#include "podium/core/file.hpp"
#include "podium/nn/model_store.hpp"
#include "testkit/shared_data.hpp"

namespace podium::action {
namespace {

namespace fs = std::filesystem;

fs::path real_dir() {
  return testkit::shared_data("vision/real");
}

struct Clip {
  std::string video;
  std::size_t truth = 0;
};

// The rows of an annotations CSV with the named video and count columns (and, when given, only
// those whose `included` column is "yes").
std::vector<Clip> clips(const fs::path& csv_path, const std::string& video_column,
                        const std::string& included_column) {
  const std::string bytes = read_file(csv_path.string());
  CsvReader csv(bytes, csv_path.string());
  CsvRecord record;
  std::vector<Clip> out;
  if (!csv.next(record)) return out;
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < record.fields.size(); ++i)
    column[std::string(record.fields[i])] = i;
  while (csv.next(record)) {
    if (!included_column.empty() && record.fields.at(column.at(included_column)) != "yes") continue;
    out.push_back({.video = std::string(record.fields.at(column.at(video_column))),
                   .truth = std::stoul(std::string(record.fields.at(column.at("count"))))});
  }
  return out;
}

testing::CountScore count_clips(const fs::path& folder, const std::vector<Clip>& set,
                                std::map<std::string, std::size_t>& predicted) {
  testing::CountScore score;
  for (const Clip& c : set) {
    const std::string stem = fs::path(c.video).stem().string();
    const TrackSequence t = video_sequence((folder / (stem + ".mp4")).string());
    const RepCount r = count_repetitions(t.sequence);
    const double d = score.add(r.count, c.truth);
    predicted[stem] = r.count;
    std::printf(
        "%-20s gt %3zu pred %3zu |err| %.3f period %5.1f frames periodicity %.2f %s, "
        "%zu of the video's frames\n",
        stem.c_str(), c.truth, r.count, d / static_cast<double>(c.truth), r.period_frames,
        r.periodicity, r.moving_keypoint.c_str(), t.sequence.frames);
  }
  std::printf("MAE %.4f OBO %.4f (%zu clips)\n", score.mae(), score.obo(), score.clips);
  return score;
}

class VideoCounting : public ::testing::Test {
 protected:
  void SetUp() override {
    const nn::ModelEntry* model = nn::ModelManifest::builtin().find("movenet-thunder");
    if (model == nullptr || nn::check_model(*model, nn::models_dir()).state != nn::ModelState::Ok)
      GTEST_SKIP() << "movenet-thunder is not installed (podium models fetch)";
  }
};

TEST_F(VideoCounting, QuvaRepetition) {
  const fs::path dir = real_dir() / "quva_repetition";
  if (!fs::is_regular_file(dir / "annotations.csv")) {
    GTEST_SKIP() << (dir / "annotations.csv").string()
                 << " not found (set PODIUM_SHARED_DATA to the shared data folder)";
  }
  std::map<std::string, std::size_t> predicted;
  const testing::CountScore s = count_clips(
      dir / "videos", clips(dir / "annotations.csv", "video", "video_included"), predicted);
  EXPECT_EQ(s.clips, 9U);
  // Issue 12's targets, and what docs/science.md reports (MAE 0.136, OBO 7/9): a change of the
  // counter or of the pose path must not lose it.
  EXPECT_LE(s.mae(), 0.137);
  EXPECT_GE(s.off_by_one, 7U);
  EXPECT_LE(s.mae(), 0.20);
  EXPECT_GE(s.obo(), 0.70);
}

TEST_F(VideoCounting, SpeedRope) {
  const fs::path dir = real_dir() / "speed_rope";
  if (!fs::is_regular_file(dir / "hiro_1_annotations.csv")) {
    GTEST_SKIP() << (dir / "hiro_1_annotations.csv").string()
                 << " not found (set PODIUM_SHARED_DATA to the shared data folder)";
  }
  std::map<std::string, std::size_t> predicted;
  const std::vector<Clip> rope = clips(dir / "hiro_1_annotations.csv", "video", "");
  ASSERT_EQ(rope.size(), 1U);
  count_clips(dir, rope, predicted);
  // The annotation counts rope passes, two per left-right step cycle of the alternate-foot speed
  // step; the counter counts body cycles: half the passes (docs/science.md). It misses issue
  // 12's target on this clip, and says so.
  const double cycles = static_cast<double>(rope.front().truth) / 2;
  EXPECT_LE(std::abs(static_cast<double>(predicted.at("hiro_1")) - cycles), 1.0);
}

}  // namespace
}  // namespace podium::action
