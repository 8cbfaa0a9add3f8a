#include "podium/career/results.hpp"

#include <gtest/gtest.h>

#include "podium/core/calendar.hpp"

namespace podium::career {
namespace {

TEST(Days, KnownDates) {
  EXPECT_EQ(day_from_ymd(1970, 1, 1), 0);
  EXPECT_EQ(day_from_ymd(2000, 3, 1), 11017);  // date -d 2000-03-01 +%s / 86400
  EXPECT_EQ(day_from_ymd(2021, 10, 3), 18903);
  EXPECT_EQ(day_from_ymd(1969, 12, 31), -1);
}

TEST(Days, ImpossibleDatesAreRejected) {
  EXPECT_FALSE(day_from_ymd(2021, 2, 29));
  EXPECT_TRUE(day_from_ymd(2020, 2, 29));
  EXPECT_FALSE(day_from_ymd(1900, 2, 29));  // not a leap year
  EXPECT_TRUE(day_from_ymd(2000, 2, 29));   // is one
  EXPECT_FALSE(day_from_ymd(2021, 13, 1));
  EXPECT_FALSE(day_from_ymd(2021, 4, 31));
  EXPECT_FALSE(day_from_ymd(2021, 1, 0));
  EXPECT_FALSE(day_from_ymd(1799, 1, 1));
  EXPECT_FALSE(day_from_ymd(2201, 1, 1));
}

TEST(Days, RoundTripEveryDayOfFourCenturies) {
  const Day first = *day_from_ymd(1800, 1, 1);
  const Day last = *day_from_ymd(2200, 12, 31);
  for (Day d = first; d <= last; ++d) {
    const CivilDate ymd = civil_from_day(d);
    ASSERT_EQ(day_from_ymd(ymd.year, ymd.month, ymd.day), d) << d;
  }
}

TEST(Days, AgeInYears) {
  const Day birth = *day_from_ymd(1990, 7, 1);
  EXPECT_NEAR(age_years(birth, *day_from_ymd(2016, 7, 1)), 26.0, 0.002);
  // 26 years with 7 leap days (9497 days) plus July..December (184 days).
  EXPECT_DOUBLE_EQ(age_years(birth, *day_from_ymd(2017, 1, 1)), 9681.0 / 365.2425);
}

TEST(RaceType, FromEvent) {
  Event e;
  EXPECT_EQ(race_type(e), RaceType::OneDay);
  e.time_trial = true;
  EXPECT_EQ(race_type(e), RaceType::TimeTrial);
  e.time_trial = false;
  e.kind = EventKind::Classification;
  e.classification = Classification::Points;
  EXPECT_EQ(race_type(e), RaceType::Points);
  e.classification = Classification::Youth;
  EXPECT_EQ(race_type(e), RaceType::Other);
  e.kind = EventKind::Stage;
  EXPECT_EQ(race_type(e), RaceType::Stage);
  EXPECT_STREQ(race_type_name(RaceType::GeneralClassification), "gc");
}

TEST(ResultsTable, FindAthleteSeesAthletesAddedLater) {
  ResultsTable t;
  t.athletes.push_back({"a", std::nullopt});
  EXPECT_EQ(t.find_athlete("a"), 0);
  EXPECT_EQ(t.find_athlete("b"), -1);
  t.athletes.push_back({"b", std::nullopt});
  EXPECT_EQ(t.find_athlete("b"), 1);
}

TEST(YouthEvents, ClassesNamesAndParents) {
  ResultsTable t;
  auto add = [&](std::string name, std::string cls, std::int32_t parent = -1) {
    Event e;
    e.name = std::move(name);
    e.event_class = std::move(cls);
    e.parent = parent;
    t.events.push_back(e);
  };
  add("Paris-Roubaix", "1.UWT");                        // 0 elite
  add("Paris - Roubaix Juniors", "1.Ncup");             // 1 class and name
  add("World Championships MJ - Road Race", "WC");      // 2 name token
  add("Course de la Paix Juniors", "2.1");              // 3 name only
  add("Stage 2 - Prague › Brno", "2.1", 3);             // 4 through its parent
  add("Liège-Bastogne-Liège U23", "1.2U");              // 5
  add("Tour de Majorque", "2.1");                       // 6: "mj" only inside a word
  add("National Championships Norway MU - ITT", "NC");  // 7
  const std::vector<bool> y = youth_events(t);
  EXPECT_EQ(y, (std::vector<bool>{false, true, true, true, true, true, false, true}));
}

}  // namespace
}  // namespace podium::career
