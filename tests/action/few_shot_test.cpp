// Few-shot classes on the deep classifier, on synthetic clips: a model trained on two wrist
// motions recognises a third from five examples as a prototype, keeps the first two, saves and
// loads, and refuses what it cannot add.
#include "podium/action/few_shot.hpp"

#include <gtest/gtest.h>

#include <string>

#include "podium/core/error.hpp"
#include "podium/learn/model_container.hpp"
#include "waving_clips.hpp"

namespace podium::action {
namespace {

using testing::clip;
using testing::clips;

const ClassifierOptions kFewShotBase{.channels = {8, 16},
                                     .frames = 16,
                                     .max_epochs = 40,
                                     .patience = 10,
                                     .learning_rate = 3e-3,
                                     .seed = 5};

std::size_t predicted_as(const FewShotClassifier& m, const std::vector<PoseSequence>& clips,
                         const std::string& label) {
  std::size_t n = 0;
  for (const PoseSequence& s : clips) {
    const std::vector<double> p = m.probabilities(s);
    n += m.classes()[static_cast<std::size_t>(std::max_element(p.begin(), p.end()) - p.begin())] ==
                 label
             ? 1
             : 0;
  }
  return n;
}

TEST(FewShot, ANewClassFromFiveExamplesWithoutRetraining) {
  const ActionClassifier base = ActionClassifier::train(clips(1000, 24), kFewShotBase);
  ASSERT_TRUE(base.card().contains("prototypes"));
  ASSERT_EQ(base.card()["prototypes"].size(), 2u);
  std::vector<PoseSequence> five;
  for (std::uint64_t i = 0; i < 5; ++i)
    five.push_back(clip("still", 7000 + i));
  const std::string base_bytes = base.save();
  const FewShotClassifier m = FewShotClassifier::extend(ActionClassifier::load(base_bytes), five);
  EXPECT_EQ(m.classes(), (std::vector<std::string>{"sideways", "vertical", "still"}));
  EXPECT_EQ(m.card()["added"]["still"], 5);
  EXPECT_EQ(m.card()["centre"], true);

  std::vector<PoseSequence> still, vertical, sideways;
  for (std::uint64_t i = 0; i < 10; ++i) {
    still.push_back(clip("still", 8000 + i));
    vertical.push_back(clip("vertical", 8100 + i));
    sideways.push_back(clip("sideways", 8200 + i));
  }
  EXPECT_GE(predicted_as(m, still, "still"), 9u) << "of 10 fresh clips of the new class";
  EXPECT_GE(predicted_as(m, vertical, "vertical"), 9u);
  EXPECT_GE(predicted_as(m, sideways, "sideways"), 9u);
  const std::vector<double> p = m.probabilities(still[0]);
  EXPECT_NEAR(p[0] + p[1] + p[2], 1, 1e-12);

  const FewShotClassifier loaded = FewShotClassifier::load(m.save());
  EXPECT_TRUE(FewShotClassifier::is_saved(m.save()));
  EXPECT_FALSE(FewShotClassifier::is_saved(base_bytes));
  EXPECT_EQ(loaded.classes(), m.classes());
  EXPECT_EQ(loaded.probabilities(sideways[2]), m.probabilities(sideways[2]));
  EXPECT_EQ(loaded.save(), m.save());

  FewShotOptions euclid{.metric = Metric::Euclidean};
  const FewShotClassifier e =
      FewShotClassifier::extend(ActionClassifier::load(base_bytes), five, euclid);
  EXPECT_EQ(e.card()["metric"], "euclidean");
  EXPECT_GE(predicted_as(e, still, "still"), 9u);
}

TEST(FewShot, RefusesWhatItCannotAdd) {
  const ActionClassifier base = ActionClassifier::train(clips(1000, 8), kFewShotBase);
  const std::string bytes = base.save();
  const auto refused = [&](std::vector<PoseSequence> examples, const std::string& says) {
    try {
      FewShotClassifier::extend(ActionClassifier::load(bytes), examples);
      ADD_FAILURE() << "added " << says;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::InvalidInput) << e.what();
      EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
    }
  };
  refused({}, "no examples");
  refused({clip("vertical", 1)}, "is a class of the base model already");
  PoseSequence unlabelled = clip("still", 2);
  unlabelled.label.clear();
  refused({unlabelled}, "label");
  EXPECT_THROW(FewShotClassifier::extend(ActionClassifier::load(bytes), {&unlabelled, 1},
                                         {.temperature = 0}),
               Error);

  // A base model saved without prototypes cannot be extended: retrain it.
  learn::SavedModel saved = learn::unpack_model(bytes, "stgcn-action");
  saved.card.erase("prototypes");
  try {
    const std::vector<PoseSequence> one = {clip("still", 3)};
    FewShotClassifier::extend(ActionClassifier::load(learn::pack_model(saved.card, saved.payload)),
                              one);
    ADD_FAILURE() << "extended a base without prototypes";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Model);
    EXPECT_NE(std::string(e.what()).find("train it again"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace podium::action
