// `podium user|team|consent|audit` through the binary, and the consent refusal of `activity
// import` and `load`: exit 2, one line naming the athlete, the purpose and the command that
// grants it, nothing written.
#include <gtest/gtest.h>
#include <pwd.h>
#include <unistd.h>

#include <ctime>
#include <fstream>
#include <string>

#include "e2e/activity_cli.hpp"

namespace podium::e2e {
namespace {

// A two-minute ride with power every second, starting at `start`.
std::string governance_ride_tcx(std::time_t start) {
  std::string points;
  for (int s = 0; s < 120; ++s) {
    points += "<Trackpoint><Time>" + iso_utc(start + s) +
              "</Time><Extensions><ns3:TPX><ns3:Watts>" + std::to_string(180 + s % 50) +
              "</ns3:Watts></ns3:TPX></Extensions></Trackpoint>";
  }
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
 xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2"><Activities>)"
         "<Activity Sport=\"Biking\"><Id>" +
         iso_utc(start) + "</Id><Lap StartTime=\"" + iso_utc(start) + "\"><Track>" + points +
         "</Track></Lap></Activity></Activities></TrainingCenterDatabase>\n";
}

std::string governance_actor() {
  const passwd* pw = ::getpwuid(::geteuid());
  return "cli:" + std::string(pw != nullptr ? pw->pw_name : "?");
}

class GovernanceCli : public ActivityCli {
 protected:
  // A password file, so that no test types one or puts one on a command line.
  std::string password_file(const std::string& password) const {
    const std::string p = path("pw-" + std::to_string(++files_));
    std::ofstream(p) << password << "\n";
    return " --password-file " + p;
  }
  mutable int files_ = 0;
};

TEST_F(GovernanceCli, UsersAndTeams) {
  Output r = podium("user add root --role admin" + password_file("correct horse") + db());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "user root (admin) added\n");
  ASSERT_EQ(podium("athlete add A1" + db()).code, 0);
  ASSERT_EQ(podium("athlete add B1" + db()).code, 0);
  EXPECT_EQ(podium("team add red" + db()).code, 0);
  EXPECT_EQ(podium("team add-athlete red A1" + db()).code, 0);
  r = podium("user add ana --role coach --team red" + password_file("long enough") + db());
  EXPECT_EQ(r.code, 0) << r.err;
  r = podium("user add rider --role athlete --athlete B1" + password_file("long enough") + db());
  EXPECT_EQ(r.code, 0) << r.err;
  // Without a file, an environment variable or a terminal there is no password.
  r = podium("user add bo --role analyst" + db() + " < /dev/null");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_TRUE(contains(r.err, "give --password-file FILE, set PODIUM_PASSWORD")) << r.err;
  const Result env = run_shell("PODIUM_PASSWORD='from the env' " + std::string(PODIUM_BIN) +
                               " user add bo --role analyst" + db() + " 2>&1 < /dev/null");
  EXPECT_EQ(env.code, 0) << env.out;

  r = podium("user list --json" + db());
  ASSERT_EQ(r.code, 0) << r.err;
  const json users = parse_json(r);
  ASSERT_EQ(users.size(), 4u);
  EXPECT_EQ(users[0]["name"], "ana");
  EXPECT_EQ(users[0]["role"], "coach");
  EXPECT_EQ(users[0]["teams"], json::array({"red"}));
  EXPECT_EQ(users[2]["name"], "rider");
  EXPECT_EQ(users[2]["athlete"], "B1");
  EXPECT_EQ(users[3]["name"], "root");
  EXPECT_TRUE(users[3]["athlete"].is_null());

  r = podium("team add-user red bo" + db());
  EXPECT_EQ(r.code, 0) << r.err;
  r = podium("team list --json" + db());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(parse_json(r),
            json::parse(R"([{"name":"red","users":["ana","bo"],"athletes":["A1"]}])"));

  r = podium("user disable ana" + db());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(parse_json(podium("user list --json" + db()))[0]["disabled"].get<bool>());
  EXPECT_EQ(podium("user enable ana" + db()).code, 0);
  EXPECT_FALSE(parse_json(podium("user list --json" + db()))[0]["disabled"].get<bool>());
  r = podium("user passwd ana" + password_file("a new one!") + db());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "password of ana changed\n");

  // Refusals: one line, exit 2 (bad input) or 3 (not found), nothing added.
  const struct {
    std::string args;
    int code;
    std::string message;
  } bad[] = {
      {"user add ana --role coach" + password_file("long enough"), 2, "user \"ana\" exists"},
      {"user add x --role root" + password_file("long enough"), 2, "role \"root\": must be one of"},
      {"user add x --role athlete" + password_file("long enough"), 2,
       "role athlete needs an athlete id"},
      {"user add x --role coach --athlete A1" + password_file("long enough"), 2,
       "only role athlete has an athlete id"},
      {"user add 'x y' --role coach" + password_file("long enough"), 2,
       "user name \"x y\": must be 1-64 characters"},
      {"user add x --role coach" + password_file("short"), 2, "password: must be 8-1024 bytes"},
      {"user add x --role coach --team blue" + password_file("long enough"), 3,
       "team \"blue\" not found"},
      {"user add x --role coach --password hunter22", 2, "--password"},
      {"user passwd nobody" + password_file("long enough"), 3, "user \"nobody\" not found"},
      {"user disable nobody", 3, "user \"nobody\" not found"},
      {"team add red", 2, "team \"red\" exists"},
      {"team add-athlete red Z9", 3, "athlete \"Z9\" not found"},
      {"team add-user red nobody", 3, "user \"nobody\" not found"},
  };
  for (const auto& b : bad) {
    r = podium(b.args + db());
    EXPECT_EQ(r.code, b.code) << b.args << "\n" << r.err;
    EXPECT_TRUE(contains(r.err, b.message)) << b.args << "\n" << r.err;
    EXPECT_EQ(lines_of(r.err).size(), 1u) << b.args << "\n" << r.err;
  }
  EXPECT_EQ(parse_json(podium("user list --json" + db())).size(), 4u);

  // No store, no password: nothing is created.
  r = podium("user add first --role admin" + db("fresh.db") + " < /dev/null");
  EXPECT_EQ(r.code, 2);
  EXPECT_FALSE(std::filesystem::exists(path("fresh.db")));
}

TEST_F(GovernanceCli, ImportAndLoadNeedConsent) {
  ASSERT_EQ(podium("athlete add" + db()).code, 0);
  std::ofstream(path("ride.tcx"), std::ios::binary) << governance_ride_tcx(1704092400);
  const std::string refusal =
      "podium: athlete \"A0001\" has not consented to performance_modelling (podium consent "
      "grant A0001 --purpose performance_modelling)\n";
  Output r = podium("activity import " + path("ride.tcx") + " --athlete A0001" + db());
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, refusal);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(activity_count("A0001"), 0u);
  r = podium("load --athlete A0001" + db());
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, refusal);
  EXPECT_EQ(r.out, "");

  // Another purpose is not this one.
  ASSERT_EQ(podium("consent grant A0001 --purpose video_analysis" + db()).code, 0);
  EXPECT_EQ(podium("activity import " + path("ride.tcx") + " --athlete A0001" + db()).err, refusal);

  r = podium("consent grant A0001 --purpose performance_modelling --note 'form 12'" + db());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "athlete A0001: performance_modelling granted\n");
  r = podium("activity import " + path("ride.tcx") + " --athlete A0001" + db());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(activity_count("A0001"), 1u);
  EXPECT_EQ(podium("load --athlete A0001 --json" + db()).code, 0);

  r = podium("consent withdraw A0001 --purpose performance_modelling" + db());
  ASSERT_EQ(r.code, 0) << r.err;
  r = podium("load --athlete A0001" + db());
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, refusal);

  r = podium("consent show A0001 --json" + db());
  ASSERT_EQ(r.code, 0) << r.err;
  const json c = parse_json(r);
  EXPECT_EQ(c["consent"], json::parse(R"({"video_analysis": true, "performance_modelling": false,
                                          "sharing": false})"));
  ASSERT_EQ(c["history"].size(), 3u);
  EXPECT_EQ(c["history"][1]["note"], "form 12");
  EXPECT_EQ(c["history"][1]["actor"], governance_actor());
  r = podium("consent show A0001" + db());
  EXPECT_TRUE(contains(r.out, "performance_modelling  not granted")) << r.out;

  r = podium("consent grant A0001 --purpose marketing" + db());
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "purpose \"marketing\": must be one of")) << r.err;
  r = podium("consent grant Z9 --purpose sharing" + db());
  EXPECT_EQ(r.code, 3);
  EXPECT_TRUE(contains(r.err, "athlete \"Z9\" not found")) << r.err;
}

TEST_F(GovernanceCli, AuditShowsWhoDidWhat) {
  ASSERT_EQ(podium("athlete add A1" + db()).code, 0);
  ASSERT_EQ(podium("athlete add A2" + db()).code, 0);
  ASSERT_EQ(podium("consent grant A1 --purpose sharing" + db()).code, 0);
  ASSERT_EQ(podium("consent show A1" + db()).code, 0);
  Output r = podium("audit --athlete A1 --json" + db());
  ASSERT_EQ(r.code, 0) << r.err;
  const json rows = parse_json(r);
  ASSERT_EQ(rows.size(), 4u) << rows.dump();
  EXPECT_EQ(rows[0]["action"], "athlete.add");
  EXPECT_EQ(rows[1]["action"], "athlete.settings");
  EXPECT_EQ(rows[2]["action"], "consent.grant");
  EXPECT_EQ(rows[2]["detail"], "purpose=sharing");
  EXPECT_EQ(rows[3]["action"], "read.consent");
  // Every command names the OS user who ran it, not only the governance ones.
  for (const json& row : rows)
    EXPECT_EQ(row["actor"], governance_actor()) << row.dump();

  r = podium("audit --limit 2 --json" + db());
  ASSERT_EQ(r.code, 0) << r.err;
  const json last = parse_json(r);
  ASSERT_EQ(last.size(), 2u);
  EXPECT_EQ(last[1]["action"], "read.consent");  // the latest rows, oldest first
  EXPECT_EQ(parse_json(podium("audit --actor nobody --json" + db())).size(), 0u);
  r = podium("audit" + db());
  EXPECT_TRUE(contains(r.out, "consent.grant")) << r.out;
  r = podium("audit --limit 0" + db());
  EXPECT_EQ(r.code, 2);
  r = podium("audit --athlete 'a b'" + db());
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "athlete id \"a b\"")) << r.err;
}

}  // namespace
}  // namespace podium::e2e
