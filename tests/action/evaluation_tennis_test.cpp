// The evaluation protocol on the shared tennis strokes (MoveNet-13, 336 clips from three source
// videos): leave one video out, both traditional baselines well above chance. Chance here is the
// majority class (neutral, 184 of 336 = 0.548) for accuracy and 0.25 for macro-F1 (4 classes);
// docs/science.md "Actions: recognition" has the measured numbers.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "podium/action/baselines.hpp"
#include "podium/action/datasets.hpp"
#include "podium/action/evaluation.hpp"
#include "testkit/shared_data.hpp"

namespace podium::action {
namespace {

namespace fs = std::filesystem;

fs::path tennis_dir() {
  return testkit::shared_data("actions/tennis_shots_movenet");
}

TEST(TennisEvaluation, BaselinesBeatChanceOnUnseenVideos) {
  const fs::path dir = tennis_dir();
  if (!fs::is_regular_file(dir / "index.csv")) {
    GTEST_SKIP() << dir.string()
                 << "/index.csv not found (set PODIUM_SHARED_DATA to the shared data folder)";
  }
  const ImportedSet set = import_tennis_shots(dir.string());
  ASSERT_EQ(set.sequences.size(), 336U);
  const std::vector<Fold> folds = make_folds(set.sequences, {.folds = 0});
  ASSERT_EQ(folds.size(), 3U);
  auto knn = make_knn_dtw_model({.k = 1, .band_fraction = 0.1});
  auto xgb = make_xgboost_model({});
  for (ActionModel* model : {knn.get(), xgb.get()}) {
    const Evaluation e = evaluate(*model, set.sequences, folds);
    std::printf("%-8s accuracy %.3f macro-F1 %.3f\n", e.model.c_str(), e.overall.accuracy,
                e.overall.macro_f1);
    EXPECT_EQ(e.overall.examples, 336U);
    EXPECT_GE(e.overall.accuracy, 0.70) << e.model;
    EXPECT_GE(e.overall.macro_f1, 0.60) << e.model;
  }
}

}  // namespace
}  // namespace podium::action
