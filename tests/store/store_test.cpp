#include "podium/store/store.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include "podium/core/error.hpp"
#include "store/migrations.hpp"
#include "store/sqlite.hpp"
#include "store/synthetic.hpp"
#include "store/test_db.hpp"
#include "testkit/throws_error.hpp"

namespace podium::store {
namespace {

using podium::testkit::ThrowsError;
using ::testing::HasSubstr;

using testkit::synthetic_activity;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { path_ = dir_.path("podium.db"); }
  testkit::TempDir dir_;
  std::string path_;
};

TEST_F(StoreTest, MigratesAnEmptyFileAndConfiguresWal) {
  Store s = Store::open(path_);
  EXPECT_EQ(s.schema_version(), kSchemaVersion);
  EXPECT_EQ(s.path(), path_);
  Db db = Db::open(path_);
  for (const std::string& table : testkit::kTables) {
    EXPECT_EQ(testkit::count_rows(db, table), table == "schema_migrations" ? kSchemaVersion : 0)
        << table;
  }
  Statement mode(db, "PRAGMA journal_mode", "read journal_mode");
  ASSERT_TRUE(mode.step());
  EXPECT_EQ(mode.text(0), "wal");
  Statement fk(db, "PRAGMA foreign_keys", "read foreign_keys");
  ASSERT_TRUE(fk.step());
  EXPECT_EQ(fk.int64(0), 1);
}

TEST_F(StoreTest, ReopenKeepsDataAndDoesNotMigrateAgain) {
  std::int64_t id = 0;
  {
    Store s = Store::open(path_);
    s.add_athlete("rider-1");
    id = s.import_activity(synthetic_activity("rider-1", 1, 100)).id;
  }
  Store s = Store::open(path_);
  EXPECT_EQ(s.athletes(), std::vector<std::string>{"rider-1"});
  ASSERT_TRUE(s.activity(id, true).has_value());
  Db db = Db::open(path_);
  EXPECT_EQ(testkit::count_rows(db, "schema_migrations"), kSchemaVersion);
}

TEST_F(StoreTest, NewerSchemaIsRefusedNamingBothVersions) {
  Store::open(path_);
  {
    Db db = Db::open(path_);
    db.exec("INSERT INTO schema_migrations VALUES (" + std::to_string(kSchemaVersion + 41) +
                ", 0, 'from the future')",
            "test");
  }
  EXPECT_THAT(
      [&] { Store::open(path_); },
      ThrowsError(ErrorKind::Unsupported,
                  HasSubstr("schema version " + std::to_string(kSchemaVersion + 41) +
                            " is newer than this podium's " + std::to_string(kSchemaVersion))));
}

TEST_F(StoreTest, ForeignFilesAreRefused) {
  {
    Db db = Db::open(path_);
    db.exec("CREATE TABLE customers (name TEXT)", "test");
  }
  EXPECT_THAT([&] { Store::open(path_); },
              ThrowsError(ErrorKind::Format, HasSubstr("not a podium database")));
  const std::string text = dir_.path("notes.txt");
  std::ofstream(text) << "this is not an SQLite database, not even close; it is a text file\n";
  EXPECT_THAT([&] { Store::open(text); }, ThrowsError(ErrorKind::Format, HasSubstr(text)));
  EXPECT_THAT([&] { Store::open(dir_.path("missing/podium.db")); },
              ThrowsError(ErrorKind::NotFound, HasSubstr("does not exist")));
}

TEST_F(StoreTest, AthleteIdsAreValidatedAndGeneratedInSequence) {
  Store s = Store::open(path_);
  EXPECT_EQ(s.add_athlete(std::nullopt), "A0001");
  EXPECT_EQ(s.add_athlete("A0003"), "A0003");
  EXPECT_EQ(s.add_athlete(std::nullopt), "A0004");  // 3 athletes -> tries A0003, taken
  EXPECT_EQ(s.add_athlete(std::nullopt), "A0005");
  EXPECT_EQ(s.add_athlete("x.y_z-9"), "x.y_z-9");
  EXPECT_EQ(s.athletes(),
            (std::vector<std::string>{"A0001", "A0003", "A0004", "A0005", "x.y_z-9"}));
  const std::string rule = "must be 1-64 characters of [A-Za-z0-9_.-]";
  for (const std::string& bad :
       std::vector<std::string>{"", "has space", "Émile", "a/b", std::string(65, 'a')}) {
    EXPECT_THAT([&] { s.add_athlete(bad); }, ThrowsError(ErrorKind::InvalidInput, HasSubstr(rule)));
  }
  EXPECT_NO_THROW(s.add_athlete(std::string(64, 'a')));
  EXPECT_THAT([&] { s.add_athlete("A0001"); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("\"A0001\" already exists")));
  EXPECT_THAT([&] { s.athlete("nobody"); },
              ThrowsError(ErrorKind::NotFound, HasSubstr("athlete \"nobody\" not found")));
  const AthleteInfo info = s.athlete("A0001");
  EXPECT_EQ(info.id, "A0001");
  EXPECT_GT(info.created_at_utc_s, 1600000000);
  EXPECT_TRUE(info.settings.empty());
}

AthleteSettings settings(std::int32_t day, double ftp) {
  AthleteSettings a;
  a.effective_from_day = day;
  a.ftp_w = ftp;
  a.cp_w = ftp + 10;
  a.wprime_j = 18000 + day;
  a.weight_kg = 68.5;
  a.hr_max_bpm = 188;
  a.hr_rest_bpm = 44;
  a.female = day % 2 == 0;
  a.power_zones = {0.0, 0.56, 0.76, 0.91, 1.06, 1.21, 1.51};
  a.hr_zones = {0.5, 0.6, 0.7, 0.8, 0.9 + day * 1e-6};
  return a;
}

TEST_F(StoreTest, SettingsHistoryPicksLatestEffectiveOnOrBeforeTheDay) {
  Store s = Store::open(path_);
  s.add_athlete("r");
  EXPECT_FALSE(s.settings_at("r", 19000).has_value());
  s.set_settings("r", settings(19100, 250));
  s.set_settings("r", settings(19300, 280));
  s.set_settings("r", settings(19200, 265));
  EXPECT_FALSE(s.settings_at("r", 19099).has_value());
  EXPECT_EQ(s.settings_at("r", 19100), settings(19100, 250));
  EXPECT_EQ(s.settings_at("r", 19199), settings(19100, 250));
  EXPECT_EQ(s.settings_at("r", 19200), settings(19200, 265));
  EXPECT_EQ(s.settings_at("r", 19299), settings(19200, 265));
  EXPECT_EQ(s.settings_at("r", 30000), settings(19300, 280));
  // Setting the same day again replaces that day's entry.
  s.set_settings("r", settings(19200, 270));
  EXPECT_EQ(s.settings_at("r", 19250)->ftp_w, 270);
  const AthleteInfo info = s.athlete("r");
  ASSERT_EQ(info.settings.size(), 3u);
  EXPECT_EQ(info.settings[0], settings(19100, 250));
  EXPECT_EQ(info.settings[1], settings(19200, 270));
  EXPECT_EQ(info.settings[2], settings(19300, 280));

  AthleteSettings bad = settings(19400, 300);
  bad.weight_kg = std::nan("");
  EXPECT_THAT([&] { s.set_settings("r", bad); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("weight_kg")));
  bad = settings(19400, 300);
  bad.hr_zones[2] = INFINITY;
  EXPECT_THAT([&] { s.set_settings("r", bad); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("hr_zones")));
  EXPECT_THAT([&] { s.set_settings("ghost", settings(1, 1)); },
              ThrowsError(ErrorKind::NotFound, HasSubstr("\"ghost\"")));
  Db db = Db::open(path_);
  EXPECT_EQ(testkit::count_rows(db, "athlete_settings"), 3);
}

void expect_same_activity(const ActivityRecord& got, const ActivityRecord& want) {
  EXPECT_EQ(got.athlete_id, want.athlete_id);
  EXPECT_EQ(got.content_sha256, want.content_sha256);
  EXPECT_EQ(got.file_name, want.file_name);
  EXPECT_EQ(got.format, want.format);
  EXPECT_EQ(got.sport, want.sport);
  testkit::expect_same_values({got.start_utc_s}, {want.start_utc_s});
  EXPECT_EQ(got.device, want.device);
  EXPECT_EQ(got.samples, want.samples);
  EXPECT_EQ(got.warnings, want.warnings);
  EXPECT_EQ(got.summary_json, want.summary_json);
  EXPECT_EQ(got.metrics, want.metrics);
  ASSERT_EQ(got.channels.size(), want.channels.size());
  for (std::size_t c = 0; c < want.channels.size(); ++c) {
    SCOPED_TRACE(want.channels[c].name);
    EXPECT_EQ(got.channels[c].name, want.channels[c].name);
    EXPECT_EQ(got.channels[c].scale, want.channels[c].scale);
    testkit::expect_same_values(got.channels[c].values, want.channels[c].values);
  }
  testkit::expect_same_values(got.mmp_w, want.mmp_w);
}

TEST_F(StoreTest, ImportReadsBackExactly) {
  Store s = Store::open(path_);
  s.add_athlete("r");
  const ActivityRecord want = synthetic_activity("r", 4, 10000);
  const ImportResult result = s.import_activity(want);
  EXPECT_FALSE(result.duplicate);
  const auto got = s.activity(result.id, true);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->id, result.id);
  EXPECT_GT(got->imported_at_utc_s, 1600000000);
  expect_same_activity(*got, want);
  const auto light = s.activity(result.id, false);
  EXPECT_TRUE(light->channels.empty());
  EXPECT_EQ(light->metrics, want.metrics);
  EXPECT_FALSE(s.activity(result.id + 1, true).has_value());
  EXPECT_EQ(s.find_activity("r", want.content_sha256), result.id);
  EXPECT_FALSE(s.find_activity("r", std::string(64, '0')).has_value());

  // An activity with no channels, metrics or MMP, an unknown start and an unknown sport.
  ActivityRecord bare;
  bare.athlete_id = "r";
  bare.content_sha256 = std::string(64, 'e');
  bare.file_name = "empty.gpx";
  bare.format = "gpx";
  const auto back = s.activity(s.import_activity(bare).id, true);
  expect_same_activity(*back, bare);
  EXPECT_TRUE(std::isnan(back->start_utc_s));
  Db db = Db::open(path_);
  EXPECT_EQ(testkit::integrity_check(db), "ok");
}

TEST_F(StoreTest, SameBytesTwiceIsOneActivityPerAthlete) {
  Store s = Store::open(path_);
  s.add_athlete("a");
  s.add_athlete("b");
  const ImportResult first = s.import_activity(synthetic_activity("a", 1, 500));
  Db db = Db::open(path_);
  const auto before = testkit::count_all(db);
  const ImportResult again = s.import_activity(synthetic_activity("a", 1, 500));
  EXPECT_TRUE(again.duplicate);
  EXPECT_EQ(again.id, first.id);
  EXPECT_EQ(testkit::count_all(db), before);  // not even an audit row
  // Another athlete's copy of the same file is theirs.
  const ImportResult other = s.import_activity(synthetic_activity("b", 1, 500));
  EXPECT_FALSE(other.duplicate);
  EXPECT_NE(other.id, first.id);
}

TEST_F(StoreTest, FailedImportsLeaveNoTrace) {
  Store s = Store::open(path_);
  s.add_athlete("r");
  s.import_activity(synthetic_activity("r", 0, 300));
  Db db = Db::open(path_);
  const std::map<std::string, std::int64_t> before = testkit::count_all(db);
  const std::vector<std::string> audit_before = testkit::audit_rows(db);

  struct Case {
    const char* name;
    ErrorKind kind;
    const char* message;
    std::function<void(ActivityRecord&)> spoil;
  };
  const std::vector<Case> cases = {
      // Fails in SQL after the activity row and the channels are written.
      {"duplicate metric", ErrorKind::InvalidInput, "insert activity_metrics \"np_gc_w\"",
       [](ActivityRecord& r) {
         r.metrics.push_back({"np_gc_w", 1.0});
       }},
      // Fails in SQL after the first channels are written.
      {"duplicate channel", ErrorKind::InvalidInput, "insert activity_channels \"power_w\"",
       [](ActivityRecord& r) { r.channels.push_back(r.channels[0]); }},
      {"unknown athlete", ErrorKind::NotFound, "athlete \"ghost\" not found",
       [](ActivityRecord& r) { r.athlete_id = "ghost"; }},
      {"bad channel name", ErrorKind::InvalidInput,
       "import: channels[2].name: 'speed?' is not 1-128 bytes without control characters",
       [](ActivityRecord& r) { r.channels[2].name = "speed\n"; }},
      {"long channel name", ErrorKind::InvalidInput,
       "ccc...' is not 1-128 bytes without control characters",
       [](ActivityRecord& r) { r.channels[2].name = std::string(129, 'c'); }},
      {"bad scale", ErrorKind::InvalidInput,
       "import: channels[3].scale = 0: must be finite and > 0",
       [](ActivityRecord& r) { r.channels[3].scale = 0; }},
      {"NaN metric", ErrorKind::InvalidInput, "import: metrics.tss_gc = nan: must be finite",
       [](ActivityRecord& r) { r.metrics[3].second = std::nan(""); }},
      {"bad hash", ErrorKind::InvalidInput, "content_sha256",
       [](ActivityRecord& r) { r.content_sha256 = "ABC"; }},
      {"bogus start", ErrorKind::InvalidInput,
       "import: start_utc_s = 1e+300: must be NaN or within",
       [](ActivityRecord& r) { r.start_utc_s = 1e300; }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ActivityRecord r = synthetic_activity("r", 7, 2000);
    c.spoil(r);
    EXPECT_THAT([&] { s.import_activity(r); }, ThrowsError(c.kind, HasSubstr(c.message)));
    EXPECT_EQ(testkit::count_all(db), before);
    EXPECT_EQ(testkit::audit_rows(db), audit_before);
    EXPECT_FALSE(s.find_activity("r", r.content_sha256).has_value());
  }
  // The store is still usable and sound, and the spoilt file imports once fixed.
  EXPECT_FALSE(s.import_activity(synthetic_activity("r", 7, 2000)).duplicate);
  EXPECT_EQ(testkit::audit_rows(db).size(), audit_before.size() + 1);
  EXPECT_EQ(testkit::integrity_check(db), "ok");
}

TEST_F(StoreTest, ActivitiesAndMetricsByDay) {
  Store s = Store::open(path_);
  s.add_athlete("r");
  s.add_athlete("other");
  // Imported out of order; index i starts at 0.7 i days after the base (days 0,0,1,2,2,3).
  for (int i : {5, 0, 3, 1, 4, 2})
    s.import_activity(synthetic_activity("r", i, 60));
  s.import_activity(synthetic_activity("other", 9, 60));
  ActivityRecord no_start = synthetic_activity("r", 20, 60);
  no_start.start_utc_s = std::nan("");
  s.import_activity(no_start);

  const auto list = s.activities("r");
  ASSERT_EQ(list.size(), 7u);
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(list[i].file_name, "ride-" + std::to_string(i) + ".fit");
  EXPECT_EQ(list[6].file_name, "ride-20.fit");  // unknown start last
  EXPECT_TRUE(std::isnan(list[6].start_utc_s));

  // Expected values from the generator's formula, not from the store.
  std::map<std::int32_t, double> want;
  std::vector<std::pair<std::int32_t, double>> want_each;
  for (int i = 0; i < 6; ++i) {
    const double start = testkit::kSyntheticStartUtcS + i * 0.7 * 86400.0;
    const auto day = static_cast<std::int32_t>(std::floor(start / 86400.0));
    want[day] += 40.0 + 0.25 * i;
    want_each.emplace_back(day, 300.0 + i);
  }
  const auto daily = s.daily_metric("r", "tss_gc");
  EXPECT_EQ(daily, (std::vector<std::pair<std::int32_t, double>>(want.begin(), want.end())));
  EXPECT_EQ(daily.size(), 5u);  // six activities on five days
  EXPECT_EQ(s.metric_by_activity("r", "best_300s_w"), want_each);
  EXPECT_TRUE(s.daily_metric("r", "no_such_metric").empty());
  EXPECT_THAT([&] { s.daily_metric("ghost", "tss_gc"); },
              ThrowsError(ErrorKind::NotFound, HasSubstr("\"ghost\"")));
  EXPECT_THAT([&] { s.activities("ghost"); },
              ThrowsError(ErrorKind::NotFound, HasSubstr("\"ghost\"")));
}

TEST_F(StoreTest, CorruptBlobIsALocatedFormatError) {
  Store s = Store::open(path_);
  s.add_athlete("r");
  const std::int64_t id = s.import_activity(synthetic_activity("r", 2, 1000)).id;
  {
    Db db = Db::open(path_);
    db.exec("UPDATE activity_channels SET data = X'50430100' WHERE name = 'speed_mps'", "test");
  }
  EXPECT_THAT([&] { s.activity(id, true); },
              ThrowsError(ErrorKind::Format,
                          HasSubstr("activity " + std::to_string(id) + " channel \"speed_mps\"")));
  {
    Db db = Db::open(path_);
    db.exec("DELETE FROM activity_channels WHERE name = 'speed_mps'", "test");
  }
  EXPECT_THAT([&] { s.activity(id, true); },
              ThrowsError(ErrorKind::Format, HasSubstr("4 channel rows, the activity declares 5")));
}

}  // namespace
}  // namespace podium::store
