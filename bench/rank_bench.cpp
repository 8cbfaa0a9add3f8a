// Training time of the rankers at the size of the real task (~60 k rider rows, 35 features, 400
// races), on seeded synthetic data (tests/rank/synthetic_ranking.hpp): XGBoost rank:ndcg and
// rank:pairwise (hist and exact tree methods) with default options, and the neural listwise ranker
// with default options (top-k ListMLE and ListNet, early stopping on a 20 % query split). Counters:
// held-out NDCG@10 on 100 more races (a sanity check that the timed training learned),
// rounds/epochs run. Also the explanation costs: TreeSHAP for the held-out rows and integrated
// gradients for one row. Beside them the rating baseline (rating.hpp), which has no training: the
// time to replay TrueSkill over a seeded synthetic results history of about the same size (15
// seasons, ~150 riders per race day, ~65 k rated rows) and score the last season's one-day races
// (counter rated_rows; ndcg10 on those races, near chance on random results: a timing check only).
// And the linear pairwise ranker (L2 logistic regression on within-race pairs, Newton's method)
// on the rankers' data.
//
//   build/bench/podium_bench_rank --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <span>

#include "podium/rank/features.hpp"
#include "podium/rank/linear_ranker.hpp"
#include "podium/rank/neural_ranker.hpp"
#include "podium/rank/races.hpp"
#include "podium/rank/rating.hpp"
#include "podium/rank/xgboost_ranker.hpp"
#include "rank/synthetic.hpp"
#include "rank/synthetic_ranking.hpp"

namespace {

using podium::rank::NeuralRanker;
using podium::rank::NeuralRankerOptions;
using podium::rank::RankDataset;
using podium::rank::XgbObjective;
using podium::rank::XgbRanker;
using podium::rank::XgbRankerOptions;
using podium::rank::testing::mean_ndcg10;
using podium::rank::testing::synthetic_ranking;

constexpr std::size_t kQueries = 400, kRowsPerQuery = 150, kFeatures = 35;
constexpr double kNoise = 1.5;  // harder than the tests: real races are noisy

const RankDataset& train_set() {
  static const RankDataset d = synthetic_ranking(kQueries, kRowsPerQuery, kFeatures, 21, kNoise);
  return d;
}
const RankDataset& test_set() {
  static const RankDataset d = synthetic_ranking(100, kRowsPerQuery, kFeatures, 22, kNoise);
  return d;
}

XgbRankerOptions xgb_options(const benchmark::State& state) {
  XgbRankerOptions o;
  o.objective = state.range(0) == 0 ? XgbObjective::Ndcg : XgbObjective::Pairwise;
  o.tree.tree_method = state.range(1) == 0 ? "hist" : "exact";
  o.tree.nthread = static_cast<int>(state.range(2));
  return o;
}

// Args: objective (0 ndcg, 1 pairwise), tree method (0 hist, 1 exact), threads.
void BM_XgbTrain(benchmark::State& state) {
  const XgbRankerOptions o = xgb_options(state);
  double ndcg = 0.0;
  for (auto _ : state) {
    // Scoped to the loop: an XgbRanker must not outlive main (see xgboost_ranker.hpp).
    const XgbRanker m = XgbRanker::train(train_set(), o);
    state.PauseTiming();
    ndcg = mean_ndcg10(test_set(), m.predict(test_set()));
    state.ResumeTiming();
  }
  state.counters["rows"] = static_cast<double>(train_set().rows());
  state.counters["rounds"] = o.rounds;
  state.counters["ndcg10"] = ndcg;
}
BENCHMARK(BM_XgbTrain)
    ->ArgNames({"pairwise", "exact", "threads"})
    ->Args({0, 0, 1})
    ->Args({1, 0, 1})
    ->Args({0, 1, 1})
    ->Args({1, 1, 1})
    ->Args({0, 0, 2})
    ->Iterations(1)
    ->Unit(benchmark::kSecond);

void BM_NeuralTrain(benchmark::State& state) {
  NeuralRankerOptions o;
  o.loss = state.range(0) == 0 ? podium::rank::NeuralLoss::ListMleTopK
                               : podium::rank::NeuralLoss::ListNet;
  o.threads = static_cast<int>(state.range(1));
  double ndcg = 0.0, epochs = 0.0;
  for (auto _ : state) {
    const NeuralRanker m = NeuralRanker::train(train_set(), o);
    state.PauseTiming();
    ndcg = mean_ndcg10(test_set(), m.score(test_set()));
    epochs = m.card()["training"]["epochs"].get<double>();
    state.ResumeTiming();
  }
  state.counters["rows"] = static_cast<double>(train_set().rows());
  state.counters["epochs"] = epochs;
  state.counters["ndcg10"] = ndcg;
}
// Args: loss (0 top-k ListMLE, 1 ListNet), threads.
BENCHMARK(BM_NeuralTrain)
    ->ArgNames({"listnet", "threads"})
    ->Args({0, 1})
    ->Args({1, 1})
    ->Args({0, 2})
    ->Iterations(1)
    ->Unit(benchmark::kSecond);

// No training: the cost is the replay of every earlier race day before the scored races.
void BM_TrueSkillReplay(benchmark::State& state) {
  using podium::rank::test::SyntheticOptions;
  const SyntheticOptions o{.athletes = 1000,
                           .first_season = 2005,
                           .seasons = 15,
                           .one_day_keys = 20,
                           .stage_races = 2,
                           .start_share = 0.15};
  const podium::career::ResultsTable table = podium::rank::test::synthetic_table(23, o);
  const podium::rank::FeatureBuilder builder(table);
  const RankDataset races =
      podium::rank::build_dataset(builder, podium::rank::one_day_races(table, 2019, 2019, {}), {});
  std::size_t rated = 0;
  for (const podium::career::Result& r : table.results) {
    const auto& e = table.events[static_cast<std::size_t>(r.event)];
    rated += podium::career::is_race_day(e, r) && r.status == podium::career::Status::Ranked;
  }
  double ndcg = 0.0;
  for (auto _ : state) {
    const std::vector<float> s = podium::rank::trueskill_scores(table, races, {});
    state.PauseTiming();
    ndcg = mean_ndcg10(races, s);
    state.ResumeTiming();
  }
  state.counters["rated_rows"] = static_cast<double>(rated);
  state.counters["ndcg10"] = ndcg;
}
BENCHMARK(BM_TrueSkillReplay)->Iterations(1)->Unit(benchmark::kSecond);
// One thread (Eigen without OpenMP here): deterministic and convex, no seed or early stopping.
void BM_LinearTrain(benchmark::State& state) {
  double ndcg = 0.0, iterations = 0.0, pairs = 0.0;
  for (auto _ : state) {
    const podium::rank::LinearRanker m = podium::rank::LinearRanker::train(train_set());
    state.PauseTiming();
    ndcg = mean_ndcg10(test_set(), m.predict(test_set()));
    iterations = m.card()["training"]["iterations"].get<double>();
    pairs = m.card()["training"]["pairs"].get<double>();
    state.ResumeTiming();
  }
  state.counters["rows"] = static_cast<double>(train_set().rows());
  state.counters["pairs"] = pairs;
  state.counters["iterations"] = iterations;
  state.counters["ndcg10"] = ndcg;
}
BENCHMARK(BM_LinearTrain)->Iterations(1)->Unit(benchmark::kSecond);

void BM_XgbContributions(benchmark::State& state) {
  const XgbRanker m = XgbRanker::train(train_set(), XgbRankerOptions{});
  const RankDataset& t = test_set();
  for (auto _ : state)
    benchmark::DoNotOptimize(m.contributions(t.x, t.rows()));
  state.counters["rows"] = static_cast<double>(t.rows());
}
BENCHMARK(BM_XgbContributions)->Unit(benchmark::kMillisecond);

void BM_NeuralIntegratedGradients(benchmark::State& state) {
  const NeuralRanker m = NeuralRanker::train(train_set(), NeuralRankerOptions{});
  const std::span<const float> row(test_set().row(0), kFeatures);
  for (auto _ : state)
    benchmark::DoNotOptimize(m.integrated_gradients(row, 64));
}
BENCHMARK(BM_NeuralIntegratedGradients)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
