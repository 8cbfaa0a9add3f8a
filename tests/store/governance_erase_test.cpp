// Erasure that erases (issue 14): after Governance::erase_athlete no byte of the athlete's id,
// their user name, their activity file names or their consent note is left in the database file,
// its WAL and shared memory, or the data folder; everyone else's data is intact; the audit log
// keeps tombstones. A control shows the scan finds deleted rows when secure_delete is off.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "podium/core/error.hpp"
#include "store/governance_fixture.hpp"
#include "store/synthetic.hpp"

namespace podium::store::testkit {
namespace {

namespace fs = std::filesystem;

void write_bytes(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

std::int64_t count_where(const Db& db, const std::string& sql, const std::string& bind = "") {
  Statement s(db, sql, "test count");
  if (!bind.empty()) s.bind(1, bind);
  s.step();
  return s.int64(0);
}

class Erase : public GovernanceStore {
 protected:
  void SetUp() override {
    GovernanceStore::SetUp();
    {
      Db db = Db::open(db_path());
      db.exec(
          "INSERT INTO teams (id, name, created_at_utc_s) VALUES (1, 'squad', 0);"
          "INSERT INTO team_athletes VALUES (1, '" +
              kErasedId + "'), (1, '" + kKeptId +
              "');"
              "INSERT INTO users (id, name, role, password_hash, athlete_id, created_at_utc_s) "
              "VALUES (1, '" +
              kErasedUser + "', 'athlete', '$argon2id$x', '" + kErasedId +
              "', 0), (2, 'coach1', 'coach', '$argon2id$y', NULL, 0);"
              "INSERT INTO team_users VALUES (1, 1), (1, 2);"
              "INSERT INTO sessions VALUES ('" +
              std::string(64, 'a') + "', 1, 'csrf', 0, 9999999999);" +
              "INSERT INTO analyses (id, athlete_id, kind, source_name, dir, created_by, "
              "created_at_utc_s, summary_json) VALUES (1, '" +
              kErasedId + "', 'video', 'zq7x-clip.mp4', 'analyses/1', 1, 0, '{}'), (2, '" +
              kKeptId +
              "', 'video', 'kept-clip.mp4', 'analyses/2', 2, 0, '{}');"
              "INSERT INTO jobs (kind, state, params_json, athlete_id, analysis_id, created_by, "
              "created_at_utc_s) VALUES ('video', 'done', '{\"athlete\":\"" +
              kErasedId + "\"}', '" + kErasedId +
              "', 1, 1, 0), ('video', 'queued', '{\"athlete\":\"" + kErasedId +
              "\"}', NULL, NULL, NULL, 0), ('video', 'done', '{}', '" + kKeptId +
              "', 2, 2, 0);"
              // An audit row as podium wrote them before migration 3: the athlete only in the
              // detail.
              "INSERT INTO audit_log (at_utc_s, action, detail) VALUES (1, 'activity.import', "
              "'athlete=" +
              kErasedId + " activity=99 sha256=00');",
          "test setup");
    }
    write_bytes(fs::path(data_dir()) / "analyses/1/overlay.mp4", "clip of " + kErasedId);
    write_bytes(fs::path(data_dir()) / "analyses/1/tracks.json",
                "{\"athlete\":\"" + kErasedId + "\"}");
    write_bytes(fs::path(data_dir()) / "analyses/1/frames/0001.png", "png");
    write_bytes(fs::path(data_dir()) / "analyses/2/overlay.mp4", "clip of " + kKeptId);
    Store st = Store::open(db_path());
    st.set_actor(kErasedUser);
    Governance g(st);
    g.record(kErasedUser, "read.activity", kErasedId, "activity=2");
    g.record(kErasedUser, "login", std::nullopt, "ok");
  }

  std::vector<std::string> needles() const {
    return {kErasedId,        kErasedUser, kErasedFiles[0], kErasedFiles[1],
            kConsentSentinel, kDevice,     "zq7x-clip.mp4"};
  }
};

TEST_F(Erase, LeavesNoByteOfTheAthleteInTheDatabaseItsWalOrTheDataFolder) {
  // The scan sees them before: the needles are really there to find.
  ASSERT_EQ(scan_for(store_files(), needles()).size() >= needles().size(), true);

  Store st = Store::open(db_path());
  Governance g(st);
  const ErasureReport r = g.erase_athlete(kErasedId, "cli:admin", data_dir());
  EXPECT_TRUE(r.wal_truncated);
  EXPECT_EQ(r.files_deleted, 3u);
  // 1 athlete, 2 settings, 2 activities with 6 channels, 4 metrics and an MMP each, 1 consent,
  // 1 team membership, 1 user with 1 session and 1 team_users row, 1 analysis, 2 jobs.
  EXPECT_EQ(r.rows_deleted, 1u + 2 + 2 * (1 + 6 + 4 + 1) + 1 + 1 + 1 + 1 + 1 + 1 + 2);
  // athlete.add, 2 settings, 2 imports, consent, the old row, the user's read and login.
  EXPECT_EQ(r.audit_rows_tombstoned, 9u);

  const std::vector<std::string> open_scan = scan_for(store_files(), needles());
  EXPECT_TRUE(open_scan.empty()) << ::testing::PrintToString(open_scan);

  {
    const Db db = Db::open(db_path());
    EXPECT_EQ(integrity_check(db), "ok");
    EXPECT_EQ(count_where(db,
                          "SELECT COUNT(*) FROM audit_log WHERE athlete_id IS NOT NULL AND "
                          "athlete_id <> ?",
                          kKeptId),
              0);
    EXPECT_EQ(
        count_where(db, "SELECT COUNT(*) FROM audit_log WHERE detail = ?", "erased athlete #1"),
        10);
    EXPECT_EQ(
        count_where(db, "SELECT COUNT(*) FROM audit_log WHERE actor = ?", "erased athlete #1"), 2)
        << "the rows their user account wrote";
    Statement last(db, "SELECT actor, action, athlete_id, detail FROM audit_log ORDER BY id DESC",
                   "last");
    ASSERT_TRUE(last.step());
    EXPECT_EQ(last.text(0), "cli:admin");
    EXPECT_EQ(last.text(1), "athlete.erase");
    EXPECT_TRUE(last.is_null(2));
    // Everything of the other athlete is still there.
    EXPECT_EQ(count_where(db, "SELECT COUNT(*) FROM audit_log WHERE athlete_id = ?", kKeptId), 5);
    EXPECT_EQ(count_where(db, "SELECT COUNT(*) FROM consent WHERE athlete_id = ?", kKeptId), 1);
    EXPECT_EQ(count_where(db, "SELECT COUNT(*) FROM team_athletes WHERE athlete_id = ?", kKeptId),
              1);
    EXPECT_EQ(count_where(db, "SELECT COUNT(*) FROM users WHERE name = 'coach1'"), 1);
    EXPECT_EQ(count_where(db, "SELECT COUNT(*) FROM team_users"), 1);
    EXPECT_EQ(count_where(db, "SELECT COUNT(*) FROM analyses WHERE athlete_id = ?", kKeptId), 1);
    EXPECT_EQ(count_where(db, "SELECT COUNT(*) FROM jobs"), 1);
  }
  EXPECT_EQ(st.athletes(), std::vector<std::string>{kKeptId});
  const auto kept = st.activities(kKeptId);
  ASSERT_EQ(kept.size(), 2u);
  const std::optional<ActivityRecord> a = st.activity(kept[0].id, true);
  ASSERT_TRUE(a);
  const ActivityRecord want = governance_activity(kKeptId, 1, "kept-1.fit");
  ASSERT_EQ(a->channels.size(), want.channels.size());
  for (std::size_t i = 0; i < want.channels.size(); ++i)
    expect_same_values(a->channels[i].values, want.channels[i].values);
  EXPECT_EQ(st.athlete(kKeptId).settings.size(), 1u);
  EXPECT_TRUE(fs::exists(fs::path(data_dir()) / "analyses/2/overlay.mp4"));
  EXPECT_FALSE(fs::exists(fs::path(data_dir()) / "analyses/1"));

  try {
    g.erase_athlete(kErasedId, "cli:admin", data_dir());
    ADD_FAILURE() << "a second erasure must be NotFound";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::NotFound) << e.what();
  }

  // The next erasure is the next number; the numbers say nothing about the ids.
  g.erase_athlete(kKeptId, "cli:admin", data_dir());
  EXPECT_EQ(g.audit({}).back().detail, "erased athlete #2");
}

// After the last connection closes (SQLite then checkpoints and deletes the WAL) the file is
// clean too.
TEST_F(Erase, TheClosedDatabaseIsCleanToo) {
  {
    Store st = Store::open(db_path());
    Governance(st).erase_athlete(kErasedId, "cli:admin", data_dir());
  }
  const std::vector<std::string> found = scan_for(store_files(), needles());
  EXPECT_TRUE(found.empty()) << ::testing::PrintToString(found);
}

// The control: the same rows deleted by hand with secure_delete off leave their bytes in the
// file, so the scan above would fail without it. With it on, the same deletion leaves none.
void delete_by_hand(const std::string& db_path, bool secure_delete) {
  Db db = Db::open(db_path);
  db.exec(secure_delete ? "PRAGMA secure_delete=ON" : "PRAGMA secure_delete=OFF", "test");
  db.exec("DELETE FROM athletes WHERE id = '" + kErasedId + "'", "test delete");  // cascades
  Statement s(db, "PRAGMA wal_checkpoint(TRUNCATE)", "test checkpoint");
  ASSERT_TRUE(s.step());
  ASSERT_EQ(s.int64(0), 0);
}

TEST_F(Erase, ControlWithoutSecureDeleteTheScanFindsTheDeletedRows) {
  delete_by_hand(db_path(), false);
  const std::vector<std::string> found =
      scan_for({db_path()}, {kErasedFiles[0], kErasedFiles[1], kConsentSentinel, kDevice});
  EXPECT_FALSE(found.empty());
}

TEST_F(Erase, ControlWithSecureDeleteTheSameDeletionLeavesNothing) {
  delete_by_hand(db_path(), true);
  const std::vector<std::string> found =
      scan_for({db_path()}, {kErasedFiles[0], kErasedFiles[1], kConsentSentinel, kDevice});
  EXPECT_TRUE(found.empty()) << ::testing::PrintToString(found);
}

void expect_erase_refused(const std::string& db_path, const std::string& data_dir,
                          const std::string& dir) {
  {
    Db db = Db::open(db_path);
    Statement s(db, "UPDATE analyses SET dir = ? WHERE id = 1", "test");
    s.bind(1, dir);
    s.run();
  }
  Store st = Store::open(db_path);
  try {
    Governance(st).erase_athlete(kErasedId, "cli:admin", data_dir);
    ADD_FAILURE() << dir << " was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput) << e.what();
    EXPECT_NE(std::string(e.what()).find("not inside the data folder"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(st.athletes().size(), 2u) << "nothing erased";
}

TEST_F(Erase, AnalysisFoldersOutsideTheDataFolderAreRefusedAndNothingIsErased) {
  write_bytes(dir_.path("outside/keep.txt"), "not podium's");
  fs::create_directory_symlink(dir_.path("outside"), fs::path(data_dir()) / "link");
  for (const std::string& dir :
       {std::string("../outside"), std::string("analyses/../../outside"), dir_.path("outside"),
        std::string("link"), std::string(""), std::string(".")}) {
    expect_erase_refused(db_path(), data_dir(), dir);
  }
  EXPECT_TRUE(fs::exists(dir_.path("outside/keep.txt")));
  // An absolute folder inside the data folder is fine.
  Db db = Db::open(db_path());
  Statement s(db, "UPDATE analyses SET dir = ? WHERE id = 1", "test");
  s.bind(1, (fs::path(data_dir()) / "analyses/1").string());
  s.run();
  Store st = Store::open(db_path());
  EXPECT_EQ(Governance(st).erase_athlete(kErasedId, "cli:admin", data_dir()).files_deleted, 3u);
}

// A database from before migration 3: the old rows name their athlete only in the detail. The
// migration fills their athlete_id, matching the whole token ("athlete=A1" is not A10's), so the
// erasure of A1 tombstones A1's rows and no other.
TEST(EraseOldRows, MigrationThreeBackfillsTheAthleteOfOldAuditRows) {
  TempDir dir;
  const std::string path = dir.path("v2.db");
  {
    Db db = Db::open(path);
    db.exec(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at_utc_s INTEGER "
        "NOT NULL, description TEXT NOT NULL);"
        "INSERT INTO schema_migrations VALUES (1, 0, 'v1'), (2, 0, 'v2');"
        "CREATE TABLE athletes (id TEXT PRIMARY KEY, created_at_utc_s INTEGER NOT NULL);"
        "CREATE TABLE audit_log (id INTEGER PRIMARY KEY, at_utc_s INTEGER NOT NULL, action TEXT "
        "NOT NULL, detail TEXT NOT NULL);"
        // The version 1 tables the erasure touches, with the columns it uses.
        "CREATE TABLE athlete_settings (athlete_id TEXT NOT NULL);"
        "CREATE TABLE activities (id INTEGER PRIMARY KEY, athlete_id TEXT NOT NULL);"
        "CREATE TABLE activity_channels (activity_id INTEGER NOT NULL);"
        "CREATE TABLE activity_metrics (activity_id INTEGER NOT NULL);"
        "CREATE TABLE activity_mmp (activity_id INTEGER NOT NULL);"
        "INSERT INTO athletes VALUES ('A1', 0), ('A10', 0), ('a1', 0);"
        "INSERT INTO audit_log (at_utc_s, action, detail) VALUES "
        "(1, 'athlete.add', 'athlete=A1'), (2, 'athlete.add', 'athlete=A10'),"
        "(3, 'athlete.settings', 'athlete=A1 day=5'), (4, 'activity.import', 'athlete=A10 "
        "activity=1 sha256=ab'), (5, 'athlete.add', 'athlete=a1'),"
        "(6, 'results.import', 'source=pcs athletes=3')",
        "build a version 2 store");
  }
  Store st = Store::open(path);
  ASSERT_EQ(st.schema_version(), 3);
  Governance g(st);
  std::vector<std::string> athletes;
  for (const AuditRow& row : g.audit({}))
    athletes.push_back(row.athlete_id.value_or("-"));
  EXPECT_EQ(athletes, (std::vector<std::string>{"A1", "A10", "A1", "A10", "a1", "-"}));

  g.erase_athlete("A1", "cli:admin", "");
  std::vector<std::string> details;
  for (const AuditRow& row : g.audit({}))
    details.push_back(row.detail);
  EXPECT_EQ(details,
            (std::vector<std::string>{"erased athlete #1", "athlete=A10", "erased athlete #1",
                                      "athlete=A10 activity=1 sha256=ab", "athlete=a1",
                                      "source=pcs athletes=3", "erased athlete #1"}));
}

// The audit log stays append-only for everything but the erasure's rewrite.
TEST_F(Erase, TheAuditTriggersRefuseAnyOtherChange) {
  {
    Store st = Store::open(db_path());
    Governance(st).erase_athlete(kErasedId, "cli:admin", data_dir());
  }
  Db db = Db::open(db_path());
  for (const char* sql : {
           "UPDATE audit_log SET detail = 'forged' WHERE id = 1",
           "UPDATE audit_log SET actor = 'someone' WHERE id = 1",
           "UPDATE audit_log SET athlete_id = NULL, detail = 'erased athlete #1', action = 'x' "
           "WHERE id = 1",
           "UPDATE audit_log SET actor = 'erased athlete #1' WHERE id = 1",
           "UPDATE audit_log SET detail = 'erased athlete #7' WHERE detail = 'erased athlete #1'",
           "DELETE FROM audit_log WHERE id = 1",
       }) {
    try {
      db.exec(sql, "test");
      ADD_FAILURE() << sql << " was allowed";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("append-only"), std::string::npos) << e.what();
    }
  }
}

// Many athletes whose rows share pages, several erased in turn: B-tree pages are merged and
// rebalanced under the deletions, and still no byte of the erased remains.
TEST(EraseMany, AthletesErasedInTurnLeaveNothingAmongTheOthers) {
  TempDir dir;
  const std::string path = dir.path("many.db");
  constexpr int kAthletes = 12;
  auto id = [](int a) { return "Mx" + std::to_string(a) + "qZ"; };
  auto file = [](int a, int k) {
    return "mx" + std::to_string(a) + "-ride-" + std::to_string(k) + ".fit";
  };
  {
    Store st = Store::open(path);
    for (int a = 0; a < kAthletes; ++a)
      st.add_athlete(id(a));
    for (int k = 0; k < 3; ++k) {
      for (int a = 0; a < kAthletes; ++a) {
        ActivityRecord r = synthetic_activity(id(a), 100 * a + k, 1500 + 500 * k);
        r.file_name = file(a, k);
        st.import_activity(r);
      }
    }
  }
  std::vector<std::string> erased_needles;
  for (int a : {3, 0, 7, 11, 5}) {
    Store st = Store::open(path);
    Governance(st).erase_athlete(id(a), "cli:admin", "");
    for (const std::string& n : {id(a), file(a, 0), file(a, 1), file(a, 2)})
      erased_needles.push_back(n);
    const std::vector<std::string> found =
        scan_for({path, path + "-wal", path + "-shm"}, erased_needles);
    EXPECT_TRUE(found.empty()) << "after erasing " << id(a) << ": "
                               << ::testing::PrintToString(found);
  }
  Store st = Store::open(path);
  EXPECT_EQ(st.athletes().size(), static_cast<std::size_t>(kAthletes - 5));
  EXPECT_EQ(st.activities(id(1)).size(), 3u);
  const std::vector<std::string> kept = scan_for({path}, {id(1), file(1, 2)});
  EXPECT_EQ(kept.size(), 2u) << "the scan still finds the athletes that are there";
}

}  // namespace
}  // namespace podium::store::testkit
