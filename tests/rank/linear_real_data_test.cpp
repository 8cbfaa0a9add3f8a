// The linear ranker on the shared PCS data (slow: reads 1.75 M rows, trains four models): the
// headline of docs/science.md's "Linear ranker and ablations" pinned, computed through the library
// as `podium rank train|evaluate --model linear` does (default experiment, test seasons 2018,
// 2019, 2021, 2022 pooled). The table is read straight from the folder, not through a store: both
// give the same table index for index (career::sort_table, tests/rank/read_paths_test.cpp), so
// these are the CLI's numbers too.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <memory>

#include "podium/career/results_csv.hpp"
#include "podium/rank/evaluate.hpp"
#include "podium/rank/experiment.hpp"
#include "podium/rank/ranker.hpp"
#include "testkit/shared_data.hpp"

namespace podium::rank {
namespace {

struct LinearPooled {
  EvaluationSummary model, baseline;
  PairedComparison ndcg;
};

LinearPooled evaluate_linear(const career::ResultsTable& table, const FeatureOptions& features) {
  const FeatureBuilder builder(table);
  std::vector<RaceEvaluation> rows, base_rows;
  for (const int year : {2018, 2019, 2021, 2022}) {
    Experiment e{.year = year};
    e.features = features;
    const TrainingSets sets = training_sets(builder, e, "pcs_noctildon");
    const std::unique_ptr<Ranker> r = create_ranker(RankerKind::Linear);
    r->train(sets.fit, &sets.validation, {.seed = e.seed});
    const RankDataset test = test_dataset(builder, e);
    Experiment full = e;
    full.features = {};
    const RankDataset base_test = test_dataset(builder, full);
    const std::vector<float> base = create_ranker(RankerKind::BaselinePoints)->score(base_test);
    for (auto& row : evaluate_races(table, test, r->score(test), 10))
      rows.push_back(row);
    for (auto& row : evaluate_races(table, base_test, base, 10))
      base_rows.push_back(row);
  }
  return {summarize(rows, 10), summarize(base_rows, 10),
          compare(rows, base_rows, Metric::Ndcg, 42)};
}

TEST(LinearRealData, HeadlineOfScienceMd) {
  const auto dir = testkit::shared_data("cycling/pcs_noctildon");
  if (!std::filesystem::exists(dir / "pcs_rider_results.csv.gz")) {
    GTEST_SKIP() << "shared PCS data not found at " << dir.string()
                 << ": set PODIUM_SHARED_DATA (default ../shared/data)";
  }
  const career::ResultsTable table = career::read_results_pcs_path(dir.string(), {}).table;
  const LinearPooled all = evaluate_linear(table, {});
  EXPECT_EQ(all.model.races, 75U);
  EXPECT_EQ(all.model.races_without_relevant, 2U);
  // docs/science.md: 0.451 against the points baseline's 0.383 (DNS rows no race days).
  EXPECT_NEAR(all.baseline.mean_ndcg, 0.38320, 1e-5);
  EXPECT_NEAR(all.model.mean_ndcg, 0.45080, 5e-4);
  EXPECT_NEAR(all.model.mean_correct, 4.05, 0.01);
  EXPECT_GT(all.ndcg.ci_low, 0.03);
  EXPECT_LT(all.ndcg.p_value, 1e-3);
  // The ablations are one more evaluation each, two minutes on a busy CI machine: their selection
  // is tested on synthetic data (linear_features_test.cpp).
}

}  // namespace
}  // namespace podium::rank
