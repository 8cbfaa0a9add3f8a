// `podium actions count VIDEO` end to end on a video a fresh machine has: Debian opencv-doc's
// vtest.avi (795 frames at 10 fps of people walking through a square, seen from above). There is
// no ground truth: the test checks that the pose pipeline, the tracker and the counter run through
// and give a result that fits the clip (a track inside it, repetitions in order within the
// track, seconds that match the frame numbers). The counts on real clips with ground truth are
// tests/action/quva_count_test.cpp.
#include <gtest/gtest.h>

#include <string>

#include "cli.hpp"

namespace podium::e2e {
namespace {

constexpr const char* kVtest = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";
constexpr double kVtestFps = 10;
constexpr int kVtestFrames = 795;

using ActionsCountVideo = Cli;

TEST_F(ActionsCountVideo, WalkersInVtestGiveASaneCount) {
  if (!fs::exists(kVtest)) GTEST_SKIP() << kVtest << " missing: apt-get install opencv-doc";
  if (!models_installed()) GTEST_SKIP() << "pose models not installed (podium models fetch)";
  const Result r =
      run(std::string("actions count ") + kVtest + " --model movenet-lightning --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json j = nlohmann::json::parse(r.out);  // stdout is only JSON
  EXPECT_EQ(j["id"].get<std::string>().rfind("vtest#", 0), 0U) << j["id"];
  const int first = j["first_frame"], frames = j["frames"];
  EXPECT_GE(first, 0);
  EXPECT_GE(frames, 8);  // at least two of the shortest periods, or count would have refused
  EXPECT_LE(first + frames, kVtestFrames);
  EXPECT_NEAR(j["fps"].get<double>(), kVtestFps, 1e-6);
  EXPECT_EQ(j["count"].get<std::size_t>(), j["reps"].size());
  EXPECT_GE(j["periodicity"].get<double>(), 0);
  EXPECT_LE(j["periodicity"].get<double>(), 1);
  EXPECT_EQ(j["period_s"].is_null(), j["period_frames"].get<double>() == 0);
  EXPECT_FALSE(j["moving_keypoint"].get<std::string>().empty());
  int previous_end = first;
  for (const nlohmann::json& rep : j["reps"]) {
    const int start = rep["start_frame"], end = rep["end_frame"];
    EXPECT_GE(start, previous_end - 1);  // consecutive reps may share a boundary frame
    EXPECT_GT(end, start);
    EXPECT_LE(end, first + frames);
    // Video frame numbers and presentation times agree at the clip's 10 fps.
    EXPECT_NEAR(rep["start_s"].get<double>(), start / kVtestFps, 1e-6);
    EXPECT_NEAR(rep["end_s"].get<double>(), end / kVtestFps, 1e-6);
    EXPECT_GT(rep["range_of_motion"].get<double>(), 0);
    previous_end = end;
  }

  // The text table says the same count for the same clip.
  const Result text = run(std::string("actions count ") + kVtest + " --model movenet-lightning");
  ASSERT_EQ(text.code, 0) << text.out;
  EXPECT_NE(text.out.find(j["id"].get<std::string>() + ": " +
                          std::to_string(j["count"].get<int>()) + " repetition"),
            std::string::npos)
      << text.out;
}

TEST_F(ActionsCountVideo, AVideoNobodyIsInIsOneLocatedError) {
  if (!models_installed()) GTEST_SKIP() << "pose models not installed (podium models fetch)";
  const char* tree = "/usr/share/doc/opencv-doc/examples/data/tree.avi";
  if (!fs::exists(tree)) GTEST_SKIP() << tree << " missing: apt-get install opencv-doc";
  const Result r = run(std::string("actions count ") + tree + " --model movenet-lightning");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(r.out.rfind(std::string("podium: ") + tree + ": nobody was tracked in ", 0), 0U)
      << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
}

}  // namespace
}  // namespace podium::e2e
