// The rank features on the shared PCS data (slow: reads 1.75 M rows): the leakage rule on real
// classics, the points baseline against the number in shared/notes/cycling-papers.md, and the
// feature-building rate quoted in docs/rank-features.md.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "podium/career/results_csv.hpp"
#include "podium/rank/baseline.hpp"
#include "podium/rank/evaluate.hpp"
#include "podium/rank/features.hpp"
#include "podium/rank/races.hpp"

namespace podium::rank {
namespace {

using Clock = std::chrono::steady_clock;

const career::ResultsTable* shared_table() {
  static const career::ResultsTable* table = []() -> const career::ResultsTable* {
    const char* env = std::getenv("PODIUM_SHARED_DATA");
    const std::filesystem::path dir =
        std::filesystem::path(env != nullptr ? env : "../shared/data") / "cycling" /
        "pcs_noctildon";
    if (!std::filesystem::exists(dir / "pcs_rider_results.csv.gz")) return nullptr;
    const auto start = Clock::now();
    auto* t = new career::ResultsTable(career::read_results_pcs_path(dir.string(), {}).table);
    std::printf("read %zu results in %.2f s\n", t->results.size(),
                std::chrono::duration<double>(Clock::now() - start).count());
    return t;
  }();
  return table;
}

#define REQUIRE_SHARED_TABLE(t)                                                                   \
  const career::ResultsTable* t = shared_table();                                                 \
  if (t == nullptr) {                                                                             \
    GTEST_SKIP() << "shared PCS data not found: set PODIUM_SHARED_DATA (default ../shared/data)"; \
  }

const char* const kClassics[] = {
    "omloop-het-nieuwsblad", "kuurne-brussel-kuurne", "milano-sanremo",       "e3-harelbeke",
    "gent-wevelgem",         "dwars-door-vlaanderen", "ronde-van-vlaanderen", "paris-roubaix",
    "amstel-gold-race",      "la-fleche-wallonne",    "liege-bastogne-liege"};

std::vector<std::int32_t> classics(const career::ResultsTable& t) {
  std::vector<std::int32_t> races;
  for (const int season : {2018, 2019, 2021}) {
    for (const char* key : kClassics) {
      for (const auto e : races_by_key(t, key, season)) {
        if (t.events[static_cast<std::size_t>(e)].kind == career::EventKind::OneDay) {
          races.push_back(e);
        }
      }
    }
  }
  return races;
}

TEST(RankRealData, ClassicsFeaturesIgnoreTheRaceDayAndLater) {
  REQUIRE_SHARED_TABLE(t);
  const FeatureBuilder full(*t);
  const std::vector<std::int32_t> races = classics(*t);
  ASSERT_GE(races.size(), 30u);
  for (std::size_t i = 0; i < races.size(); i += 8) {
    const std::int32_t race = races[i];
    const career::Day d = t->events[static_cast<std::size_t>(race)].start_day;
    career::ResultsTable cut;
    cut.athletes = t->athletes;
    cut.events = t->events;
    for (const career::Result& r : t->results) {
      if (r.day < d || r.event == race) cut.results.push_back(r);
    }
    const RankDataset a = build_dataset(full, {race}, {});
    const RankDataset b = build_dataset(FeatureBuilder(cut), {race}, {});
    ASSERT_GT(a.rows(), 100u);
    EXPECT_EQ(a.athletes, b.athletes);
    EXPECT_EQ(std::memcmp(a.x.data(), b.x.data(), a.x.size() * sizeof(float)), 0)
        << t->events[static_cast<std::size_t>(race)].name;
  }
}

// shared/notes/cycling-papers.md section 4, computed independently: points-in-365-days baseline
// on the 2018/2019/2021 classics, mean NDCG@10 about 0.32, about 2.8 correct top-10 picks.
TEST(RankRealData, PointsBaselineOnTheClassicsMatchesTheNotes) {
  REQUIRE_SHARED_TABLE(t);
  const FeatureBuilder builder(*t);
  const RankDataset d = build_dataset(builder, classics(*t), {});
  const auto rows = evaluate_races(*t, d, baseline_scores(d, Baseline::Points365d), 10);
  const EvaluationSummary s = summarize(rows, 10);
  const auto last = evaluate_races(*t, d, baseline_scores(d, Baseline::LastEdition), 10);
  const EvaluationSummary sl = summarize(last, 10);
  std::printf("%zu classics: points_365d NDCG@10 %.3f, top-10 %.2f; last_edition %.3f, %.2f\n",
              s.races, s.mean_ndcg, s.mean_correct, sl.mean_ndcg, sl.mean_correct);
  EXPECT_EQ(s.races, 33u);
  EXPECT_NEAR(s.mean_ndcg, 0.32, 0.05);
  EXPECT_NEAR(s.mean_correct, 2.8, 0.5);
}

TEST(RankRealData, FeatureBuildingRate) {
  REQUIRE_SHARED_TABLE(t);
  const auto start = Clock::now();
  const FeatureBuilder builder(*t);
  const auto indexed = Clock::now();
  const auto races = one_day_races(*t, 2005, 2022, one_day_classes(RaceClassSet::Top));
  const RankDataset d = build_dataset(builder, races, {});
  const auto done = Clock::now();
  const double index_s = std::chrono::duration<double>(indexed - start).count();
  const double build_s = std::chrono::duration<double>(done - indexed).count();
  std::printf(
      "index of %zu results: %.3f s (%.2f M rows/s); %zu races -> %zu rows x %zu "
      "features: %.3f s (%.0f rows/s)\n",
      t->results.size(), index_s, t->results.size() / index_s / 1e6, d.queries(), d.rows(),
      d.features(), build_s, d.rows() / build_s);
  EXPECT_GT(d.rows(), 10000u);
}

}  // namespace
}  // namespace podium::rank
