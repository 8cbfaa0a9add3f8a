// Results and rank-model tables: round trip of every field, idempotent re-import, a failure that
// leaves nothing, the audit row, model save/replace/list; and the app-layer ResultsTable <-> rows
// conversion with its deterministic order.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <tuple>

#include "app/results_store.hpp"
#include "podium/core/error.hpp"
#include "podium/store/store.hpp"
#include "store/test_db.hpp"
#include "testkit/throws_error.hpp"

namespace {

using namespace podium;
using store::ResultsRows;
using store::Store;
using store::testkit::TempDir;

ResultsRows sample_rows() {
  ResultsRows rows;
  rows.athletes = {{"ann-a", 9000}, {"bob-b", std::nullopt}};
  rows.events = {
      {"Tour X", "tour-x", "2.1", "stage_race", "", false, 17000, 17004, 2016, -1},
      {"Stage 1 (ITT) - A › A", "", "2.1", "stage", "", true, 17000, 17000, 2016, 0},
      {"General classification", "tour-x", "2.1", "classification", "general", false, 17004, 17004,
       2016, 0},
      {"Paris-Roubaix", "paris-roubaix", "1.UWT", "one_day", "", false, 17100, 17100, 2016, -1},
  };
  rows.results = {
      {1, 0, 17000, "ranked", 1, 20.0},
      {1, 1, 17000, "DNF", 0, 0.0},
      {2, 0, 17004, "ranked", 3, 150.5},
      {3, 1, 17100, "unranked", 0, 0.0},
  };
  return rows;
}

TEST(ResultsStore, RoundTripKeepsEveryField) {
  TempDir dir;
  Store db = Store::open(dir.path("p.db"));
  const ResultsRows in = sample_rows();
  const auto summary = db.import_results(in, "test");
  EXPECT_EQ(summary.athletes_added, 2);
  EXPECT_EQ(summary.events_added, 4);
  EXPECT_EQ(summary.results_added, 4);
  const ResultsRows out = db.results();
  EXPECT_EQ(out.athletes, in.athletes);
  EXPECT_EQ(out.events, in.events);
  EXPECT_EQ(out.results, in.results);
}

TEST(ResultsStore, ReimportIsIdempotentAndUpdatesValues) {
  TempDir dir;
  Store db = Store::open(dir.path("p.db"));
  ResultsRows rows = sample_rows();
  db.import_results(rows, "first");
  rows.results[2].points = 160.0;
  rows.athletes[1].birth_day = 9100;
  const auto again = db.import_results(rows, "second");
  EXPECT_EQ(again.athletes_added, 0);
  EXPECT_EQ(again.events_added, 0);
  EXPECT_EQ(again.results_added, 0);
  EXPECT_EQ(again.results_written, 4);
  const ResultsRows out = db.results();
  EXPECT_EQ(out.results.size(), 4U);
  EXPECT_DOUBLE_EQ(out.results[2].points, 160.0);
  EXPECT_EQ(out.athletes[1].birth_day, 9100);
  // An unknown birth day does not erase a known one.
  rows.athletes[1].birth_day.reset();
  db.import_results(rows, "third");
  EXPECT_EQ(db.results().athletes[1].birth_day, 9100);
}

TEST(ResultsStore, AFailureLeavesNothing) {
  TempDir dir;
  Store db = Store::open(dir.path("p.db"));
  ResultsRows rows = sample_rows();
  rows.results.back().status = "WON";
  EXPECT_THROW(db.import_results(rows, "bad"), Error);
  rows = sample_rows();
  rows.events[1].parent = 3;  // a later event
  EXPECT_THROW(db.import_results(rows, "bad"), Error);
  rows = sample_rows();
  rows.athletes[0].source_id = "no spaces";
  EXPECT_THROW(db.import_results(rows, "bad"), Error);
  const ResultsRows out = db.results();
  EXPECT_TRUE(out.athletes.empty());
  EXPECT_TRUE(out.events.empty());
  EXPECT_TRUE(out.results.empty());
  // A repeated pair inside one import is an upsert, not a failure.
  rows = sample_rows();
  rows.results.push_back(rows.results[0]);
  rows.results.back().rank = 7;
  db.import_results(rows, "dup");
  EXPECT_EQ(db.results().results.size(), 4U);
  EXPECT_EQ(db.results().results[0].rank, 7);  // the later row wins inside one import
}

TEST(ResultsStore, RankModelsSaveReplaceList) {
  TempDir dir;
  Store db = Store::open(dir.path("p.db"));
  EXPECT_FALSE(db.rank_model("m"));
  db.save_rank_model("m", "xgboost", "{\"v\":1}", {1, 2, 3});
  db.save_rank_model("a", "neural", "{}", {});
  db.save_rank_model("m", "xgboost", "{\"v\":2}", {9, 8});
  const auto m = db.rank_model("m");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->card_json, "{\"v\":2}");
  EXPECT_EQ(m->blob, (std::vector<std::uint8_t>{9, 8}));
  const auto list = db.rank_models();
  ASSERT_EQ(list.size(), 2U);
  EXPECT_EQ(list[0].name, "a");
  EXPECT_EQ(list[1].name, "m");
  EXPECT_EQ(list[1].blob_bytes, 2);
  EXPECT_TRUE(list[1].blob.empty());
  EXPECT_THROW(db.save_rank_model("", "x", "{}", {}), Error);
  // Names are 1-128 bytes (limits::kStoredNameBytes).
  EXPECT_NO_THROW(db.save_rank_model(std::string(128, 'n'), "x", "{}", {}));
  EXPECT_THAT([&] { db.save_rank_model(std::string(129, 'n'), "x", "{}", {}); },
              podium::testkit::ThrowsError(
                  ErrorKind::InvalidInput,
                  ::testing::HasSubstr("must be 1-128 bytes without control characters")));
}

// A seeded random table: to_rows -> store -> load_results gives the same content in the
// documented order, and two loads are identical.
TEST(ResultsStore, LoadResultsIsDeterministicAndComplete) {
  std::mt19937 rng(7);
  career::ResultsTable t;
  for (int a = 0; a < 13; ++a)
    t.athletes.push_back({"r" + std::to_string(rng() % 1000) + "-" + std::to_string(a),
                          a % 3 == 0 ? std::nullopt : std::optional<career::Day>(5000 + a)});
  for (int e = 0; e < 9; ++e) {
    career::Event ev;
    ev.name = "Race " + std::to_string(rng() % 5);
    ev.race_key = career::race_key(ev.name);
    ev.start_day = ev.end_day = 17000 + static_cast<int>(rng() % 4);
    ev.season = 2016;
    ev.kind = career::EventKind::OneDay;
    ev.event_class = "1." + std::to_string(e);
    t.events.push_back(ev);
  }
  for (int e = 0; e < 9; ++e)
    for (int a = 0; a < 13; ++a)
      if (rng() % 2 == 0)
        t.results.push_back({e, a, t.events[e].start_day, career::Status::Ranked, a + 1,
                             static_cast<double>(rng() % 100)});
  TempDir dir;
  Store db = Store::open(dir.path("p.db"));
  app::save_results(db, t, "random");
  const career::ResultsTable x = app::load_results(db);
  const career::ResultsTable y = app::load_results(db);
  ASSERT_EQ(x.results.size(), t.results.size());
  for (std::size_t i = 1; i < x.events.size(); ++i) {
    EXPECT_LE(x.events[i - 1].start_day, x.events[i].start_day);
  }
  for (std::size_t i = 1; i < x.athletes.size(); ++i)
    EXPECT_LT(x.athletes[i - 1].id, x.athletes[i].id);
  std::multiset<std::tuple<std::string, std::string, int, double>> want;
  std::multiset<std::tuple<std::string, std::string, int, double>> got;
  for (const auto& r : t.results)
    want.insert({t.events[r.event].event_class, t.athletes[r.athlete].id, r.rank, r.points});
  for (std::size_t i = 0; i < x.results.size(); ++i) {
    const auto& r = x.results[i];
    got.insert({x.events[r.event].event_class, x.athletes[r.athlete].id, r.rank, r.points});
    EXPECT_EQ(r.event, y.results[i].event);
    EXPECT_EQ(r.athlete, y.results[i].athlete);
    if (i > 0) {
      EXPECT_LT(std::tie(x.results[i - 1].event, x.results[i - 1].athlete),
                std::tie(r.event, r.athlete));
    }
  }
  EXPECT_EQ(got, want);
}

}  // namespace
