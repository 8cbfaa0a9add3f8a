// `podium actions explain` and `podium actions predict --window` through the binary, with a small
// model the test trains on synthetic wrist clips (tests/action/wrist_clips.hpp) and saves: the
// files explain writes, the segments predict prints, and bad input (exit 2, nothing written).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "action/wrist_clips.hpp"
#include "action/wrist_model.hpp"
#include "cli.hpp"
#include "podium/action/sequence_json.hpp"
#include "podium/core/file.hpp"

namespace podium::e2e {
namespace {

using ::testing::HasSubstr;

class ActionsExplainCli : public Cli {
 protected:
  void SetUp() override {
    Cli::SetUp();
    write_file(path("model.podium"), action::testing::wrist_model().save());
    std::vector<action::PoseSequence> clips = {action::testing::wrist_clip("vertical", 31),
                                               action::testing::wrist_clip("sideways", 32)};
    clips[0].id = "serve/one";
    write_file(path("clips.json"), action::write_sequences_json(clips));
    std::vector<action::PoseSequence> parts;
    for (std::uint64_t seed = 40; seed < 46; ++seed)
      parts.push_back(action::testing::wrist_clip(seed < 43 ? "vertical" : "sideways", seed, 24));
    const action::PoseSequence recording = action::testing::stitch(parts, "long");
    write_file(path("long.json"), action::write_sequences_json(std::span(&recording, 1)));
  }
};

TEST_F(ActionsExplainCli, WritesJsonAndSvgPerSequence) {
  const Result r = run("actions explain --model " + path("model.podium") + " --data " +
                       path("clips.json") + " --steps 32 --out " + path("why") + " --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json summary = nlohmann::json::parse(r.out);
  ASSERT_EQ(summary.size(), 2u);
  EXPECT_EQ(summary[0]["sequence"], "serve/one");
  EXPECT_EQ(summary[0]["json"], path("why/serve_one.json"));
  EXPECT_EQ(summary[0]["top_keypoint"], "right_wrist");
  const nlohmann::json one = read_json(path("why/serve_one.json"));
  EXPECT_EQ(one["values"].size(), 16u);
  EXPECT_EQ(one["steps"], 32);
  EXPECT_LT(one["completeness"]["relative"].get<double>(), 0.05);
  EXPECT_THAT(read_file(path("why/sideways32.svg")), HasSubstr("</svg>"));

  const Result chosen =
      run("actions explain --model " + path("model.podium") + " --data " + path("clips.json") +
          " --sequence sideways32 --class vertical" + " --baseline zero --out " + path("one"));
  ASSERT_EQ(chosen.code, 0) << chosen.out;
  EXPECT_THAT(chosen.out, HasSubstr("wrote 1 explanations"));
  EXPECT_EQ(read_json(path("one/sideways32.json"))["target"], "vertical");
  EXPECT_EQ(read_json(path("one/sideways32.json"))["baseline"], "zero");
  EXPECT_FALSE(fs::exists(path("one/serve_one.json")));
}

TEST_F(ActionsExplainCli, BadInputIsExit2AndWritesNothing) {
  const std::string base =
      "actions explain --model " + path("model.podium") + " --data " + path("clips.json");
  const Result klass = run(base + " --class jump --out " + path("a"));
  EXPECT_EQ(klass.code, 2) << klass.out;
  EXPECT_THAT(klass.out, HasSubstr("class = jump: is not a class of the model"));
  EXPECT_FALSE(fs::exists(path("a")));
  const Result id = run(base + " --sequence nobody --out " + path("b"));
  EXPECT_EQ(id.code, 2) << id.out;
  EXPECT_THAT(id.out, HasSubstr("no sequence has this id"));
  EXPECT_FALSE(fs::exists(path("b")));
  const Result steps = run(base + " --steps 0 --out " + path("c"));
  EXPECT_EQ(steps.code, 2) << steps.out;
  EXPECT_FALSE(fs::exists(path("c")));
}

TEST_F(ActionsExplainCli, PredictWithAWindowPrintsSegments) {
  const std::string base =
      "actions predict --model " + path("model.podium") + " --data " + path("long.json");
  const Result r = run(base + " --window 16 --stride 4 --min-frames 8 --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json out = nlohmann::json::parse(r.out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["windows"], 33);  // 0, 4, ..., 128 over 144 frames
  const nlohmann::json& segments = out[0]["segments"];
  ASSERT_EQ(segments.size(), 2u) << r.out;
  EXPECT_EQ(segments[0]["label"], "vertical");
  EXPECT_EQ(segments[1]["label"], "sideways");
  EXPECT_NEAR(segments[1]["start"].get<double>(), 72, 6);
  EXPECT_NEAR(segments[1]["end_s"].get<double>(), 144.0 / 30, 1e-9);

  const Result seconds = run(base + " --window 0.5s");
  ASSERT_EQ(seconds.code, 0) << seconds.out;
  EXPECT_THAT(seconds.out, HasSubstr("vertical"));

  const Result stride = run(base + " --stride 4");
  EXPECT_EQ(stride.code, 2) << stride.out;
  EXPECT_THAT(stride.out, HasSubstr("--window"));
  const Result bad = run(base + " --window 16 --stride 20");
  EXPECT_EQ(bad.code, 2) << bad.out;
  EXPECT_THAT(bad.out, HasSubstr("--stride = 20: must not exceed --window"));
  const Result word = run(base + " --window soon");
  EXPECT_EQ(word.code, 2) << word.out;
  EXPECT_THAT(word.out, HasSubstr("--window = soon"));
}

}  // namespace
}  // namespace podium::e2e
