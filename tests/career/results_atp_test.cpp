// ATP matches reader on a hand-made fixture in the Sackmann layout: a 4-player draw with a
// walkover and a retirement, a Grand Slam draw with a missing later row, a round-robin event, a
// skipped Davis Cup tie, year-only and bad birth dates, and the bad rows with their lines; then a
// seeded random complete draw read in shuffled row order.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "podium/career/results_csv.hpp"
#include "podium/core/error.hpp"
#include "testkit/day.hpp"

namespace {

using podium::testkit::ymd;

using namespace podium::career;

constexpr const char* kHeader =
    "tourney_id,tourney_name,surface,draw_size,tourney_level,tourney_date,match_num,winner_id,"
    "winner_name,loser_id,loser_name,score,round\n";

constexpr const char* kMatches =
    "2020-001,Test Open,Hard,4,A,20200106,1,101,Ann,102,Bea,6-3 6-4,SF\n"                // 2
    "2020-001,Test Open,Hard,4,A,20200106,2,103,Cid,104,Dan,W/O,SF\n"                    // 3
    "2020-001,Test Open,Hard,4,A,20200106,3,101,Ann,103,Cid,6-1 2-0 RET,F\n"             // 4
    "2020-580,Australian Open,Hard,128,G,20200120,1,102,Bea,104,Dan,6-0 6-0 6-0,R128\n"  // 5
    "2020-580,Australian Open,Hard,128,G,20200120,2,103,Cid,102,Bea,6-4 6-4 6-4,R64\n"   // 6
    "2020-M-DC-01,Davis Cup WG,Clay,4,D,20200306,1,101,Ann,104,Dan,6-2 6-2,RR\n"         // 7
    "2020-605,Tour Finals,Hard,8,F,20201115,1,101,Ann,102,Bea,6-3 6-3,RR\n"              // 8
    "2020-605,Tour Finals,Hard,8,F,20201115,2,101,Ann,103,Cid,6-3 6-3,RR\n"              // 9
    "2020-605,Tour Finals,Hard,8,F,20201115,3,102,Bea,103,Cid,6-3 6-3,RR\n"              // 10
    "2020-001,Test Open,Hard,4,A,20200106,9,,Ann,102,Bea,6-3 6-4,SF\n"                   // 11
    "2020-002,Bad Date,Hard,4,A,20200230,1,101,Ann,102,Bea,6-3 6-4,SF\n"                 // 12
    "2020-002,Bad Round,Hard,4,A,20200203,1,101,Ann,102,Bea,6-3 6-4,Q1\n"                // 13
    "2020-002,Same Player,Hard,4,A,20200203,1,101,Ann,101,Ann,6-3 6-4,SF\n"              // 14
    "2020-001,Test Open,Hard,4,A,20200113,4,101,Ann,102,Bea,6-3 6-4,SF\n"                // 15
    "2020-003,Kid Cup,Hard,4,A,20200210,1,105,Eve,101,Ann,6-3 6-4,F\n"                   // 16
    "2020-003,Short\n";                                                                  // 17

constexpr const char* kPlayers =
    "player_id,name_first,name_last,hand,dob,ioc,height,wikidata_id\n"  // 1
    "101,Ann,A,R,19980315,USA,180,\n"                                   // 2
    "102,Bea,B,R,19950000,USA,180,\n"                                   // 3 year only
    "103,Cid,C,R,,USA,180,\n"                                           // 4 none
    "104,Dan,D,R,19990230,USA,180,\n"                                   // 5 bad
    "105,Eve,E,R,20150101,USA,180,\n"                                   // 6
    "101,Ann,A,R,19980316,USA,180,\n";                                  // 7 conflict

ResultsImport read(bool strict = false) {
  return read_results_atp(std::string(kHeader) + kMatches, "matches.csv", kPlayers, "players.csv",
                          {.strict = strict});
}

struct Placed {
  std::int32_t rank;
  double points;
};

// athlete id -> place and points in the event named `event`.
std::map<std::string, Placed> placed(const ResultsImport& r, const std::string& event) {
  std::map<std::string, Placed> out;
  for (const Result& x : r.table.results)
    if (r.table.events[x.event].name == event)
      out[r.table.athletes[x.athlete].id] = {x.rank, x.points};
  return out;
}

TEST(ResultsAtp, PlacesAndPointsOfAFourPlayerDrawWithWalkoverAndRetirement) {
  const ResultsImport r = read();
  const auto test_open = placed(r, "Test Open");
  ASSERT_EQ(test_open.size(), 4u);
  EXPECT_EQ(test_open.at("atp-101").rank, 1);  // won the final (the loser retired)
  EXPECT_EQ(test_open.at("atp-101").points, 250);
  EXPECT_EQ(test_open.at("atp-103").rank, 2);  // reached the final through a walkover
  EXPECT_EQ(test_open.at("atp-103").points, 150);
  EXPECT_EQ(test_open.at("atp-102").rank, 3);
  EXPECT_EQ(test_open.at("atp-102").points, 90);
  EXPECT_EQ(test_open.at("atp-104").rank, 3);  // the walkover loser still reached the SF
  EXPECT_EQ(test_open.at("atp-104").points, 90);
}

TEST(ResultsAtp, GrandSlamRoundsAndAWinnerWhoseNextRowIsMissing) {
  const auto ao = placed(read(), "Australian Open");
  ASSERT_EQ(ao.size(), 3u);
  EXPECT_EQ(ao.at("atp-104").rank, 65);
  EXPECT_EQ(ao.at("atp-104").points, 10);
  EXPECT_EQ(ao.at("atp-102").rank, 33);  // won R128, lost R64
  EXPECT_EQ(ao.at("atp-102").points, 45);
  EXPECT_EQ(ao.at("atp-103").rank, 33);  // won R64, no later row: placed by that round
  EXPECT_EQ(ao.at("atp-103").points, 45);
}

TEST(ResultsAtp, RoundRobinRankedByWinsAndDavisCupSkipped) {
  const ResultsImport r = read();
  const auto finals = placed(r, "Tour Finals");
  ASSERT_EQ(finals.size(), 3u);
  EXPECT_EQ(finals.at("atp-101").rank, 1);  // 2 wins
  EXPECT_EQ(finals.at("atp-102").rank, 2);  // 1 win
  EXPECT_EQ(finals.at("atp-103").rank, 3);  // 0 wins
  for (const auto& [id, p] : finals)
    EXPECT_EQ(p.points, 200) << id;
  EXPECT_TRUE(placed(r, "Davis Cup WG").empty());
  EXPECT_EQ(r.counts.skipped, 1);
}

TEST(ResultsAtp, EventsAthletesAndBirthDays) {
  const ResultsImport r = read();
  ASSERT_EQ(r.table.events.size(), 3u);
  const Event& e = r.table.events[0];
  EXPECT_EQ(e.name, "Test Open");
  EXPECT_EQ(e.race_key, "test-open");
  EXPECT_EQ(e.event_class, "A");
  EXPECT_EQ(e.kind, EventKind::OneDay);
  EXPECT_EQ(e.start_day, ymd(2020, 1, 6));
  EXPECT_EQ(e.end_day, e.start_day);
  EXPECT_EQ(e.season, 2020);
  EXPECT_EQ(r.table.events[1].event_class, "G");
  EXPECT_EQ(r.table.events[2].start_day, ymd(2020, 11, 15));
  ASSERT_EQ(r.table.athletes.size(), 4u);  // 105 is only in a rejected row
  EXPECT_EQ(r.table.athletes[0].id, "atp-101");
  EXPECT_EQ(r.table.athletes[0].birth_day, ymd(1998, 3, 15));  // the first dob row wins
  EXPECT_EQ(r.table.athletes[1].id, "atp-102");
  EXPECT_FALSE(r.table.athletes[1].birth_day);  // year-only dob
  EXPECT_FALSE(r.table.athletes[2].birth_day);  // empty dob
  EXPECT_FALSE(r.table.athletes[3].birth_day);  // bad dob
  for (const Result& x : r.table.results) {
    EXPECT_EQ(x.status, Status::Ranked);
    EXPECT_EQ(x.day, r.table.events[x.event].start_day);
  }
  EXPECT_EQ(r.counts.rows, 16);
  EXPECT_EQ(r.counts.results, 10);
  EXPECT_EQ(r.counts.events, 3);
  EXPECT_EQ(r.counts.athletes, 4);
}

TEST(ResultsAtp, BadRowsCountedWithTheirLines) {
  const ResultsImport r = read();
  std::vector<std::pair<std::string, std::int64_t>> where;
  for (const BadRow& b : r.bad_rows)
    where.emplace_back(b.place.source, static_cast<std::int64_t>(b.place.line.value_or(0)));
  const std::vector<std::pair<std::string, std::int64_t>> expected = {
      {"players.csv", 5},  {"players.csv", 7},  {"matches.csv", 11},
      {"matches.csv", 12}, {"matches.csv", 13}, {"matches.csv", 14},
      {"matches.csv", 15}, {"matches.csv", 16}, {"matches.csv", 17}};
  EXPECT_EQ(where, expected);
  EXPECT_EQ(r.counts.bad_rows, 9);
  const auto text_of = [&](std::size_t i) {
    return r.bad_rows[i].place.message(r.bad_rows[i].problem);
  };
  EXPECT_EQ(text_of(0), "players.csv: line 5: dob: '19990230' is not a real YYYYMMDD date");
  EXPECT_EQ(text_of(1),
            "players.csv: line 7: dob = 19980316: conflicts with an earlier row of this player");
  EXPECT_EQ(text_of(2), "matches.csv: line 11: winner_id: '' is not 1-12 digits");
  EXPECT_EQ(text_of(4),
            "matches.csv: line 13: round: 'Q1' is not F, BR, SF, QF, R16, R32, R64, "
            "R128, RR or ER");
  EXPECT_EQ(text_of(5), "matches.csv: line 14: loser_id = 101: the same player as winner_id");
  EXPECT_EQ(text_of(6),
            "matches.csv: line 15: tourney_date = 20200113: differs from the first "
            "row of this tourney_id");
  EXPECT_EQ(text_of(7),
            "matches.csv: line 16: tourney_date = 20200210: athlete younger than 10 "
            "at the event for winner_id 105 (dob from players file)");
}

TEST(ResultsAtp, StrictThrowsAtTheFirstBadRow) {
  try {
    read_results_atp(std::string(kHeader) + kMatches, "matches.csv", "", "", {.strict = true});
    FAIL() << "no throw";
  } catch (const podium::Error& e) {
    EXPECT_EQ(e.kind(), podium::ErrorKind::Format);
    EXPECT_STREQ(e.what(), "matches.csv: line 11: winner_id: '' is not 1-12 digits");
    EXPECT_EQ(e.place().line, 11u);
    EXPECT_EQ(e.place().field, "winner_id");
  }
  EXPECT_THROW(read(true), podium::Error);  // players.csv line 5 first
}

TEST(ResultsAtp, NotTheLayout) {
  EXPECT_THROW(read_results_atp("", "m.csv", "", "", {}), podium::Error);
  try {
    read_results_atp("tourney_id,winner_id,loser_id\n", "m.csv", "", "", {});
    FAIL() << "no throw";
  } catch (const podium::Error& e) {
    EXPECT_EQ(e.kind(), podium::ErrorKind::Format);
    EXPECT_NE(std::string(e.what()).find("missing column(s) tourney_name, tourney_level"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(read_results_atp(kHeader, "m.csv", "player_id,name\n", "p.csv", {}), podium::Error);
}

// A complete 32-player knockout draw with random winners, its rows shuffled: places are
// 1, 2, 3 x2, 5 x4, 9 x8, 17 x16 whatever the order, and reading is deterministic.
TEST(ResultsAtp, RandomCompleteDrawInAnyRowOrder) {
  std::mt19937 rng(20240501);
  std::vector<int> alive(32);
  for (int i = 0; i < 32; ++i)
    alive[i] = 200 + i;
  const char* rounds[] = {"R32", "R16", "QF", "SF", "F"};
  std::vector<std::string> rows;
  for (const char* round : rounds) {
    std::vector<int> next;
    for (std::size_t i = 0; i + 1 < alive.size(); i += 2) {
      const bool first = (rng() & 1U) != 0;
      const int w = first ? alive[i] : alive[i + 1];
      const int l = first ? alive[i + 1] : alive[i];
      next.push_back(w);
      rows.push_back("2021-9,Draw,Clay,32,M,20210405,1," + std::to_string(w) + ",W," +
                     std::to_string(l) + ",L,6-1 6-1," + round + "\n");
    }
    alive = next;
  }
  std::string in_order = kHeader;
  for (const std::string& row : rows)
    in_order += row;
  std::shuffle(rows.begin(), rows.end(), rng);
  std::string shuffled = kHeader;
  for (const std::string& row : rows)
    shuffled += row;
  std::map<std::string, Placed> runs[2];
  for (int run = 0; run < 2; ++run) {
    const ResultsImport r = read_results_atp(run == 0 ? in_order : shuffled, "d.csv", "", "", {});
    ASSERT_TRUE(r.bad_rows.empty());
    runs[run] = placed(r, "Draw");
  }
  ASSERT_EQ(runs[0].size(), 32u);
  std::map<std::int32_t, int> count;
  std::map<std::int32_t, double> points;
  for (const auto& [id, p] : runs[0]) {
    ++count[p.rank];
    points[p.rank] = p.points;
    EXPECT_EQ(runs[1].at(id).rank, p.rank) << id;
  }
  EXPECT_EQ(count, (std::map<std::int32_t, int>{{1, 1}, {2, 1}, {3, 2}, {5, 4}, {9, 8}, {17, 16}}));
  EXPECT_EQ(points, (std::map<std::int32_t, double>{
                        {1, 1000}, {2, 600}, {3, 360}, {5, 180}, {9, 90}, {17, 45}}));
  EXPECT_EQ(runs[0].at("atp-" + std::to_string(alive[0])).rank, 1);
}

}  // namespace
