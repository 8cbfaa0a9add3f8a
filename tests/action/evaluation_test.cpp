// The evaluation protocol with the traditional baselines on synthetic clips (evaluation_
// synthetic.hpp: raise / still / wave in three groups): every sequence tested once, both
// baselines well above chance on held-out groups, the same result twice, class names, and the
// XGBoost baseline's importances pointing at the moving wrist.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "evaluation_synthetic.hpp"
#include "podium/action/baselines.hpp"
#include "podium/action/evaluation.hpp"
#include "podium/action/features.hpp"

namespace podium::action {
namespace {

// A model that always says the first class: the protocol's bookkeeping, checked by hand.
class FirstClassModel final : public ActionModel {
 public:
  std::string name() const override { return "first"; }
  void fit(std::span<const PoseSequence> train, const std::vector<std::string>& classes) override {
    trained_on += train.size();
    classes_ = classes.size();
  }
  std::vector<double> predict(std::span<const PoseSequence> sequences) const override {
    std::vector<double> p(sequences.size() * classes_, 0.0);
    for (std::size_t i = 0; i < sequences.size(); ++i)
      p[i * classes_] = 1;
    return p;
  }
  std::size_t trained_on = 0;

 private:
  std::size_t classes_ = 0;
};

TEST(Evaluation, EverySequenceIsTestedOnceAndTheReportsPool) {
  const std::vector<PoseSequence> clips = testing::synthetic_clips(3, 2, 1);  // 18 clips
  const std::vector<Fold> folds = make_folds(clips, {.folds = 0});
  FirstClassModel first;
  const Evaluation e = evaluate(first, clips, folds);
  EXPECT_EQ(e.model, "first");
  EXPECT_EQ(e.classes, (std::vector<std::string>{"raise", "still", "wave"}));
  ASSERT_EQ(e.folds.size(), 3U);
  EXPECT_EQ(first.trained_on, 3U * 12);
  EXPECT_EQ(e.overall.examples, 18U);
  // Everything predicted "raise": a third right; F1 of raise = 2 (1/3) (1) / (4/3) = 1/2, the
  // others 0, all three classes occur.
  EXPECT_DOUBLE_EQ(e.overall.accuracy, 1.0 / 3);
  EXPECT_NEAR(e.overall.macro_f1, 0.5 / 3, 1e-12);
  EXPECT_EQ(e.overall.confusion, (std::vector<std::int64_t>{6, 0, 0, 6, 0, 0, 6, 0, 0}));
  for (const FoldResult& f : e.folds)
    EXPECT_EQ(f.report.examples, 6U);
}

TEST(Evaluation, KnnDtwTellsTheMovementsApartOnUnseenGroups) {
  const std::vector<PoseSequence> clips = testing::synthetic_clips(3, 6, 2);
  const std::vector<Fold> folds = make_folds(clips, {.folds = 0});
  auto knn = make_knn_dtw_model({.k = 1});
  const Evaluation e = evaluate(*knn, clips, folds);
  std::printf("knn-dtw accuracy %.3f macro-F1 %.3f\n", e.overall.accuracy, e.overall.macro_f1);
  EXPECT_GE(e.overall.accuracy, 0.9);  // chance: 1/3
  const Evaluation again = evaluate(*knn, clips, folds);
  EXPECT_EQ(again.overall.confusion, e.overall.confusion);
}

TEST(Evaluation, XgboostOnFeaturesTellsTheMovementsApartOnUnseenGroups) {
  const std::vector<PoseSequence> clips = testing::synthetic_clips(3, 6, 3);
  const std::vector<Fold> folds = make_folds(clips, {.folds = 0});
  auto xgb = make_xgboost_model({});
  const Evaluation e = evaluate(*xgb, clips, folds);
  std::printf("xgboost accuracy %.3f macro-F1 %.3f\n", e.overall.accuracy, e.overall.macro_f1);
  EXPECT_GE(e.overall.accuracy, 0.9);
  const Evaluation again = evaluate(*xgb, clips, folds);
  EXPECT_EQ(again.overall.confusion, e.overall.confusion);
}

TEST(Evaluation, ATrainingFoldWithoutAClassGivesItProbabilityZero) {
  // Group g1 alone holds "wave": testing on it, neither baseline can have learnt "wave".
  std::vector<PoseSequence> clips = testing::synthetic_clips(2, 3, 4);
  std::erase_if(clips, [](const PoseSequence& s) { return s.group == "g0" && s.label == "wave"; });
  const std::vector<Fold> folds = make_folds(clips, {.folds = 0});
  auto knn = make_knn_dtw_model({.k = 1});
  auto xgb = make_xgboost_model({});
  for (ActionModel* model : {knn.get(), xgb.get()}) {
    const Evaluation e = evaluate(*model, clips, folds);
    EXPECT_EQ(e.classes.size(), 3U);
    // Fold 1 tests g1: nothing it predicts is "wave" (class 2).
    for (const std::size_t p : e.folds[1].predicted)
      EXPECT_NE(p, 2U) << model->name();
  }
}

TEST(XgboostImportances, TheMovingWristMattersMost) {
  const std::vector<PoseSequence> clips = testing::synthetic_clips(2, 8, 5);
  const std::vector<FeatureImportance> imp = xgboost_importances(clips, {});
  ASSERT_EQ(imp.size(), feature_names().size());
  EXPECT_TRUE(std::is_sorted(imp.begin(), imp.end(), [](const auto& a, const auto& b) {
    return a.mean_abs_shap > b.mean_abs_shap;
  }));
  // The clips differ only in the right wrist and elbow (and what is measured from them).
  const std::string& top = imp.front().feature;
  EXPECT_TRUE(top.starts_with("right_wrist") || top.starts_with("right_elbow") ||
              top.starts_with("right_shoulder"))
      << top;
  EXPECT_GT(imp.front().gain, 0.0);
  EXPECT_EQ(imp.back().mean_abs_shap, 0.0);  // 189 features, most never split on
}

}  // namespace
}  // namespace podium::action
