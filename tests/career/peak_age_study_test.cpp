#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <set>

#include "career/synthetic_results.hpp"
#include "podium/career/peak_age.hpp"
#include "podium/career/svg.hpp"
#include "podium/core/error.hpp"

namespace podium::career {
namespace {

PeakAgeOptions quick_options() {
  PeakAgeOptions o;
  o.cohort.top_n = 0;
  o.cohort.min_points = 0.0;  // every simulated rider is in the cohort
  o.cohort.from_season = 1990;
  o.cohort.to_season = 2022;
  o.clusters.k = 2;
  o.bootstrap.resamples = 100;
  o.permutation.permutations = 99;
  return o;
}

TEST(PeakAgeStudy, FindsTypesGroupsAndPlantedPeaks) {
  const ResultsTable t = synthetic_table(60, 1);
  const PeakAgeStudy s = peak_age_study(t, quick_options());
  EXPECT_EQ(s.athletes, 120);
  ASSERT_EQ(s.types.size(), 2U);
  std::set<std::string> names;
  for (const auto& type : s.types) {
    names.insert(type.name);
    EXPECT_EQ(type.athletes, 60);
  }
  EXPECT_EQ(names, (std::set<std::string>{"GC", "one-day"}));
  ASSERT_EQ(s.curves.size(), 4U);
  for (const GroupCurve& g : s.curves) {
    ASSERT_TRUE(g.curve.has_value()) << g.type << "/" << g.group << ": " << g.note;
    EXPECT_EQ(g.athletes, 30);
    EXPECT_TRUE(g.mixed.has_value());
    const double planted = g.type == "GC" ? 29.0 : 26.0;
    EXPECT_NEAR(g.peak.peak.age, planted, 1.5) << g.type << "/" << g.group;
    EXPECT_NEAR(g.mixed_peak->age, planted, 1.5) << g.type << "/" << g.group;
    EXPECT_LE(g.peak.low, g.peak.peak.age);
    EXPECT_GE(g.peak.high, g.peak.peak.age);
  }
  EXPECT_EQ(s.curves[0].group, "top");
  EXPECT_EQ(s.curves[1].group, "bottom");
  // Two top-vs-bottom tests (same planted peak: not significant), then GC vs the rest (3 years).
  ASSERT_EQ(s.tests.size(), 3U);
  EXPECT_EQ(s.tests[2].a, "GC/top");
  EXPECT_EQ(s.tests[2].b, "rest/top");
  EXPECT_NEAR(s.tests[2].test.delta, 3.0, 1.5);
  EXPECT_LT(s.tests[2].test.p, 0.05);
}

TEST(PeakAgeStudy, DeterministicAndOneClusterWorks) {
  const ResultsTable t = synthetic_table(20, 2);
  PeakAgeOptions o = quick_options();
  o.bootstrap.resamples = 30;
  o.permutation.permutations = 19;
  const PeakAgeStudy a = peak_age_study(t, o);
  const PeakAgeStudy b = peak_age_study(t, o);
  ASSERT_EQ(a.curves.size(), b.curves.size());
  for (std::size_t i = 0; i < a.curves.size(); ++i) {
    EXPECT_EQ(a.curves[i].peak.low, b.curves[i].peak.low);
    EXPECT_EQ(a.curves[i].degree, b.curves[i].degree);
  }
  o.clusters.k = 1;
  o.model = CurveModel::Polynomial;
  const PeakAgeStudy one = peak_age_study(t, o);
  ASSERT_EQ(one.types.size(), 1U);
  EXPECT_EQ(one.types[0].name, "all");
  ASSERT_EQ(one.curves.size(), 2U);
  EXPECT_FALSE(one.curves[0].mixed.has_value());
  EXPECT_EQ(one.tests.size(), 1U);
}

TEST(PeakAgeStudy, EmptyCohortAndBadOptionsAreErrors) {
  const ResultsTable t = synthetic_table(5, 3);
  PeakAgeOptions o = quick_options();
  o.cohort.min_points = 1e9;
  EXPECT_THROW(peak_age_study(t, o), Error);
  o = quick_options();
  o.degree = 7;
  EXPECT_THROW(peak_age_study(t, o), Error);
}

TEST(PeakAgeSvg, DrawsEveryGroupOfAType) {
  const ResultsTable t = synthetic_table(20, 4);
  PeakAgeOptions o = quick_options();
  o.bootstrap.resamples = 20;
  o.permutation.permutations = 9;
  const PeakAgeStudy s = peak_age_study(t, o);
  const std::string svg = peak_age_svg(s, "GC", "points per race");
  EXPECT_EQ(svg.rfind("<svg", 0), 0U);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_NE(svg.find("points per race"), std::string::npos);
  EXPECT_NE(svg.find("top 50 %"), std::string::npos);
  EXPECT_NE(svg.find("bottom 50 %"), std::string::npos);
  EXPECT_NE(svg.find("<polygon"), std::string::npos);          // bootstrap band
  EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos);  // mixed-model curve
  EXPECT_EQ(svg.find("nan"), std::string::npos);
  EXPECT_THROW(peak_age_svg(s, "sprinter", "y"), Error);
}

TEST(PeakAgeStudy, EachCurveOnItsAgeGridWithABandOnlyWhenResampled) {
  const ResultsTable t = synthetic_table(20, 5);
  PeakAgeOptions o = quick_options();
  o.bootstrap.resamples = 30;
  o.bootstrap.band_points = 9;
  o.permutation.permutations = 9;
  const PeakAgeStudy both = peak_age_study(t, o);
  for (const GroupCurve& g : both.curves) {
    ASSERT_TRUE(g.curve.has_value()) << g.note;
    ASSERT_EQ(g.peak.band_age.size(), 9U);
    EXPECT_DOUBLE_EQ(g.peak.band_age.front(), g.data.peak_lo());
    EXPECT_DOUBLE_EQ(g.peak.band_age.back(), g.data.peak_hi());
    EXPECT_DOUBLE_EQ(g.peak.band_fit[4], (*g.curve)(g.peak.band_age[4]));
    EXPECT_EQ(g.peak.band_low.size(), 9U);
  }
  // The mixed model alone has no resamples: the curve, no band, and an SVG without one.
  o.model = CurveModel::Mixed;
  const PeakAgeStudy mixed = peak_age_study(t, o);
  for (const GroupCurve& g : mixed.curves) {
    ASSERT_TRUE(g.curve.has_value()) << g.note;
    EXPECT_EQ(g.peak.band_fit.size(), 9U);
    EXPECT_TRUE(g.peak.band_low.empty());
    EXPECT_TRUE(g.peak.band_high.empty());
  }
  const std::string svg = peak_age_svg(mixed, mixed.types[0].name, "points per race");
  EXPECT_EQ(svg.find("<polygon"), std::string::npos);
  EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos);
}

// The joint model inside the study: one fit for all groups, the planted peaks (26 one-day, 29
// GC), the GC-vs-rest difference of 3 y found by the bootstrap, soft peaks and influence beside
// the hard ones. Cubic basis (the default): the quadratic truth is inside it.
TEST(PeakAgeStudy, JointModelFindsThePlantedPeaksAndTheGcDifference) {
  const ResultsTable t = synthetic_table(60, 1);
  PeakAgeOptions o = quick_options();
  o.model = CurveModel::Joint;
  o.joint.min_races = 4;  // the synthetic GC riders enter 4 stage races a season
  o.joint.resample.influence_top = 2;
  const PeakAgeStudy s = peak_age_study(t, o);
  ASSERT_TRUE(s.joint.has_value()) << (s.notes.empty() ? "" : s.notes[0]);
  const JointStudy& j = *s.joint;
  EXPECT_EQ(j.athletes, 120);
  EXPECT_EQ(j.dropped_seasons, 0);
  ASSERT_EQ(j.curves.size(), 5U);  // 2 types x top/bottom, then rest/top
  for (const JointGroupResult& g : j.curves) {
    const double planted = g.type == "GC" ? 29.0 : 26.0;
    EXPECT_NEAR(g.peak.peak.age, planted, 0.7) << g.name;
    EXPECT_LE(g.peak.low, g.peak.peak.age) << g.name;
    EXPECT_GE(g.peak.high, g.peak.peak.age) << g.name;
    ASSERT_TRUE(g.soft_peak.has_value()) << g.name;
    EXPECT_NEAR(g.soft_peak->age, planted, 0.7) << g.name;
    EXPECT_EQ(g.influence.size(), 2U) << g.name;
  }
  EXPECT_EQ(j.curves[4].name, "rest/top");
  ASSERT_EQ(j.differences.size(), 3U);
  EXPECT_EQ(j.differences[2].a, "GC/top");
  EXPECT_NEAR(j.differences[2].hard.delta, 3.0, 0.7);
  EXPECT_GT(j.differences[2].hard.low, 0.0);
  EXPECT_LT(j.differences[2].hard.p, 0.05);
  // Holm over the three: the smallest p times 3, never below the raw p, monotone.
  for (const JointDifferenceResult& d : j.differences)
    EXPECT_GE(d.p_holm, d.hard.p) << d.a;
  EXPECT_DOUBLE_EQ(j.differences[2].p_holm, std::min(1.0, 3.0 * j.differences[2].hard.p));
  EXPECT_TRUE(j.differences[2].soft_delta.has_value());
  // The per-group alternative still runs, with its permutation tests.
  EXPECT_TRUE(s.curves[0].curve.has_value());
  EXPECT_EQ(s.tests.size(), 3U);
  const std::string svg = peak_age_svg(s, "GC", "points per race");
  EXPECT_NE(svg.find("joint model, top 50 %"), std::string::npos);
  EXPECT_NE(svg.find("joint model, bottom 50 %"), std::string::npos);
  EXPECT_EQ(svg.find("nan"), std::string::npos);
  // Seasons below the race minimum leave the GC groups empty: a note, not a failure.
  o.joint.min_races = 5;
  const PeakAgeStudy none = peak_age_study(t, o);
  EXPECT_FALSE(none.joint.has_value());
  ASSERT_FALSE(none.notes.empty());
  EXPECT_NE(none.notes.back().find("joint model not fitted"), std::string::npos);
}

// The level split: by points per season entered (default) or by the career total. A rider with
// a long modest career is top by total and bottom by season.
TEST(PeakAgeStudy, LevelSplitByPointsPerSeasonOrByCareerTotal) {
  const ResultsTable t = synthetic_table(20, 6);
  PeakAgeOptions o = quick_options();
  o.bootstrap.resamples = 10;
  o.permutation.permutations = 9;
  o.model = CurveModel::Polynomial;
  const PeakAgeStudy per_season = peak_age_study(t, o);
  o.level = LevelSplit::CareerPoints;
  const PeakAgeStudy total = peak_age_study(t, o);
  ASSERT_EQ(per_season.curves.size(), total.curves.size());
  bool differs = false;
  for (std::size_t g = 0; g < total.curves.size(); ++g) {
    EXPECT_EQ(per_season.curves[g].athletes, total.curves[g].athletes);
    differs = differs || per_season.curves[g].seasons != total.curves[g].seasons;
  }
  EXPECT_TRUE(differs);  // careers of 9-14 seasons: the two splits put different riders on top
}

}  // namespace
}  // namespace podium::career
