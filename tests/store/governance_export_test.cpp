// Exports pseudonymised by default (issue 14): a fresh pseudonym per export unless --stable, no
// id, file name, device name or GPS in the file, times relative to the first activity; an
// identified export only with the sharing consent; every export audited.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "store/governance_fixture.hpp"

namespace podium::store::testkit {
namespace {

using nlohmann::json;

class Export : public GovernanceStore {
 protected:
  std::string out(const std::string& name) const { return dir_.path(name); }
};

TEST_F(Export, PseudonymisedByDefaultWithAFreshPseudonymEachTime) {
  Store st = Store::open(db_path());
  Governance g(st);
  const std::string p1 = g.export_athlete(kErasedId, out("a.json"), {}, "cli:analyst");
  const std::string p2 = g.export_athlete(kErasedId, out("b.json"), {}, "cli:analyst");
  EXPECT_EQ(p1.size(), 64u);
  EXPECT_NE(p1, p2) << "exports must not be linkable";

  const std::string text = read_file(out("a.json"));
  for (const std::string& hidden :
       {kErasedId, kErasedFiles[0], kErasedFiles[1], kDevice, std::string("lat_deg"),
        std::string("lon_deg"), kConsentSentinel, std::string("cli:coach")}) {
    EXPECT_EQ(text.find(hidden), std::string::npos) << hidden;
  }
  const json j = json::parse(text);
  EXPECT_EQ(j["athlete"], p1);
  EXPECT_EQ(j["pseudonymised"], true);
  ASSERT_EQ(j["activities"].size(), 2u);
  // synthetic activities 2 and 4 start 1.4 days apart.
  EXPECT_EQ(j["activities"][0]["start_day"], 0.0);
  EXPECT_NEAR(j["activities"][1]["start_day"].get<double>(), 1.4, 1e-9);
  EXPECT_FALSE(j["activities"][0].contains("start_utc_s"));
  EXPECT_TRUE(j["activities"][0]["channels"].contains("power_w"));
  EXPECT_EQ(j["activities"][0]["channels"]["power_w"].size(), 3000u);
  EXPECT_EQ(j["activities"][0]["metrics"]["np_gc_w"], 252.5);
  EXPECT_EQ(j["activities"][0]["mmp_w"].size(), 3000u);
  EXPECT_EQ(j["consent"]["performance_modelling"], true);
  EXPECT_EQ(j["consent"]["sharing"], false);
  // Settings from day 19000 (before the first activity, day 19677) and from day 19700: the first
  // is "in force at the first activity", the second 23 days after.
  ASSERT_EQ(j["settings"].size(), 2u) << j["settings"].dump();
  EXPECT_TRUE(j["settings"][0]["from"].is_null());
  EXPECT_EQ(j["settings"][1]["from"], 23);
  EXPECT_EQ(j["settings"][1]["ftp_w"], 290.0);

  int exports = 0;
  for (const AuditRow& row : g.audit({})) {
    if (row.action != "export") continue;
    ++exports;
    EXPECT_EQ(row.actor, "cli:analyst");
    EXPECT_EQ(row.athlete_id, kErasedId);
    EXPECT_EQ(row.detail, "pseudonymised");
    EXPECT_EQ(row.detail.find(p1), std::string::npos) << "the audit log must not link them";
  }
  EXPECT_EQ(exports, 2);
}

TEST_F(Export, StableExportsShareThePseudonymAcrossExportsAndConnections) {
  std::string p1;
  {
    Store st = Store::open(db_path());
    p1 = Governance(st).export_athlete(kErasedId, out("a.json"), {.stable = true}, "cli");
  }
  Store st = Store::open(db_path());
  Governance g(st);
  EXPECT_EQ(g.export_athlete(kErasedId, out("b.json"), {.stable = true}, "cli"), p1);
  EXPECT_NE(g.export_athlete(kKeptId, out("c.json"), {.stable = true}, "cli"), p1);
  EXPECT_NE(g.export_athlete(kErasedId, out("d.json"), {}, "cli"), p1);
  const Db db = Db::open(db_path());
  Statement s(db, "SELECT length(value) FROM store_secrets WHERE name = 'export_pseudonym_key'",
              "test");
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.int64(0), 32);
}

TEST_F(Export, IdentifiedNeedsTheSharingConsent) {
  Store st = Store::open(db_path());
  Governance g(st);
  const std::size_t audit_rows = g.audit({}).size();
  try {
    g.export_athlete(kErasedId, out("id.json"), {.identified = true}, "cli");
    ADD_FAILURE() << "identified export without consent";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Forbidden) << e.what();
    EXPECT_NE(std::string(e.what()).find("sharing"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(out("id.json")));
  EXPECT_EQ(g.audit({}).size(), audit_rows) << "a refused export is no export";

  g.record_consent(kErasedId, Purpose::Sharing, true, "cli:coach", "form 7");
  EXPECT_EQ(g.export_athlete(kErasedId, out("id.json"), {.identified = true}, "cli"), kErasedId);
  const json j = json::parse(read_file(out("id.json")));
  EXPECT_EQ(j["athlete"], kErasedId);
  EXPECT_EQ(j["pseudonymised"], false);
  EXPECT_EQ(j["activities"][0]["file_name"], kErasedFiles[0]);
  EXPECT_EQ(j["activities"][0]["device"], kDevice);
  EXPECT_TRUE(j["activities"][0]["channels"].contains("lat_deg"));
  EXPECT_EQ(j["settings"].size(), 2u);
  EXPECT_EQ(j["settings"][0]["from"], "2022-01-08");
  EXPECT_EQ(j["consent_history"].size(), 2u);
  EXPECT_EQ(g.audit({}).back().detail, "identified");

  g.record_consent(kErasedId, Purpose::Sharing, false, "cli:coach", "withdrawn");
  EXPECT_THROW(g.export_athlete(kErasedId, out("id2.json"), {.identified = true}, "cli"), Error);
}

TEST_F(Export, UnknownAthleteIsNotFoundAndWritesNothing) {
  Store st = Store::open(db_path());
  try {
    Governance(st).export_athlete("Nobody", out("n.json"), {}, "cli");
    ADD_FAILURE() << "exported an unknown athlete";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::NotFound) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(out("n.json")));
}

}  // namespace
}  // namespace podium::store::testkit
