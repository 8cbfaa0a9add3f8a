// `podium actions count` through the binary on pose files the tests write (synthetic squats with
// known counts): JSON and text output for one and for several sequences, and bad input (one
// located error, exit 2; a missing file exit 3). The video path is in actions_count_video_test.cpp.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "action/synthetic_squats.hpp"
#include "cli.hpp"
#include "podium/action/sequence_csv.hpp"
#include "podium/action/sequence_json.hpp"

namespace podium::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

action::PoseSequence squat_set(const std::string& id, std::size_t reps, double period) {
  action::PoseSequence s = action::testing::squats(
      action::testing::steady_phase(static_cast<std::size_t>(static_cast<double>(reps) * period),
                                    period),
      {.pixels = 2, .seed = 7});
  s.id = id;
  return s;
}

std::size_t lines(const std::string& s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

using ActionsCount = Cli;

TEST_F(ActionsCount, OneSequenceAsJson) {
  const std::vector<action::PoseSequence> one{squat_set("squats", 10, 30)};
  write_file(path("squats.json"), action::write_sequences_json(one));
  const Result r = run("actions count " + path("squats.json") + " --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json j = nlohmann::json::parse(r.out);  // stdout is only JSON
  EXPECT_EQ(j["id"], "squats");
  EXPECT_EQ(j["count"], 10);
  EXPECT_EQ(j["frames"], 300);
  EXPECT_NEAR(j["fps"].get<double>(), 30, 1e-9);
  EXPECT_NEAR(j["period_s"].get<double>(), 1.0, 1e-9);
  EXPECT_GT(j["periodicity"].get<double>(), 0.9);
  EXPECT_THAT(j["moving_keypoint"].get<std::string>(), HasSubstr("ankle"));
  ASSERT_EQ(j["reps"].size(), 10U);
  double previous_end = 0;
  for (const nlohmann::json& rep : j["reps"]) {
    const double start = rep["start_s"], end = rep["end_s"];
    EXPECT_GE(start, previous_end - 1e-9);
    EXPECT_GT(end, start);
    EXPECT_NEAR(rep["duration_s"].get<double>(), end - start, 1e-9);
    EXPECT_NEAR(rep["start_frame"].get<double>(), start * 30, 1e-6);
    // 80 px of 110 px torso, plus the 2 px jitter at the ends of the path.
    EXPECT_NEAR(rep["range_of_motion"].get<double>(), 80.0 / 110.0, 0.1);
    EXPECT_NEAR(rep["symmetry"].get<double>(), 1.0, 0.1);
    previous_end = end;
  }
}

TEST_F(ActionsCount, SeveralSequencesEachCounted) {
  action::PoseSequence slow = squat_set("slow", 6, 40), fast = squat_set("fast", 15, 12);
  fast.fps = 0;  // no fps: frames only, seconds are null
  const std::vector<action::PoseSequence> two{slow, fast};
  write_file(path("sets.csv"), action::write_sequences_csv(two));
  const Result r = run("actions count " + path("sets.csv") + " --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["sequences"].size(), 2U);
  EXPECT_EQ(j["sequences"][0]["id"], "slow");
  EXPECT_EQ(j["sequences"][0]["count"], 6);
  EXPECT_EQ(j["sequences"][1]["id"], "fast");
  EXPECT_EQ(j["sequences"][1]["count"], 15);
  EXPECT_EQ(j["sequences"][1]["period_frames"], 12);
  EXPECT_TRUE(j["sequences"][1]["fps"].is_null());
  EXPECT_TRUE(j["sequences"][1]["period_s"].is_null());
  EXPECT_TRUE(j["sequences"][1]["reps"][0]["start_s"].is_null());

  const Result text = run("actions count " + path("sets.csv"));
  ASSERT_EQ(text.code, 0) << text.out;
  EXPECT_THAT(text.out, StartsWith("slow: 6 repetitions, period 1.333 s, periodicity "));
  EXPECT_THAT(text.out, HasSubstr("\nfast: 15 repetitions, period 12 frames, periodicity "));
  // Two headers and a line per sequence and per repetition, a blank line between sequences.
  EXPECT_EQ(lines(text.out), 2 * 2 + 6 + 15 + 1) << text.out;
}

TEST_F(ActionsCount, BadInputIsOneLocatedErrorExit2) {
  const std::vector<action::PoseSequence> one{squat_set("squats", 10, 30)};
  write_file(path("squats.json"), action::write_sequences_json(one));
  Result r = run("actions count " + path("squats.json") + " --model movenet-thunder");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(r.out, "podium: --model = movenet-thunder: applies to a video only; " +
                       path("squats.json") + " holds pose sequences\n");

  const std::vector<action::PoseSequence> short_one{squat_set("blink", 1, 7)};
  write_file(path("short.json"), action::write_sequences_json(short_one));
  r = run("actions count " + path("short.json"));
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(r.out,
            "podium: blink: frames = 7: counting needs at least two of the shortest periods, 8 "
            "frames\n");

  std::string ragged = action::write_sequences_json(one);
  ragged.replace(ragged.find("\"frames\":300"), 12, "\"frames\":299");
  write_file(path("ragged.json"), ragged);
  r = run("actions count " + path("ragged.json") + " --json");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(lines(r.out), 1U) << r.out;
  EXPECT_THAT(r.out, HasSubstr("ragged.json")) << r.out;

  write_file(path("nan.csv"), "id,layout,frame,keypoint,x,y\na,coco17,0,nose,nan,1\n");
  r = run("actions count " + path("nan.csv"));
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(lines(r.out), 1U) << r.out;
  EXPECT_THAT(r.out, HasSubstr("nan.csv")) << r.out;

  // Binary bytes make it a video, whatever its name: FFmpeg's refusal, before any model loads.
  write_file(path("clip.json"), std::string("\x00\x00\x00\x18"
                                            "ftypmp42",
                                            12) +
                                    "garbage");
  r = run("actions count " + path("clip.json"), "PODIUM_HOME=" + path("home"));
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(r.out, "podium: " + path("clip.json") + ": not a video FFmpeg can decode\n");

  r = run("actions count " + path("missing.json"));
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_EQ(lines(r.out), 1U) << r.out;

  r = run("actions count " + path("squats.json") + " --threads 0");
  EXPECT_EQ(r.code, 2) << r.out;
}

}  // namespace
}  // namespace podium::e2e
