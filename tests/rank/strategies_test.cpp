// SHAP dependence and the strategy report on synthetic inputs with a planted answer.
#include "podium/rank/strategies.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "podium/core/error.hpp"
#include "podium/core/random.hpp"

namespace podium::rank {
namespace {

// 60 races of 25 riders. race_days_28d is 0..6; SHAP of it is +1 for 3-5 days and -1 otherwise
// (plus noise), and riders with 3-5 days finish top 10 more often. trend_points_42d is
// continuous with SHAP = trend / 100. Column 2 is a bystander; the last SHAP column the bias.
struct Planted {
  RankDataset data;
  std::vector<float> shap;
};

Planted planted(std::uint64_t seed) {
  Rng rng(seed);
  const auto uniform = [&rng] { return static_cast<double>(rng.next() >> 11) * 0x1.0p-53; };
  Planted p;
  p.data.feature_names = {"race_days_28d", "trend_points_42d", "points_365d"};
  const std::size_t width = p.data.features() + 1;
  for (int q = 0; q < 60; ++q) {
    for (int r = 0; r < 25; ++r) {
      const auto days = static_cast<float>(rng.below(7));
      const float trend = static_cast<float>(uniform() * 400.0 - 200.0);
      const bool good = days >= 3 && days <= 5;
      p.data.x.insert(p.data.x.end(), {days, trend, static_cast<float>(uniform() * 1000)});
      p.data.labels.push_back(uniform() < (good ? 0.6 : 0.1) ? 5.0F : 0.0F);
      p.data.athletes.push_back(r);
      const float noise = static_cast<float>(uniform() * 0.2 - 0.1);
      p.shap.insert(p.shap.end(), {(good ? 1.0F : -1.0F) + noise, trend / 100.0F, 0.0F, 0.5F});
    }
    p.data.events.push_back(q);
    p.data.query_offsets.push_back(p.data.labels.size());
  }
  EXPECT_EQ(p.shap.size(), p.data.rows() * width);
  return p;
}

TEST(RankStrategies, IntegerFactorFindsThePlantedDays) {
  const Planted p = planted(1);
  StrategyOptions options;
  options.factors = {"race_days_28d"};
  const auto deps = shap_dependence(p.data, p.shap, options);
  ASSERT_EQ(deps.size(), 1u);
  const FactorDependence& dep = deps[0];
  EXPECT_TRUE(dep.integer_bins);
  EXPECT_EQ(dep.missing, 0u);
  ASSERT_EQ(dep.bins.size(), 7u);  // one bin per value 0..6
  std::size_t total = 0;
  for (const DependenceBin& b : dep.bins) {
    total += b.n;
    EXPECT_EQ(b.lo, b.hi);
    const bool good = b.lo >= 3 && b.lo <= 5;
    EXPECT_NEAR(b.mean_shap, good ? 1.0 : -1.0, 0.02) << b.label;
    EXPECT_LE(b.ci_low, b.mean_shap);
    EXPECT_GE(b.ci_high, b.mean_shap);
    EXPECT_LT(b.ci_high - b.ci_low, 0.05) << b.label;
    EXPECT_NEAR(b.top10_share, good ? 0.6 : 0.1, 0.1) << b.label;
  }
  EXPECT_EQ(total, p.data.rows());
  EXPECT_EQ(dep.bins[4].label, "4");
  const std::string report = strategy_report(deps);
  EXPECT_NE(report.find("went with higher model scores"), std::string::npos) << report;
  EXPECT_NE(report.find("not causes"), std::string::npos) << report;
}

TEST(RankStrategies, ContinuousFactorGetsQuantileBinsInOrder) {
  const Planted p = planted(2);
  StrategyOptions options;
  options.factors = {"trend_points_42d"};
  const FactorDependence dep = shap_dependence(p.data, p.shap, options)[0];
  EXPECT_FALSE(dep.integer_bins);
  ASSERT_EQ(dep.bins.size(), 5u);
  for (std::size_t b = 0; b < dep.bins.size(); ++b) {
    EXPECT_NEAR(static_cast<double>(dep.bins[b].n), 1500.0 / 5, 1.0);
    if (b > 0) {
      EXPECT_GT(dep.bins[b].mean_shap, dep.bins[b - 1].mean_shap);
      EXPECT_GE(dep.bins[b].lo, dep.bins[b - 1].hi);
    }
  }
  EXPECT_EQ(dep.bins[0].label.front(), '[');
}

TEST(RankStrategies, SmallBinsMergeAndNanIsMissing) {
  Planted p = planted(3);
  // Make value 6 rare (3 rows) and a few values missing.
  int sixes = 0;
  for (std::size_t i = 0; i < p.data.rows(); ++i) {
    float& v = p.data.x[i * p.data.features()];
    if (v == 6 && ++sixes > 3) v = 5;
    if (i % 100 == 7) v = std::nanf("");
  }
  StrategyOptions options;
  options.factors = {"race_days_28d"};
  const FactorDependence dep = shap_dependence(p.data, p.shap, options)[0];
  EXPECT_EQ(dep.missing, 15u);
  EXPECT_EQ(dep.bins.back().label, "5-6");
  std::size_t total = dep.missing;
  for (const DependenceBin& b : dep.bins) {
    total += b.n;
    EXPECT_GE(b.n, options.min_bin_rows);
  }
  EXPECT_EQ(total, p.data.rows());
}

TEST(RankStrategies, NegativeWholeValuesAreLabelledInWords) {
  Planted p = planted(7);
  // Shift race_days_28d to -3..3 and make -3 rare: it merges into "-3 to -2".
  int rare = 0;
  for (std::size_t i = 0; i < p.data.rows(); ++i) {
    float& v = p.data.x[i * p.data.features()];
    v -= 3;
    if (v == -3 && ++rare > 5) v = -2;
  }
  StrategyOptions options;
  options.factors = {"race_days_28d"};
  const FactorDependence dep = shap_dependence(p.data, p.shap, options)[0];
  ASSERT_EQ(dep.bins.size(), 6u);
  EXPECT_EQ(dep.bins[0].label, "-3 to -2");
  EXPECT_EQ(dep.bins[1].label, "-1");
}

TEST(RankStrategies, NoEffectSaysNoClearAssociation) {
  Planted p = planted(4);
  for (std::size_t i = 0; i < p.data.rows(); ++i)
    p.shap[i * 4] = 0.0F;
  StrategyOptions options;
  options.factors = {"race_days_28d"};
  const std::string report = strategy_report(shap_dependence(p.data, p.shap, options));
  EXPECT_NE(report.find("no clear association"), std::string::npos) << report;
}

TEST(RankStrategies, DeterministicForASeed) {
  const Planted p = planted(5);
  const StrategyOptions options;
  StrategyOptions two = options;
  two.factors = {"race_days_28d", "trend_points_42d"};
  const auto a = shap_dependence(p.data, p.shap, two);
  const auto b = shap_dependence(p.data, p.shap, two);
  for (std::size_t f = 0; f < a.size(); ++f) {
    for (std::size_t i = 0; i < a[f].bins.size(); ++i) {
      EXPECT_EQ(a[f].bins[i].ci_low, b[f].bins[i].ci_low);
      EXPECT_EQ(a[f].bins[i].ci_high, b[f].bins[i].ci_high);
    }
  }
}

TEST(RankStrategies, BadInputsAreNamed) {
  const Planted p = planted(6);
  StrategyOptions options;
  options.factors = {"race_days_28d"};
  EXPECT_THROW(shap_dependence(p.data, std::vector<float>(10), options), Error);
  options.factors = {"rest_days"};
  try {
    shap_dependence(p.data, p.shap, options);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
    EXPECT_NE(std::string(e.what()).find("rest_days"), std::string::npos);
  }
}

}  // namespace
}  // namespace podium::rank
