// The load pipeline without the CLI: the default day range, the PMC over history and plan, and
// the Banister fit on recorded days only, forecast over the plan.
#include <gtest/gtest.h>

#include <cmath>
#include <utility>
#include <vector>

#include "podium/sensor/load.hpp"

namespace podium::sensor {
namespace {

using DayValues = std::vector<std::pair<std::int32_t, double>>;

constexpr std::int32_t kFirst = 5000;
constexpr BanisterParams kTrue{300, 0.1, 40, 0.3, 8};

// A training block: hard days 80, easy days 30, Sundays off.
DayValues history_of(std::int32_t days) {
  DayValues h;
  for (std::int32_t d = 0; d < days; ++d) {
    if (d % 7 == 3) continue;
    h.emplace_back(kFirst + d, d % 3 == 0 ? 80.0 : 30.0);
  }
  return h;
}

// One marker per day: the true model's performance, so the weekly best is a Banister point.
DayValues markers_of(const DayValues& history, std::int32_t days) {
  const std::vector<double> load = daily_totals(kFirst, kFirst + days - 1, history);
  const std::vector<double> p = banister_predict(kTrue, kFirst, load, kFirst, kFirst + days - 1);
  DayValues m;
  for (std::int32_t d = 0; d < days; ++d)
    m.emplace_back(kFirst + d, p[static_cast<std::size_t>(d)]);
  return m;
}

TEST(LoadPipeline, DayRangeOfHistoryAndPlan) {
  EXPECT_FALSE(load_day_range({}, {}).has_value());
  const DayValues history = {{10, 50}, {12, 40}};
  const DayValues plan = {{20, 60}, {8, 30}};
  EXPECT_EQ(load_day_range(history, {}), (std::pair<std::int32_t, std::int32_t>{10, 12}));
  EXPECT_EQ(load_day_range({}, plan), (std::pair<std::int32_t, std::int32_t>{8, 20}));
  EXPECT_EQ(load_day_range(history, plan), (std::pair<std::int32_t, std::int32_t>{8, 20}));
}

TEST(LoadPipeline, PmcOverHistoryAndPlanWithoutAFit) {
  const DayValues history = {{100, 50}, {100, 25}, {103, 60}, {150, 99}};
  const DayValues plan = {{104, 40}, {106, 70}};
  const DayValues markers = {{100, 250}, {103, 260}};
  const LoadAnalysis a = analyze_load(history, plan, markers, 99, 106, {});
  ASSERT_EQ(a.days.size(), 8u);
  EXPECT_EQ(a.days.front().day, 99);
  EXPECT_EQ(a.days[1].tss, 75) << "two activities on one day add up";
  EXPECT_EQ(a.days[4].tss, 60);
  EXPECT_EQ(a.days[5].tss, 40);
  EXPECT_EQ(a.days[7].tss, 70);
  EXPECT_EQ(a.planned, (std::vector<bool>{false, false, false, false, false, true, false, true}));
  // The same PMC as on the daily totals; day 150 lies outside the range.
  const std::vector<PmcDay> expected = pmc(99, std::vector<double>{0, 75, 0, 0, 60, 40, 0, 70}, {});
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(a.days[i].day, expected[i].day);
    EXPECT_EQ(a.days[i].ctl, expected[i].ctl) << i;
    EXPECT_EQ(a.days[i].atl, expected[i].atl) << i;
    EXPECT_EQ(a.days[i].ramp_7d, expected[i].ramp_7d) << i;
  }
  EXPECT_FALSE(a.banister.has_value());
  EXPECT_EQ(a.markers, 2u);
  for (double p : a.performance)
    EXPECT_TRUE(std::isnan(p));
}

TEST(LoadPipeline, FitsOnRecordedDaysAndForecastsThePlan) {
  constexpr std::int32_t kDays = 200;
  const DayValues history = history_of(kDays);
  DayValues markers = markers_of(history, kDays);
  const DayValues plan = {{kFirst + kDays + 2, 60}, {kFirst + kDays + 9, 20}};
  const std::int32_t last = kFirst + kDays + 13;
  const LoadAnalysis a = analyze_load(history, plan, markers, kFirst, last, {});
  ASSERT_TRUE(a.banister.has_value());
  EXPECT_LT(a.banister->rmse, 1e-3) << a.banister->summary;
  EXPECT_EQ(a.markers, static_cast<std::size_t>(a.banister->points));
  ASSERT_EQ(a.performance.size(), a.days.size());
  std::vector<double> load;
  for (const PmcDay& d : a.days)
    load.push_back(d.tss);
  EXPECT_EQ(a.performance, banister_predict(a.banister->params, kFirst, load, kFirst, last))
      << "predicted over history and plan";
  // Markers on plan days are not learnt from.
  markers.emplace_back(kFirst + kDays + 9, 1e6);
  const LoadAnalysis b = analyze_load(history, plan, markers, kFirst, last, {});
  EXPECT_EQ(b.markers, a.markers);
  EXPECT_EQ(b.banister->params.p0, a.banister->params.p0);
}

// A range ending before the last recorded day fits on the days in the range only.
TEST(LoadPipeline, ARangeEndingBeforeTheLastRecordedDay) {
  constexpr std::int32_t kDays = 200;
  const DayValues history = history_of(kDays);
  const DayValues markers = markers_of(history, kDays);
  const std::int32_t last = kFirst + 120;
  const LoadAnalysis a = analyze_load(history, {}, markers, kFirst, last, {});
  ASSERT_EQ(a.days.size(), 121u);
  ASSERT_TRUE(a.banister.has_value());
  EXPECT_LE(a.markers, 18u) << "weeks within the range only";
  EXPECT_EQ(a.performance.size(), 121u);
}

}  // namespace
}  // namespace podium::sensor
