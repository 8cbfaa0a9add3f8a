// Generic results CSV reader: hand-made files, every bad-row class with its line, strict mode,
// wrong formats, stage races, and race_key / time-trial names.
#include <gtest/gtest.h>

#include <string>

#include "podium/career/results_csv.hpp"
#include "podium/core/error.hpp"
#include "testkit/day.hpp"

namespace {

using podium::testkit::ymd;

using namespace podium::career;

ResultsImport read(const std::string& text, bool strict = false) {
  return read_results_generic(text, "r.csv", {.strict = strict});
}

TEST(ResultsGeneric, ReadsOneDayRacesInAnyColumnOrder) {
  const auto r = read(
      "Rank,ATHLETE_ID,event,date,points,birth_date,event_class\n"
      "1,anna,Paris-Roubaix (1.UWT),2019-04-14,500,1990-05-01,1.UWT\n"
      "2,bert,Paris-Roubaix (1.UWT),2019-04-14,,,1.UWT\n"
      "DNF,cleo,Paris-Roubaix (1.UWT),2019-04-14,0,,1.UWT\n"
      ",anna,Omloop Het Volk,2008-03-01,3.5,1990-05-01,1.HC\n");
  ASSERT_TRUE(r.bad_rows.empty()) << r.bad_rows[0].problem;
  EXPECT_EQ(r.counts.rows, 4);
  EXPECT_EQ(r.counts.results, 4);
  ASSERT_EQ(r.table.events.size(), 2U);
  ASSERT_EQ(r.table.athletes.size(), 3U);
  // Canonical order (results.hpp sort_table): the 2008 race first, results by (event, athlete).
  EXPECT_EQ(r.table.events[0].race_key, "omloop-het-nieuwsblad");
  const Event& e = r.table.events[1];
  EXPECT_EQ(e.kind, EventKind::OneDay);
  EXPECT_EQ(e.race_key, "paris-roubaix");
  EXPECT_EQ(e.event_class, "1.UWT");
  EXPECT_EQ(e.start_day, ymd(2019, 4, 14));
  EXPECT_EQ(e.season, 2019);
  EXPECT_EQ(r.table.athletes[0].birth_day, ymd(1990, 5, 1));
  EXPECT_FALSE(r.table.athletes[1].birth_day);
  EXPECT_EQ(r.table.results[0].status, Status::Unranked);
  EXPECT_DOUBLE_EQ(r.table.results[0].points, 3.5);
  EXPECT_EQ(r.table.results[1].rank, 1);
  EXPECT_DOUBLE_EQ(r.table.results[1].points, 500.0);
  EXPECT_EQ(r.table.results[2].points, 0.0);
  EXPECT_EQ(r.table.results[3].status, Status::Dnf);
  EXPECT_EQ(r.table.results[3].rank, 0);
}

TEST(ResultsGeneric, EveryBadRowClassIsReportedWithItsLineAndTheRestImported) {
  const std::string text =
      "date,event,athlete_id,rank,points,birth_date\n"  // 1
      "2019-02-30,A,x1,1,,\n"                           // 2 impossible date
      "2019/04/01,A,x1,1,,\n"                           // 3 unparsable date
      "2019-04-01,A,x1,0,,\n"                           // 4 rank 0
      "2019-04-01,A,x1,-3,,\n"                          // 5 negative rank
      "2019-04-01,A,x1,99999,,\n"                       // 6 huge rank
      "2019-04-01,A,x1,WON,,\n"                         // 7 unknown status
      "2019-04-01,A,,1,,\n"                             // 8 missing athlete
      "2019-04-01,,x1,1,,\n"                            // 9 missing event
      "2019-04-01,A,bad id!,1,,\n"                      // 10 bad id
      "2019-04-01,A,x1,1,-5,\n"                         // 11 negative points
      "2019-04-01,A,x1,1,inf,\n"                        // 12 non-finite points
      "2019-04-01,A,x1,1,2e6,\n"                        // 13 absurd points
      "2019-04-01,A,x1,1,,2020-01-01\n"                 // 14 born after the race
      "2019-04-01,A,x1,1,,2012-01-01\n"                 // 15 age 7
      "2019-04-01,A,x1,1,,1940-01-01\n"                 // 16 age 79
      "2019-04-01,A,x2,1,,1990-01-01\n"                 // 17 good
      "2019-04-02,B,x2,3,,1991-01-01\n"                 // 18 conflicting birth date
      "2019-04-01,A,x2,2,,\n"                           // 19 duplicate: x2 again in A
      "2019-04-01,A\n"                                  // 20 short row
      "2019-04-01,A,x3,DSQ,,\n";                        // 21 good
  const auto r = read(text);
  std::vector<std::int64_t> lines;
  for (const BadRow& b : r.bad_rows) {
    lines.push_back(static_cast<std::int64_t>(b.place.line.value_or(0)));
    EXPECT_EQ(b.place.source, "r.csv");
  }
  EXPECT_EQ(lines, (std::vector<std::int64_t>{2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                              18, 20}));
  EXPECT_EQ(r.counts.rows, 20);
  EXPECT_EQ(r.counts.results, 2);
  EXPECT_EQ(r.counts.duplicates, 1);
  EXPECT_EQ(r.counts.bad_rows, 17);
  const auto text_of = [&](std::size_t i) {
    return r.bad_rows[i].place.message(r.bad_rows[i].problem);
  };
  EXPECT_EQ(text_of(0), "r.csv: line 2: date: '2019-02-30' is not a real YYYY-MM-DD date");
  EXPECT_EQ(text_of(2), "r.csv: line 4: rank = 0: must be 1-10000");
  EXPECT_EQ(text_of(5),
            "r.csv: line 7: rank: 'WON' is not a place, DNF, DNS, DF, OTL, DSQ or empty");
  EXPECT_EQ(text_of(6), "r.csv: line 8: athlete_id: missing");
  EXPECT_EQ(text_of(8),
            "r.csv: line 10: athlete_id: 'bad id!' is not 1-64 characters of "
            "[A-Za-z0-9_.-]");
  EXPECT_EQ(text_of(13),
            "r.csv: line 15: birth_date = 2012-01-01: athlete younger than 10 at "
            "the event");
  EXPECT_EQ(text_of(15),
            "r.csv: line 18: birth_date = 1991-01-01: conflicts with an earlier row "
            "of this athlete");
  EXPECT_EQ(text_of(16), "r.csv: line 20: row has 2 fields, the header 6 or more");
  EXPECT_EQ(r.table.results[0].rank, 1);  // the duplicate kept the first
}

TEST(ResultsGeneric, StrictThrowsAtTheFirstBadRowNamingFileLineAndValue) {
  try {
    read("date,event,athlete_id,rank\n2019-04-01,A,x,1\n2019-04-01,B,x,0\n", true);
    FAIL() << "no error";
  } catch (const podium::Error& e) {
    EXPECT_EQ(e.kind(), podium::ErrorKind::Format);
    EXPECT_EQ(std::string(e.what()), "r.csv: line 3: rank = 0: must be 1-10000");
  }
}

TEST(ResultsGeneric, ABadRowIsPlacedAtItsLineAndColumn) {
  const auto r = read("date,event,athlete_id,rank\n2019-04-01,A,x,1\n2019-13-01,B,x,1\n");
  ASSERT_EQ(r.bad_rows.size(), 1u);
  const BadRow& b = r.bad_rows[0];
  EXPECT_EQ(b.place.source, "r.csv");
  EXPECT_EQ(b.place.line, 3u);
  EXPECT_EQ(b.place.field, "date");
  EXPECT_EQ(b.problem, "'2019-13-01' is not a real YYYY-MM-DD date");
  try {
    read("date,event,athlete_id,rank\n2019-13-01,B,x,1\n", true);
    FAIL() << "no error";
  } catch (const podium::Error& e) {
    EXPECT_EQ(e.place().line, 2u);
    EXPECT_EQ(e.place().field, "date");
    EXPECT_EQ(e.problem(), "'2019-13-01' is not a real YYYY-MM-DD date");
  }
}

TEST(ResultsGeneric, WrongFormatsAreErrorsNamingWhatIsMissing) {
  auto message = [](const std::string& text) {
    try {
      read(text);
    } catch (const podium::Error& e) {
      EXPECT_EQ(e.kind(), podium::ErrorKind::Format);
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(""), "r.csv: empty file (no header row)");
  EXPECT_EQ(message("date,event,rank\n"),
            "r.csv: line 1: not a results CSV: missing column(s) athlete_id (header needs date, "
            "event, athlete_id, rank)");
  EXPECT_NE(message("\x89PNG\r\n\x1a\n").find("missing column(s) date, event, athlete_id, rank"),
            std::string::npos);
  EXPECT_EQ(message("date,event,athlete_id,rank\n\"open"),
            "r.csv: line 2: unterminated quoted field");
  EXPECT_EQ(message("date,DATE,event,athlete_id,rank\n"),
            "r.csv: line 1: column \"date\" appears twice");
}

TEST(ResultsGeneric, StageRacesGroupStagesAndClassificationsUnderTheirParent) {
  const auto r = read(
      "date,event,athlete_id,rank,kind,parent,points\n"
      "2021-03-08,Stage 1 - Nice > Nice,ann,4,stage,Paris-Nice,\n"
      "2021-03-09,Stage 2 (ITT) - Nice > Nice,ann,1,stage,Paris-Nice,\n"
      "2021-03-09,General classification,ann,2,gc,Paris-Nice,150\n"
      "2021-03-10,Stage 3,ann,DNS,stage,Paris-Nice,\n"
      "2021-03-09,General classification,bob,1,GC,Paris-Nice,200\n"
      "2021-03-09,Solo,bob,1,one_day,Paris-Nice,\n"
      "2021-03-09,Stage 9,bob,1,stage,,\n");
  ASSERT_EQ(r.bad_rows.size(), 2U);
  EXPECT_EQ(r.bad_rows[0].place.message(r.bad_rows[0].problem),
            "r.csv: line 7: parent: 'Paris-Nice' on a one_day row, which has no parent");
  EXPECT_EQ(r.bad_rows[1].place.message(r.bad_rows[1].problem),
            "r.csv: line 8: parent: missing (a stage row needs its stage race)");
  ASSERT_EQ(r.table.events.size(), 5U);  // race, 3 stages, GC
  const Event& race = r.table.events[0];
  EXPECT_EQ(race.kind, EventKind::StageRace);
  EXPECT_EQ(race.race_key, "paris-nice");
  EXPECT_EQ(race.start_day, ymd(2021, 3, 8));
  EXPECT_EQ(race.end_day, ymd(2021, 3, 10));
  EXPECT_FALSE(r.table.events[1].time_trial);
  EXPECT_TRUE(r.table.events[2].time_trial);
  const Event& gc = r.table.events[3];
  EXPECT_EQ(gc.kind, EventKind::Classification);
  EXPECT_EQ(gc.classification, Classification::General);
  EXPECT_EQ(gc.parent, 0);
  EXPECT_EQ(gc.start_day, ymd(2021, 3, 10));
  for (const Result& res : r.table.results) {
    if (res.event == 3) {
      EXPECT_EQ(res.day, ymd(2021, 3, 10)) << "classification day = race end";
    }
  }
  EXPECT_EQ(r.counts.results, 5);
}

TEST(ResultsGeneric, SameInputSameTable) {
  const std::string text =
      "date,event,athlete_id,rank\n2019-04-01,A,x,1\n2019-04-01,A,y,2\n2019-05-01,B,y,1\n";
  const auto a = read(text);
  const auto b = read(text);
  ASSERT_EQ(a.table.results.size(), b.table.results.size());
  for (std::size_t i = 0; i < a.table.results.size(); ++i) {
    EXPECT_EQ(a.table.results[i].event, b.table.results[i].event);
    EXPECT_EQ(a.table.results[i].athlete, b.table.results[i].athlete);
  }
}

TEST(RaceKey, FoldsAccentsDropsClassAndCategoryAndMapsRenamings) {
  EXPECT_EQ(race_key("Liège - Bastogne - Liège (1.UWT)"), "liege-bastogne-liege");
  EXPECT_EQ(race_key("La Flèche Wallonne"), "la-fleche-wallonne");
  EXPECT_EQ(race_key("Omloop Het Nieuwsblad ME (1.UWT)"), "omloop-het-nieuwsblad");
  EXPECT_EQ(race_key("Record Bank E3 Harelbeke"), "e3-harelbeke");
  EXPECT_EQ(race_key("E3 BinckBank Classic"), "e3-harelbeke");
  EXPECT_EQ(race_key("E3 Saxo Bank Classic (1.UWT)"), "e3-harelbeke");
  EXPECT_EQ(race_key("Kuurne - Bruxelles - Kuurne (1.Pro)"), "kuurne-brussel-kuurne");
  EXPECT_EQ(race_key("Gent - Wevelgem in Flanders Fields ME"), "gent-wevelgem");
  EXPECT_EQ(race_key("Dwars door Vlaanderen / A travers la Flandre ME"), "dwars-door-vlaanderen");
  EXPECT_EQ(race_key("Ronde van Vlaanderen - Tour des Flandres ME"), "ronde-van-vlaanderen");
  EXPECT_EQ(race_key("Clásica Ciclista San Sebastián"), "clasica-san-sebastian");
  EXPECT_EQ(race_key("Vattenfall Cyclassics"), "cyclassics-hamburg");
  EXPECT_EQ(race_key("Grand Prix Cycliste de Québec"), race_key("Grand Prix Cycliste de Quebec"));
  EXPECT_EQ(race_key("Tour de Pologne (2.UWT)"), "tour-de-pologne");
  EXPECT_EQ(race_key("Mazowsze Łódź Ždár"), "mazowsze-lodz-zdar");
  EXPECT_EQ(race_key(""), "");
  // A bracketed category stays: the under-23 edition is another race than the elite one.
  EXPECT_EQ(race_key("Rund um den Finanzplatz Eschborn-Frankfurt (U23)"),
            "rund-um-den-finanzplatz-eschborn-frankfurt-u23");
  EXPECT_EQ(race_key("Rund um den Finanzplatz Eschborn-Frankfurt (1.UWT)"), "eschborn-frankfurt");
}

TEST(TimeTrialName, IndividualOnly) {
  EXPECT_TRUE(is_time_trial_name("Stage 4 (ITT) - Bettembourg › Bettembourg"));
  EXPECT_TRUE(is_time_trial_name("Prologue - Luxembourg › Luxembourg"));
  EXPECT_TRUE(is_time_trial_name("World Championships - ITT"));
  EXPECT_TRUE(is_time_trial_name("Chrono des Nations - Individual Time Trial"));
  EXPECT_FALSE(is_time_trial_name("Stage 1 (TTT) - Uničov › Uničov"));
  EXPECT_FALSE(is_time_trial_name("World Championships - Team Time Trial"));
  EXPECT_FALSE(is_time_trial_name("Milano-Sanremo"));
  EXPECT_FALSE(is_time_trial_name("Stage 3 - Kittila › Levi"));
}

}  // namespace
