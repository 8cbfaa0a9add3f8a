// `podium actions train` through the binary, on synthetic clips the test writes
// (tests/action/waving_clips.hpp): train, then `actions predict` with the model; the same bytes
// from two runs with one seed at --threads 1; a few-shot class added with --base; bad input (one
// located error, exit 2, nothing written).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "action/waving_clips.hpp"
#include "cli.hpp"
#include "podium/action/sequence_json.hpp"
#include "podium/core/file.hpp"

namespace podium::e2e {
namespace {

using action::testing::clip;
using action::testing::clips;
using ::testing::HasSubstr;

// The default network on 16 frames, at most 30 epochs (it needs about ten to leave chance on
// these clips, hence the patience).
const std::string kTrainOptions = " --frames 16 --epochs 30 --patience 15 --threads 1";
// The card's date: pinned, so that two runs can be compared byte for byte.
const std::string kDate = "SOURCE_DATE_EPOCH=1700000000";

class ActionsTrainCli : public Cli {
 protected:
  void write_sequences(const std::string& name, const std::vector<action::PoseSequence>& s) {
    write_file(path(name), action::write_sequences_json(s));
  }
  std::size_t predicted_as_labelled(const std::string& model, const std::string& data) {
    const Result r =
        run("actions predict --model " + path(model) + " --data " + path(data) + " --json");
    EXPECT_EQ(r.code, 0) << r.out;
    std::size_t right = 0;
    for (const nlohmann::json& p : nlohmann::json::parse(r.out))
      right += p["predicted"] == p["label"] ? 1 : 0;
    return right;
  }
};

TEST_F(ActionsTrainCli, TrainsAModelThatPredictsAndTheSameSeedGivesTheSameBytes) {
  write_sequences("train.json", clips(1000, 24));
  write_sequences("test.json", clips(5000, 10));
  const Result r = run("actions train --data " + path("train.json") + " --out " + path("m.model") +
                           kTrainOptions + " --json",
                       kDate);
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json summary = nlohmann::json::parse(r.out);  // stdout is only JSON
  EXPECT_EQ(summary["classes"], (std::vector<std::string>{"sideways", "vertical"}));
  EXPECT_EQ(summary["per_class"]["vertical"], 24);
  EXPECT_EQ(summary["augment"], true);
  EXPECT_GE(summary["validation_accuracy"].get<double>(), 0.8);
  EXPECT_GE(predicted_as_labelled("m.model", "test.json"), 18u) << "of 20 fresh clips";

  const Result again = run("actions train --data " + path("train.json") + " --out " +
                               path("again.model") + kTrainOptions + " --json",
                           kDate);
  ASSERT_EQ(again.code, 0) << again.out;
  EXPECT_TRUE(read_file(path("again.model")) == read_file(path("m.model")))
      << "same data, options and seed at one thread, other bytes";
}

TEST_F(ActionsTrainCli, AddsAClassFromFiveExamplesWithBase) {
  write_sequences("train.json", clips(1000, 24));
  const Result text = run("actions train --data " + path("train.json") + " --out " +
                          path("m.model") + kTrainOptions + " --no-augment");
  ASSERT_EQ(text.code, 0) << text.out;
  EXPECT_THAT(text.out, HasSubstr("trained on 48 sequences"));
  EXPECT_THAT(text.out, HasSubstr("validation accuracy"));
  std::vector<action::PoseSequence> five, test;
  for (std::uint64_t i = 0; i < 5; ++i)
    five.push_back(clip("still", 7000 + i));
  for (std::uint64_t i = 0; i < 10; ++i) {
    test.push_back(clip("still", 8000 + i));
    test.push_back(clip("vertical", 8100 + i));
  }
  write_sequences("five.json", five);
  write_sequences("test.json", test);
  const Result r = run("actions train --base " + path("m.model") + " --data " + path("five.json") +
                       " --out " + path("m2.model") + " --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["classes"], (std::vector<std::string>{"sideways", "vertical", "still"}));
  EXPECT_EQ(summary["added"]["still"], 5);
  EXPECT_GE(predicted_as_labelled("m2.model", "test.json"), 18u) << "of 10 still + 10 vertical";

  const Result epochs = run("actions train --base " + path("m.model") + " --data " +
                            path("five.json") + " --out " + path("m3.model") + " --epochs 3");
  EXPECT_EQ(epochs.code, 2) << epochs.out;
  EXPECT_THAT(epochs.out, HasSubstr("--epochs"));
  EXPECT_FALSE(fs::exists(path("m3.model")));
}

TEST_F(ActionsTrainCli, BadInputIsOneLocatedErrorExit2AndNothingIsWritten) {
  const auto refused = [&](const std::string& data, const std::string& says) {
    const Result r =
        run("actions train --data " + path(data) + " --out " + path("m.model") + kTrainOptions);
    EXPECT_EQ(r.code, 2) << data << ": " << r.out;
    EXPECT_THAT(r.out, HasSubstr(says)) << data;
    EXPECT_FALSE(fs::exists(path("m.model"))) << data;
  };
  write_file(path("layout.csv"), "id,layout,label,frame,keypoint,x,y\na,coco18,x,0,nose,1,2\n");
  refused("layout.csv", "layout.csv: line 2: layout: unknown layout 'coco18'");

  std::vector<action::PoseSequence> data = clips(1, 4);
  data[3].fps = std::nan("");
  write_sequences("nan_fps.json", data);
  refused("nan_fps.json", "fps");

  data = clips(1, 4);
  std::fill(data[2].x.begin(), data[2].x.end(), std::nanf(""));  // nobody seen
  std::fill(data[2].y.begin(), data[2].y.end(), std::nanf(""));
  write_sequences("unseen.json", data);
  refused("unseen.json", data[2].id);

  data = clips(1, 4);
  data[5].frames = 1;
  data[5].x.resize(17);
  data[5].y.resize(17);
  data[5].score.resize(17);
  write_sequences("short.json", data);
  refused("short.json", std::string(data[5].id).append(": frames: 1 frames"));

  std::vector<action::PoseSequence> one_class = {clip("vertical", 1), clip("vertical", 3)};
  write_sequences("one_class.json", one_class);
  refused("one_class.json", "training needs at least 2 classes");

  data = clips(1, 4);
  action::PoseSequence& movenet = data[4];  // COCO-17 without eyes and ears: MoveNet-13
  std::vector<float> x, y, score;
  for (std::size_t i = 0; i < movenet.x.size(); ++i) {
    if (i % 17 >= 1 && i % 17 <= 4) continue;
    x.push_back(movenet.x[i]);
    y.push_back(movenet.y[i]);
    score.push_back(movenet.score[i]);
  }
  movenet.layout = vision::Layout::MoveNet13;
  movenet.x = x;
  movenet.y = y;
  movenet.score = score;
  write_sequences("mixed.json", data);
  refused("mixed.json",
          std::string(movenet.id)
              .append(": layout: movenet13 differs from the first sequence's coco17"));
}

}  // namespace
}  // namespace podium::e2e
