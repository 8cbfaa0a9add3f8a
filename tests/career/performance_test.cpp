#include "podium/career/performance.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "podium/core/error.hpp"
#include "testkit/day.hpp"

namespace podium::career {
namespace {

using podium::testkit::ymd;

std::int32_t add_event(ResultsTable& t, EventKind kind, int season, std::int32_t parent = -1,
                       Classification c = Classification::None) {
  Event e;
  e.kind = kind;
  e.season = season;
  e.parent = parent;
  e.classification = c;
  e.start_day = e.end_day = ymd(season, 5, 1);
  t.events.push_back(e);
  return static_cast<std::int32_t>(t.events.size() - 1);
}

void add_result(ResultsTable& t, std::int32_t athlete, std::int32_t event, double points,
                Status status = Status::Ranked) {
  Result r;
  r.athlete = athlete;
  r.event = event;
  r.points = points;
  r.status = status;
  r.rank = status == Status::Ranked ? 1 : 0;
  r.day = t.events[static_cast<std::size_t>(event)].end_day;
  t.results.push_back(r);
}

// 2010: one-day A (100 pts), one-day B (DNF), stage race S with stages 1-3 (10, 20, DNF) and its
// GC (50) and points classification (0), one-day C (DNS). 2011: only a DNS.
ResultsTable hand_table() {
  ResultsTable t;
  t.athletes.push_back({"rider-x", ymd(1985, 7, 1)});
  const auto a = add_event(t, EventKind::OneDay, 2010);
  const auto b = add_event(t, EventKind::OneDay, 2010);
  const auto s = add_event(t, EventKind::StageRace, 2010);
  const auto s1 = add_event(t, EventKind::Stage, 2010, s);
  const auto s2 = add_event(t, EventKind::Stage, 2010, s);
  const auto s3 = add_event(t, EventKind::Stage, 2010, s);
  const auto gc = add_event(t, EventKind::Classification, 2010, s, Classification::General);
  const auto pts = add_event(t, EventKind::Classification, 2010, s, Classification::Points);
  const auto c = add_event(t, EventKind::OneDay, 2010);
  const auto d = add_event(t, EventKind::OneDay, 2011);
  add_result(t, 0, a, 100);
  add_result(t, 0, b, 0, Status::Dnf);
  add_result(t, 0, s1, 10);
  add_result(t, 0, s2, 20);
  add_result(t, 0, s3, 0, Status::Dnf);
  add_result(t, 0, gc, 50);
  add_result(t, 0, pts, 0);
  add_result(t, 0, c, 0, Status::Dns);
  add_result(t, 0, d, 0, Status::Dns);
  return t;
}

TEST(Performance, StageRaceCountedOnceDnfEnteredDnsNot) {
  const ResultsTable t = hand_table();
  CohortOptions o;
  o.from_season = 2000;
  o.to_season = 2020;
  const auto rows = yearly_performance(t, o);
  ASSERT_EQ(rows.size(), 1U) << "the DNS-only season 2011 gives no row";
  const AthleteSeason& s = rows[0];
  EXPECT_EQ(s.season, 2010);
  EXPECT_EQ(s.races, 3);      // A, B, S
  EXPECT_EQ(s.race_days, 5);  // A, B, stages 1-3
  EXPECT_DOUBLE_EQ(s.points, 180.0);
  EXPECT_DOUBLE_EQ(s.performance, 60.0);
  EXPECT_NEAR(s.age, 25.0, 1e-3);
  EXPECT_DOUBLE_EQ(s.age, age_years(*day_from_ymd(1985, 7, 1), *day_from_ymd(2010, 7, 1)));

  o.measure = PerformanceMeasure::PointsPerRaceDay;
  EXPECT_DOUBLE_EQ(yearly_performance(t, o)[0].performance, 36.0);
  o.measure = PerformanceMeasure::TotalPoints;
  EXPECT_DOUBLE_EQ(yearly_performance(t, o)[0].performance, 180.0);
}

TEST(Performance, WindowBoundsAreInclusive) {
  const ResultsTable t = hand_table();
  CohortOptions o;
  o.from_season = 2010;
  o.to_season = 2010;
  EXPECT_EQ(yearly_performance(t, o).size(), 1U);
  o.from_season = 2011;
  o.to_season = 2012;
  EXPECT_TRUE(yearly_performance(t, o).empty());
  o.from_season = 2013;
  EXPECT_THROW(yearly_performance(t, o), Error);
}

TEST(Performance, MeasureNamesRoundTrip) {
  for (auto m : {PerformanceMeasure::PointsPerRace, PerformanceMeasure::TotalPoints,
                 PerformanceMeasure::PointsPerRaceDay}) {
    EXPECT_EQ(parse_performance_measure(performance_measure_name(m)), m);
  }
  EXPECT_FALSE(parse_performance_measure("points").has_value());
}

// Athletes 0..3 each score `points[i]` in one one-day race per season 2000 and 2001.
ResultsTable cohort_table() {
  ResultsTable t;
  const double points[] = {400, 300, 351, 2000};
  t.athletes = {
      {"a", ymd(1980, 1, 1)}, {"b", ymd(1980, 1, 1)}, {"c", std::nullopt}, {"d", ymd(1980, 1, 1)}};
  for (int season : {2000, 2001}) {
    const auto e = add_event(t, EventKind::OneDay, season);
    for (std::int32_t i = 0; i < 4; ++i)
      add_result(t, i, e, points[i]);
  }
  return t;
}

TEST(Cohort, MinPointsIsStrictAndNeedsBirthDay) {
  const ResultsTable t = cohort_table();
  CohortOptions o;
  o.from_season = 2000;
  o.to_season = 2001;
  o.top_n = 0;
  o.min_points = 600;  // a: 800 > 600, b: 600 not > 600, c: 702 but no birth day, d: 4000
  const Cohort c = select_cohort(t, o);
  ASSERT_EQ(c.athletes, (std::vector<std::int32_t>{0, 3}));
  EXPECT_DOUBLE_EQ(c.window_points[0], 800.0);
  EXPECT_DOUBLE_EQ(c.window_points[1], 4000.0);
  EXPECT_EQ(c.seasons.size(), 4U);
  for (const auto& s : c.seasons)
    EXPECT_TRUE(s.athlete == 0 || s.athlete == 3);
  // The window cuts points: 2001 alone gives a 400 < 600.
  o.from_season = 2001;
  EXPECT_EQ(select_cohort(t, o).athletes, (std::vector<std::int32_t>{3}));
}

TEST(Cohort, TopNCountsAllAthletesOfTheTable) {
  const ResultsTable t = cohort_table();
  CohortOptions o;
  o.from_season = 2000;
  o.to_season = 2001;
  o.min_points = 0;
  // Season ranks: d 2000, a 400, c 351 (no birth day, but it takes a top-3 place), b 300.
  o.top_n = 3;
  EXPECT_EQ(select_cohort(t, o).athletes, (std::vector<std::int32_t>{0, 3}));
  o.top_n = 1;
  EXPECT_EQ(select_cohort(t, o).athletes, (std::vector<std::int32_t>{3}));
  o.top_n = -1;
  EXPECT_THROW(select_cohort(t, o), Error);
}

}  // namespace
}  // namespace podium::career
