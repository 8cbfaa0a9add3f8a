// PCS reader on a hand-made fixture in the shared layout: stage-race headers owning their
// classification and stage rows, new-year spans, '3.0' / '12*' / DF ranks, view-count junk,
// repeated year blocks, riders_info birth dates, and the bad rows with their lines.
#include <gtest/gtest.h>

#include <string>

#include "podium/career/results_csv.hpp"
#include "podium/core/error.hpp"
#include "testkit/day.hpp"

namespace {

using podium::testkit::ymd;

using namespace podium::career;

constexpr const char* kResults =
    "rider_slug,date,result_ranking,general_classification,race_name,distance_km,pcs_points,"
    "uci_points,year\n"                                              // 1
    "Ann-A,14.04,3.0,,Paris-Roubaix (1.UWT),257,110,,2019\n"         // 2
    "Ann-A,19.04 » 23.04,,,Tour Eritrea (2.2),,,,2019\n"             // 3
    "Ann-A,,13,,Youth classification,,,,2019\n"                      // 4
    "Ann-A,,24,,General classification,,5,,2019\n"                   // 5
    "Ann-A,,2,,Sprint classification,,,,2019\n"                      // 6
    "Ann-A,23.04,12*,,Stage 2 (ITT) - Asmara › Asmara,113,,,2019\n"  // 7
    "Ann-A,19.04,DF,28,Prologue - Keren › Keren,5,,,2019\n"          // 8
    "Ann-A,28.12 » 02.01,,,Tour of Egypt (2.2),,,,2019\n"            // 9
    "Ann-A,,5,,General classification,,,,2019\n"                     // 10
    "Ann-A,02.01,15,,Stage 2 - Sharm › Sharm,178,,,2019\n"           // 11
    "Ann-A,29.12,DNF,,Stage 1 - Cairo › Cairo,178,,,2019\n"          // 12
    "Ann-A,14.04,3,,Paris-Roubaix (1.UWT)  181k,257,110,,2019\n"     // 13 duplicate
    "Ann-A,20.04,4,,Stage 9 - Lost › Lost,100,,,2019\n"              // 14 no header
    "Ann-A,,4,,General classification,,,,2019\n"                     // 15 no header
    "Ann-A,31.02,4,,Nowhere (1.2),100,,,2019\n"                      // 16 bad date
    "Ann-A,01.03,4,,No Class Race,100,,,2019\n"                      // 17 no class
    "Ann-A,01.03,WIN,,Somewhere (1.2),100,,,2019\n"                  // 18 bad rank
    "Ann-A,01.03,5,,\"Quoted, Race (1.1)\",100,-1,,2019\n"           // 19 bad points
    "Ann-A,,64,,,210.0,,,1988\n"                                     // 20 empty name
    "bob-b,14.04,1,,Paris - Roubaix (1.UWT),257,500,,2019\n"         // 21 other edition name
    "bob-b,14.04,1,,Paris-Roubaix (1.UWT),257,500,,2019\n"           // 22
    "bob-b,19.04 » 23.04,,,Tour Eritrea (2.2),,,,2019\n"             // 23
    "bob-b,,1,,General classification,,80,,2019\n"                   // 24
    "bob-b,01.05,1,,Old Race (1.1),100,,,1893\n";                    // 25 age

constexpr const char* kRiders =
    "name,DOB,weight [kg],link\n"
    "Ann A,1995-02-07,,rider/ann-a\n"
    "Bob B,1990-01-01,,rider/bob-b\n"
    "Cy C,not-a-date,,rider/cy-c\n";

ResultsImport read(bool strict = false) {
  return read_results_pcs(kResults, "pcs.csv", kRiders, "riders.csv", {.strict = strict});
}

const Event* find(const ResultsTable& t, const std::string& name) {
  for (const Event& e : t.events)
    if (e.name == name) return &e;
  return nullptr;
}

TEST(ResultsPcs, HeadersOwnTheirClassificationAndStageRows) {
  const auto r = read();
  const ResultsTable& t = r.table;
  const Event* eritrea = find(t, "Tour Eritrea");
  ASSERT_NE(eritrea, nullptr);
  EXPECT_EQ(eritrea->kind, EventKind::StageRace);
  EXPECT_EQ(eritrea->event_class, "2.2");
  EXPECT_EQ(eritrea->start_day, ymd(2019, 4, 19));
  EXPECT_EQ(eritrea->end_day, ymd(2019, 4, 23));
  const std::int32_t eritrea_index = static_cast<std::int32_t>(eritrea - t.events.data());
  int classifications = 0;
  for (const Result& res : t.results) {
    const Event& e = t.events[res.event];
    if (e.kind == EventKind::Classification && e.parent == eritrea_index) {
      ++classifications;
      EXPECT_EQ(res.day, eritrea->end_day);
    }
  }
  EXPECT_EQ(classifications, 4);  // Ann: youth, GC, sprint(other); Bob: GC (same GC event)
  const Event* sprint = find(t, "Sprint classification");
  ASSERT_NE(sprint, nullptr);
  EXPECT_EQ(sprint->classification, Classification::Other);
  const Event* youth = find(t, "Youth classification");
  ASSERT_NE(youth, nullptr);
  EXPECT_EQ(youth->classification, Classification::Youth);
  const Event* itt = find(t, "Stage 2 (ITT) - Asmara › Asmara");
  ASSERT_NE(itt, nullptr);
  EXPECT_TRUE(itt->time_trial);
  EXPECT_EQ(itt->kind, EventKind::Stage);
  EXPECT_EQ(itt->parent, eritrea_index);
  const Event* prologue = find(t, "Prologue - Keren › Keren");
  ASSERT_NE(prologue, nullptr);
  EXPECT_TRUE(prologue->time_trial);
}

TEST(ResultsPcs, RaceOverTheNewYearStartsInThePreviousYear) {
  const auto r = read();
  const Event* egypt = find(r.table, "Tour of Egypt");
  ASSERT_NE(egypt, nullptr);
  EXPECT_EQ(egypt->start_day, ymd(2018, 12, 28));
  EXPECT_EQ(egypt->end_day, ymd(2019, 1, 2));
  EXPECT_EQ(egypt->season, 2019);
  EXPECT_EQ(find(r.table, "Stage 1 - Cairo › Cairo")->start_day, ymd(2018, 12, 29));
  EXPECT_EQ(find(r.table, "Stage 2 - Sharm › Sharm")->start_day, ymd(2019, 1, 2));
}

TEST(ResultsPcs, RanksStatusesPointsAndOneEventPerEdition) {
  const auto r = read();
  const ResultsTable& t = r.table;
  const Event* roubaix = find(t, "Paris-Roubaix");
  ASSERT_NE(roubaix, nullptr);
  EXPECT_EQ(roubaix->race_key, "paris-roubaix");
  EXPECT_EQ(roubaix->event_class, "1.UWT");
  const auto ann = t.find_athlete("ann-a");
  const auto bob = t.find_athlete("bob-b");
  ASSERT_GE(ann, 0);
  ASSERT_GE(bob, 0);
  EXPECT_EQ(t.athletes[ann].birth_day, ymd(1995, 2, 7));
  EXPECT_EQ(t.athletes[bob].birth_day, ymd(1990, 1, 1));
  const std::int32_t roubaix_index = static_cast<std::int32_t>(roubaix - t.events.data());
  int roubaix_results = 0;
  for (const Result& res : t.results) {
    const Event& e = t.events[res.event];
    if (res.event == roubaix_index) {
      ++roubaix_results;
      if (res.athlete == ann) {
        EXPECT_EQ(res.rank, 3);
        EXPECT_DOUBLE_EQ(res.points, 110.0);
      }
    }
    if (e.name == "Stage 2 (ITT) - Asmara › Asmara") {
      EXPECT_EQ(res.rank, 12);
    }
    if (e.name == "Prologue - Keren › Keren") {
      EXPECT_EQ(res.status, Status::Unranked);
    }
    if (e.name == "Stage 1 - Cairo › Cairo") {
      EXPECT_EQ(res.status, Status::Dnf);
    }
  }
  // "Paris - Roubaix" is another spelling of the same day's race: a separate event, same key.
  EXPECT_EQ(roubaix_results, 2);
  const Event* spaced = find(t, "Paris - Roubaix");
  ASSERT_NE(spaced, nullptr);
  EXPECT_EQ(spaced->race_key, "paris-roubaix");
  EXPECT_EQ(r.counts.duplicates, 1);  // line 13 with its view count stripped
  EXPECT_EQ(r.counts.header_rows, 3);
}

TEST(ResultsPcs, BadRowsAreCountedWithTheirLines) {
  const auto r = read();
  std::vector<std::pair<std::string, std::int64_t>> where;
  for (const BadRow& b : r.bad_rows)
    where.emplace_back(b.place.source, static_cast<std::int64_t>(b.place.line.value_or(0)));
  const std::vector<std::pair<std::string, std::int64_t>> expected = {
      {"riders.csv", 4}, {"pcs.csv", 14}, {"pcs.csv", 15}, {"pcs.csv", 16}, {"pcs.csv", 17},
      {"pcs.csv", 18},   {"pcs.csv", 19}, {"pcs.csv", 20}, {"pcs.csv", 25}};
  EXPECT_EQ(where, expected);
  const auto text_of = [&](std::size_t i) {
    return r.bad_rows[i].place.message(r.bad_rows[i].problem);
  };
  EXPECT_EQ(text_of(1),
            "pcs.csv: line 14: race_name: 'Stage 9 - Lost \xE2\x80\xBA Lost' is a "
            "stage row without a stage-race header above it");
  EXPECT_EQ(text_of(3),
            "pcs.csv: line 16: date: '31.02' is not a real \"dd.mm\" date of the year "
            "column");
  EXPECT_EQ(text_of(4),
            "pcs.csv: line 17: race_name: 'No Class Race' does not end with its "
            "class, as in \"Paris-Roubaix (1.UWT)\"");
  EXPECT_EQ(text_of(6),
            "pcs.csv: line 19: pcs_points: '-1' is not a number from 0 to 1e6 "
            "(empty = 0)");
  EXPECT_EQ(text_of(7), "pcs.csv: line 20: race_name: missing");
  EXPECT_EQ(text_of(8), "pcs.csv: line 25: date = 01.05: birth date after the event (born 1990)");
  EXPECT_EQ(r.counts.rows, 24);
  EXPECT_EQ(r.counts.bad_rows, 9);
  EXPECT_EQ(r.counts.results + r.counts.duplicates + r.counts.header_rows + r.counts.bad_rows - 1,
            r.counts.rows);  // every row accounted for (one bad row is riders_info's)
}

TEST(ResultsPcs, StrictStopsAtTheFirstBadRow) {
  try {
    read(true);
    FAIL() << "no error";
  } catch (const podium::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "riders.csv: line 4: DOB: 'not-a-date' is not a real YYYY-MM-DD date");
  }
}

TEST(ResultsPcs, MissingColumnsNameTheFile) {
  try {
    read_results_pcs("rider_slug,date,race_name\n", "x.csv", "", "", {});
    FAIL() << "no error";
  } catch (const podium::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "x.csv: line 1: not a PCS results file: missing column(s) result_ranking, "
              "pcs_points, year");
  }
}

}  // namespace
