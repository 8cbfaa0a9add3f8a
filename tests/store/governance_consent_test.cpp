// Consent per athlete and purpose, and the append-only audit log (governance.hpp, migration 3).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/store/governance.hpp"
#include "store/sqlite.hpp"
#include "store/test_db.hpp"
#include "testkit/throws_error.hpp"

namespace podium::store {
namespace {

using podium::testkit::ThrowsError;
using ::testing::HasSubstr;

class ConsentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.path("podium.db");
    store_ = std::make_unique<Store>(Store::open(path_));
    store_->add_athlete("A1");
    store_->add_athlete("A2");
  }
  testkit::TempDir dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

TEST_F(ConsentTest, PurposeNamesRoundTrip) {
  for (Purpose p : {Purpose::VideoAnalysis, Purpose::PerformanceModelling, Purpose::Sharing})
    EXPECT_EQ(parse_purpose(purpose_name(p)), p);
  EXPECT_THAT([] { parse_purpose("marketing"); },
              ThrowsError(ErrorKind::InvalidInput,
                          "purpose \"marketing\": must be one of video_analysis, "
                          "performance_modelling, sharing"));
}

TEST_F(ConsentTest, TheLatestRecordPerPurposeDecides) {
  Governance g(*store_);
  EXPECT_FALSE(g.has_consent("A1", Purpose::VideoAnalysis));
  EXPECT_THAT([&] { g.require_consent("A1", Purpose::VideoAnalysis); },
              ThrowsError(ErrorKind::Forbidden,
                          "athlete \"A1\" has not consented to video_analysis (podium consent "
                          "grant A1 --purpose video_analysis)"));
  g.record_consent("A1", Purpose::VideoAnalysis, true, "ana", "signed form SENTINEL-NOTE");
  EXPECT_TRUE(g.has_consent("A1", Purpose::VideoAnalysis));
  EXPECT_NO_THROW(g.require_consent("A1", Purpose::VideoAnalysis));
  // Per purpose and per athlete.
  EXPECT_FALSE(g.has_consent("A1", Purpose::Sharing));
  EXPECT_FALSE(g.has_consent("A2", Purpose::VideoAnalysis));
  g.record_consent("A1", Purpose::VideoAnalysis, false, "bo", "");
  EXPECT_FALSE(g.has_consent("A1", Purpose::VideoAnalysis));
  EXPECT_THAT([&] { g.require_consent("A1", Purpose::VideoAnalysis); },
              ThrowsError(ErrorKind::Forbidden, HasSubstr("has not consented")));
  g.record_consent("A1", Purpose::VideoAnalysis, true, "ana", "again");
  EXPECT_TRUE(g.has_consent("A1", Purpose::VideoAnalysis));

  const std::vector<ConsentRecord> h = g.consent_history("A1");
  ASSERT_EQ(h.size(), 3u);
  EXPECT_TRUE(h[0].granted);
  EXPECT_EQ(h[0].actor, "ana");
  EXPECT_EQ(h[0].note, "signed form SENTINEL-NOTE");
  EXPECT_GT(h[0].at_utc_s, 1700000000);
  EXPECT_FALSE(h[1].granted);
  EXPECT_EQ(h[1].actor, "bo");
  EXPECT_EQ(h[2].note, "again");
  EXPECT_TRUE(g.consent_history("A2").empty());

  // The audit rows name actor, athlete and purpose; the note stays out of the log.
  const std::vector<AuditRow> rows = g.audit({.athlete_id = "A1"});
  std::vector<std::string> actions;
  for (const AuditRow& r : rows) {
    actions.push_back(r.actor + " " + r.action + " " + r.detail);
    EXPECT_EQ(r.detail.find("SENTINEL"), std::string::npos);
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"cli athlete.add athlete=A1",
                                               "ana consent.grant purpose=video_analysis",
                                               "bo consent.withdraw purpose=video_analysis",
                                               "ana consent.grant purpose=video_analysis"}));
}

TEST_F(ConsentTest, RefusesUnknownAthletesAndBadInputWritingNothing) {
  Governance g(*store_);
  EXPECT_THAT([&] { g.record_consent("A9", Purpose::Sharing, true, "ana", ""); },
              ThrowsError(ErrorKind::NotFound, HasSubstr("athlete \"A9\" not found")));
  EXPECT_THAT([&] { g.require_consent("A9", Purpose::Sharing); },
              ThrowsError(ErrorKind::NotFound, HasSubstr("athlete \"A9\" not found")));
  EXPECT_THAT([&] { g.consent_history("A9"); },
              ThrowsError(ErrorKind::NotFound, HasSubstr("athlete \"A9\" not found")));
  EXPECT_THAT([&] { g.record_consent("A1", Purpose::Sharing, true, "", ""); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("consent actor: must be 1-128")));
  EXPECT_THAT([&] { g.record_consent("A1", Purpose::Sharing, true, "a", std::string(1001, 'n')); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("consent note: must be 0-1000")));
  Db db = Db::open(path_);
  EXPECT_EQ(testkit::count_rows(db, "consent"), 0);
}

TEST_F(ConsentTest, AuditRecordsAndQueries) {
  Governance g(*store_);
  g.record("ana", "read.activity", std::string("A1"), "activity=3");
  g.record("bo", "read.careers", std::nullopt, "");
  g.record("ana", "read.activity", std::string("A2"), "activity=4");
  const std::vector<AuditRow> all = g.audit({});
  ASSERT_EQ(all.size(), 5u);  // two athlete.add rows first
  EXPECT_EQ(all[2].actor, "ana");
  EXPECT_EQ(all[2].action, "read.activity");
  EXPECT_EQ(all[2].athlete_id, std::optional<std::string>("A1"));
  EXPECT_EQ(all[3].athlete_id, std::nullopt);
  for (std::size_t i = 1; i < all.size(); ++i)
    EXPECT_LT(all[i - 1].id, all[i].id);

  EXPECT_EQ(g.audit({.actor = "ana"}).size(), 2u);
  EXPECT_EQ(g.audit({.athlete_id = "A2", .actor = "ana"}).size(), 1u);
  EXPECT_EQ(g.audit({.athlete_id = "A2", .actor = "bo"}).size(), 0u);
  const std::vector<AuditRow> page = g.audit({.after_id = all[1].id, .limit = 2});
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, all[2].id);
  EXPECT_EQ(page[1].id, all[3].id);
  EXPECT_THAT([&] { g.audit({.limit = 0}); },
              ThrowsError(ErrorKind::InvalidInput, "audit limit 0: must be 1-100000"));
  EXPECT_THAT([&] { g.audit({.limit = 100001}); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("must be 1-100000")));
  EXPECT_THAT([&] { g.record("", "x", std::nullopt, ""); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("audit actor")));
  EXPECT_THAT([&] { g.record("a", "", std::nullopt, ""); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("audit action")));
  EXPECT_THAT([&] { g.record("a", "x", std::string("bad id"), ""); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("athlete id \"bad id\"")));
}

TEST_F(ConsentTest, TheAuditLogRefusesUpdatesAndDeletesButTheErasureShapedOne) {
  Governance g(*store_);
  g.record("ana", "read.activity", std::string("A1"), "activity=3");
  g.record("bo", "read.careers", std::nullopt, "");
  Db db = Db::open(path_);
  const std::int64_t rows = testkit::count_rows(db, "audit_log");
  const auto refused = [&](const std::string& sql) {
    EXPECT_THAT([&] { db.exec(sql, "tamper"); },
                ThrowsError(ErrorKind::InvalidInput, HasSubstr("audit_log is append-only")))
        << sql;
  };
  refused("DELETE FROM audit_log");
  refused("DELETE FROM audit_log WHERE athlete_id = 'A1'");
  refused("UPDATE audit_log SET detail = 'nothing happened'");
  refused("UPDATE audit_log SET actor = 'someone else' WHERE athlete_id = 'A1'");
  refused("UPDATE audit_log SET athlete_id = 'A2' WHERE athlete_id = 'A1'");
  refused("UPDATE audit_log SET at_utc_s = 0 WHERE athlete_id = 'A1'");
  // Erasure-shaped, but also rewriting who did it: refused.
  refused("UPDATE audit_log SET athlete_id = NULL, actor = 'x' WHERE athlete_id = 'A1'");
  // A row about no athlete cannot be changed at all.
  refused("UPDATE audit_log SET detail = 'x' WHERE athlete_id IS NULL");
  EXPECT_EQ(testkit::count_rows(db, "audit_log"), rows);
  EXPECT_EQ(g.audit({.athlete_id = "A1"}).size(), 2u);

  // The erasure: athlete_id to NULL and the detail to a tombstone.
  db.exec(
      "UPDATE audit_log SET athlete_id = NULL, detail = 'erased athlete #1' "
      "WHERE athlete_id = 'A1'",
      "erase");
  EXPECT_TRUE(g.audit({.athlete_id = "A1"}).empty());
  EXPECT_EQ(testkit::count_rows(db, "audit_log"), rows);
  // ... and only once: the tombstone itself is then fixed.
  refused("UPDATE audit_log SET detail = 'x' WHERE detail = 'erased athlete #1'");
}

}  // namespace
}  // namespace podium::store
