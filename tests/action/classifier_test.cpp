// The two-stream ST-GCN action classifier on synthetic clips: training, prediction, the same
// weights for the same seed, save and load, and what it refuses.
#include "podium/action/classifier.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

#include "podium/core/error.hpp"
#include "podium/learn/model_container.hpp"
#include "waving_clips.hpp"

namespace podium::action {
namespace {

using testing::clip;
using testing::clips;

const ClassifierOptions kSmall{.channels = {8, 16},
                               .frames = 16,
                               .max_epochs = 40,
                               .patience = 10,
                               .learning_rate = 3e-3,
                               .seed = 5};

TEST(ActionClassifier, LearnsSavesLoadsAndTrainsTheSameTwice) {
  const std::vector<PoseSequence> train = clips(1000, 24);
  int epochs = 0;
  const ActionClassifier m = ActionClassifier::train(
      train, kSmall, [&](int epoch, int max_epochs, double loss, double accuracy) {
        EXPECT_EQ(max_epochs, 40);
        EXPECT_TRUE(std::isfinite(loss) && accuracy >= 0 && accuracy <= 1);
        epochs = epoch + 1;
      });
  EXPECT_GE(epochs, 1);
  EXPECT_EQ(m.classes(), (std::vector<std::string>{"sideways", "vertical"}));
  EXPECT_EQ(m.card()["layout"], "coco17");
  EXPECT_EQ(m.card()["data"]["sequences"], 48);
  const std::vector<PoseSequence> test = clips(5000, 10);
  std::size_t right = 0;
  for (const PoseSequence& s : test) {
    const std::vector<double> p = m.probabilities(s);
    ASSERT_EQ(p.size(), 2u);
    EXPECT_NEAR(p[0] + p[1], 1.0, 1e-9);
    right += (p[1] > p[0]) == (s.label == "vertical") ? 1 : 0;
  }
  EXPECT_GE(right, 18u) << "of 20 fresh clips";
  EXPECT_EQ(m.embedding(test[0]).size(), 32u) << "16 per stream";

  const ActionClassifier loaded = ActionClassifier::load(m.save());
  EXPECT_EQ(loaded.probabilities(test[3]), m.probabilities(test[3]));
  EXPECT_EQ(loaded.classes(), m.classes());

  const ActionClassifier again = ActionClassifier::train(train, kSmall);
  EXPECT_EQ(again.probabilities(test[5]), m.probabilities(test[5])) << "same seed, other weights";
}

TEST(ActionClassifier, AugmentsTrainingSequencesAndSaysSoInTheCard) {
  const std::vector<PoseSequence> train = clips(1000, 24);
  const ActionClassifier augmented = ActionClassifier::train(train, kSmall);
  ASSERT_TRUE(augmented.card()["options"]["augment"].is_object());
  EXPECT_EQ(augmented.card()["options"]["augment"]["pivot"], "origin");
  EXPECT_EQ(augmented.card()["options"]["augment"]["mirror_probability"], 0.5);
  ClassifierOptions plain = kSmall;
  plain.augment.reset();
  const ActionClassifier as_is = ActionClassifier::train(train, plain);
  EXPECT_TRUE(as_is.card()["options"]["augment"].is_null());
  const PoseSequence probe = clip("vertical", 77);
  EXPECT_NE(as_is.probabilities(probe), augmented.probabilities(probe))
      << "augmentation changed nothing";

  ClassifierOptions balanced = kSmall;
  balanced.balance = true;
  balanced.trained_utc_s = 0;  // the same card whatever the day
  std::vector<PoseSequence> skewed = train;
  skewed.resize(36);  // 18 vertical, 18 sideways ...
  for (std::size_t i = 0; i < 12; ++i)
    skewed.push_back(clip("vertical", 3000 + 2 * i));  // ... then 12 more vertical
  const ActionClassifier b1 = ActionClassifier::train(skewed, balanced);
  const ActionClassifier b2 = ActionClassifier::train(skewed, balanced);
  EXPECT_EQ(b1.card()["options"]["balance"], true);
  EXPECT_EQ(b1.probabilities(probe), b2.probabilities(probe)) << "balanced training not seeded";
  EXPECT_EQ(b1.save(), b2.save());
}

TEST(ActionClassifier, CheckpointsTheBestModelSoFar) {
  std::vector<std::pair<int, std::string>> checkpoints;
  ClassifierOptions o = kSmall;
  o.checkpoint = [&](const std::string& bytes, int epoch) {
    checkpoints.emplace_back(epoch, bytes);
  };
  o.trained_utc_s = 86400.0 * 365;  // 1971-01-01
  const ActionClassifier m = ActionClassifier::train(clips(1000, 24), o);
  EXPECT_EQ(m.card()["trained_utc"], "1971-01-01");
  ASSERT_FALSE(checkpoints.empty());
  // One checkpoint per strictly better validation accuracy, the last at the best epoch.
  const std::vector<double> curve = m.card()["validation_accuracy"];
  std::size_t improvements = 0;
  double best = -1;
  for (double a : curve) {
    if (a > best) ++improvements;
    best = std::max(best, a);
  }
  EXPECT_EQ(checkpoints.size(), improvements);
  EXPECT_EQ(checkpoints.back().first, m.card()["best_epoch"]);
  const ActionClassifier last = ActionClassifier::load(checkpoints.back().second);
  const PoseSequence probe = clip("sideways", 91);
  EXPECT_EQ(last.probabilities(probe), m.probabilities(probe)) << "not the best epoch's weights";
  EXPECT_EQ(last.card()["best_epoch"], m.card()["best_epoch"]);
  EXPECT_FALSE(m.card()["options"].contains("checkpoint"));
}

TEST(ActionClassifier, RefusesWhatItCannotLearnFrom) {
  std::vector<PoseSequence> data = clips(1, 3);
  EXPECT_THROW(ActionClassifier::train(std::span(data).first(1), kSmall), Error);
  std::vector<PoseSequence> one_class = {clip("vertical", 1), clip("vertical", 3)};
  EXPECT_THROW(ActionClassifier::train(one_class, kSmall), Error);
  data[2].label.clear();
  EXPECT_THROW(ActionClassifier::train(data, kSmall), Error);
  ClassifierOptions bad = kSmall;
  bad.frames = 2;
  EXPECT_THROW(ActionClassifier::train(clips(1, 3), bad), Error);
  bad = kSmall;
  bad.augment->max_scale = 0.5;  // below min_scale
  EXPECT_THROW(ActionClassifier::train(clips(1, 3), bad), Error);
  std::vector<PoseSequence> short_one = clips(1, 3);
  short_one[1].frames = 1;
  short_one[1].x.resize(17);
  short_one[1].y.resize(17);
  short_one[1].score.resize(17);
  try {
    ActionClassifier::train(short_one, kSmall);
    ADD_FAILURE() << "trained on a one-frame sequence";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
    EXPECT_NE(std::string(e.what()).find(short_one[1].id), std::string::npos) << e.what();
  }
  try {
    ActionClassifier::load(learn::pack_model({{"kind", "xgboost-lambdamart"}}, "x"));
    ADD_FAILURE() << "loaded a model of another kind";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Model) << e.what();
  }
}

}  // namespace
}  // namespace podium::action
