// The API end to end over HTTP on loopback: every endpoint with the users of each role, the
// 401 and 403 paths, consent refusal, and the answers to bad requests (JSON errors, never a
// crash).
#include <sqlite3.h>

#include <set>

#include "career/synthetic_results.hpp"
#include "results_store.hpp"
#include "server/router.hpp"
#include "server/server_fixture.hpp"

namespace podium::server {
namespace {

using ::testing::HasSubstr;
using testkit::bearer;
using testkit::error_of;
using testkit::Json;

constexpr std::size_t kTestBodyBytes = 1 << 20;

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(testkit::temp_dir("api"));
    testkit::make_store(*dir_ + "/podium.db");
    ServerOptions o;
    o.max_body_bytes = kTestBodyBytes;
    o.threads = 4;
    server_ = new testkit::Running(*dir_, o);
    tokens_ = new std::map<std::string, std::string>();
    for (const char* u : {"admin", "coach_red", "analyst_red", "coach_blue", "athlete_a1"})
      (*tokens_)[u] = login(u)["token"].get<std::string>();
    // One ride for A1, imported by its athlete through the API.
    auto c = server_->client();
    const auto r =
        c->Post("/api/v1/athletes/A1/activities?name=ride.tcx", bearer(token("athlete_a1")),
                testkit::synthetic_tcx(1200, 0), "application/octet-stream");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 201) << r->body;
    activity_ = Json::parse(r->body)["id"].get<std::int64_t>();
  }
  static void TearDownTestSuite() {
    delete server_;
    std::filesystem::remove_all(*dir_);
    delete dir_;
    delete tokens_;
  }

  static Json login(const std::string& name) {
    auto c = server_->client();
    const Json body = {{"name", name}, {"password", testkit::kPassword}};
    const auto r = c->Post("/api/v1/session", body.dump(), "application/json");
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no response");
    return r ? Json::parse(r->body) : Json::object();
  }
  static const std::string& token(const std::string& user) { return tokens_->at(user); }
  static httplib::Result get(const std::string& user, const std::string& path) {
    return server_->client()->Get(path.c_str(), bearer(token(user)));
  }
  static httplib::Result post_json(const std::string& user, const std::string& path,
                                   const Json& body) {
    return server_->client()->Post(path.c_str(), bearer(token(user)), body.dump(),
                                   "application/json");
  }
  static std::string activity_path(const std::string& rest = "") {
    return "/api/v1/activities/" + std::to_string(activity_) + rest;
  }

  static std::string* dir_;
  static testkit::Running* server_;
  static std::map<std::string, std::string>* tokens_;
  static std::int64_t activity_;
};
std::string* ApiTest::dir_ = nullptr;
testkit::Running* ApiTest::server_ = nullptr;
std::map<std::string, std::string>* ApiTest::tokens_ = nullptr;
std::int64_t ApiTest::activity_ = 0;

// A documented path with its captures filled in for the test store.
std::string concrete(std::string pattern, std::int64_t activity) {
  for (const auto& [cap, value] : std::vector<std::pair<std::string, std::string>>{
           {"{id}", pattern.find("/activities/{id}") != std::string::npos ? std::to_string(activity)
                                                                          : "A1"},
           {"{team}", "red"}}) {
    const std::size_t at = pattern.find(cap);
    if (at != std::string::npos) pattern.replace(at, cap.size(), value);
  }
  return pattern;
}

TEST_F(ApiTest, EveryDataRouteNeedsASession) {
  for (const Route& r : routes()) {
    if (r.auth == Auth::None) continue;
    const std::string path = concrete(r.pattern, activity_);
    httplib::Request req;
    req.method = r.method;
    req.path = path;
    const auto res = server_->client()->send(req);
    ASSERT_TRUE(res) << r.method << " " << path;
    EXPECT_EQ(res->status, 401) << r.method << " " << path << ": " << res->body;
    EXPECT_EQ(error_of(res)["kind"], "unauthorized");
  }
}

TEST_F(ApiTest, ForgedAndExpiredSessionsAre401) {
  EXPECT_EQ(server_->client()->Get("/api/v1/me", bearer("forged-token"))->status, 401);
  EXPECT_EQ(server_->client()->Get("/api/v1/me", bearer(std::string(43, 'A')))->status, 401);
  const std::string t = login("coach_blue")["token"];
  EXPECT_EQ(server_->client()->Get("/api/v1/me", bearer(t))->status, 200);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((*dir_ + "/podium.db").c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  // Every session of coach_blue expires (the suite's own token is renewed below).
  ASSERT_EQ(sqlite3_exec(db,
                         "UPDATE sessions SET expires_at_utc_s = 1 WHERE user_id = (SELECT id "
                         "FROM users WHERE name = 'coach_blue')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  const auto r = server_->client()->Get("/api/v1/me", bearer(t));
  EXPECT_EQ(r->status, 401);
  EXPECT_THAT(error_of(r)["message"].get<std::string>(), HasSubstr("expired"));
  (*tokens_)["coach_blue"] = login("coach_blue")["token"].get<std::string>();
}

TEST_F(ApiTest, LoginSetsAHardenedCookieAndCsrfGuardsChanges) {
  auto c = server_->client();
  const Json body = {{"name", "coach_red"}, {"password", testkit::kPassword}};
  const auto r = c->Post("/api/v1/session", body.dump(), "application/json");
  ASSERT_EQ(r->status, 200);
  const std::string cookie = r->get_header_value("Set-Cookie");
  EXPECT_THAT(cookie, HasSubstr("podium_session="));
  EXPECT_THAT(cookie, HasSubstr("HttpOnly"));
  EXPECT_THAT(cookie, HasSubstr("SameSite=Strict"));
  EXPECT_THAT(cookie, HasSubstr("Path=/"));
  EXPECT_THAT(cookie, HasSubstr("Max-Age="));
  const Json j = Json::parse(r->body);
  EXPECT_EQ(j["user"]["role"], "coach");
  const std::string csrf = j["csrf_token"];
  const std::string jar = "podium_session=" + j["token"].get<std::string>();
  // A read with the cookie alone is fine.
  EXPECT_EQ(c->Get("/api/v1/me", {{"Cookie", jar}})->status, 200);
  const Json consent = {{"purpose", "sharing"}, {"granted", true}};
  const std::string path = "/api/v1/athletes/A2/consent";
  const auto none = c->Post(path.c_str(), {{"Cookie", jar}}, consent.dump(), "application/json");
  EXPECT_EQ(none->status, 403);
  EXPECT_EQ(error_of(none)["kind"], "csrf");
  const auto wrong = c->Post(path.c_str(), {{"Cookie", jar}, {"X-CSRF-Token", csrf + "x"}},
                             consent.dump(), "application/json");
  EXPECT_EQ(wrong->status, 403);
  const auto right = c->Post(path.c_str(), {{"Cookie", jar}, {"X-CSRF-Token", csrf}},
                             consent.dump(), "application/json");
  EXPECT_EQ(right->status, 200) << right->body;
  // Logging out (a change: CSRF too) ends the session.
  EXPECT_EQ(c->Delete("/api/v1/session", {{"Cookie", jar}, {"X-CSRF-Token", csrf}})->status, 200);
  EXPECT_EQ(c->Get("/api/v1/me", {{"Cookie", jar}})->status, 401);
}

TEST_F(ApiTest, WrongPasswordIs401AndRepeatedFailuresAre429) {
  // Its own server: the limiter is per server, and this test exhausts 127.0.0.1's budget.
  const std::string dir = testkit::temp_dir("ratelimit");
  testkit::make_store(dir + "/podium.db");
  {
    testkit::Running s(dir, ServerOptions{});
    auto c = s.client();
    const Json bad = {{"name", "coach_red"}, {"password", "wrong password"}};
    for (int i = 0; i < 5; ++i) {
      const auto r = c->Post("/api/v1/session", bad.dump(), "application/json");
      EXPECT_EQ(r->status, 401);
      EXPECT_EQ(r->get_header_value("Set-Cookie"), "");
    }
    const Json good = {{"name", "coach_red"}, {"password", testkit::kPassword}};
    const auto r = c->Post("/api/v1/session", good.dump(), "application/json");
    EXPECT_EQ(r->status, 429);
    EXPECT_EQ(error_of(r)["kind"], "rate_limited");
    EXPECT_GT(std::stoi(r->get_header_value("Retry-After")), 0);
  }
  std::filesystem::remove_all(dir);
}

TEST_F(ApiTest, SecurityHeadersOnEveryResponse) {
  for (const auto& r : {get("admin", "/api/v1/me"), get("admin", "/api/v1/nope"),
                        server_->client()->Get("/api/v1/athletes")}) {
    ASSERT_TRUE(r);
    EXPECT_THAT(r->get_header_value("Content-Security-Policy"), HasSubstr("default-src 'self'"));
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(r->get_header_value("X-Frame-Options"), "DENY");
    EXPECT_EQ(r->get_header_value("Referrer-Policy"), "no-referrer");
  }
  EXPECT_EQ(get("admin", "/api/v1/athletes")->get_header_value("Cache-Control"), "no-store");
}

TEST_F(ApiTest, AthletesAreWhatTheRoleMaySee) {
  const auto names = [](const httplib::Result& r) {
    return Json::parse(r->body)["athletes"].get<std::vector<std::string>>();
  };
  EXPECT_EQ(names(get("admin", "/api/v1/athletes")),
            (std::vector<std::string>{"A1", "A2", "B1", "C1"}));
  EXPECT_EQ(names(get("coach_red", "/api/v1/athletes")), (std::vector<std::string>{"A1", "A2"}));
  EXPECT_EQ(names(get("athlete_a1", "/api/v1/athletes")), (std::vector<std::string>{"A1"}));
  EXPECT_EQ(get("coach_red", "/api/v1/athletes/A1")->status, 200);
  const auto other_team = get("coach_red", "/api/v1/athletes/B1");
  EXPECT_EQ(other_team->status, 403);
  EXPECT_EQ(error_of(other_team)["kind"], "forbidden");
  EXPECT_EQ(get("coach_blue", "/api/v1/athletes/A1/activities")->status, 403);
  EXPECT_EQ(get("admin", "/api/v1/athletes/ZZZ")->status, 404);
}

TEST_F(ApiTest, ActivityReadsAndTheirAccess) {
  const auto list = get("athlete_a1", "/api/v1/athletes/A1/activities");
  ASSERT_EQ(list->status, 200);
  EXPECT_EQ(Json::parse(list->body)["activities"].size(), 1U);

  const auto one = get("athlete_a1", activity_path());
  ASSERT_EQ(one->status, 200) << one->body;
  const Json a = Json::parse(one->body);
  EXPECT_GT(a["metrics"]["power"]["avg_w"].get<double>(), 150.0) << a["metrics"].dump();

  const auto ch = get("analyst_red", activity_path("/channels?names=power_w,heart_rate_bpm"));
  ASSERT_EQ(ch->status, 200) << ch->body;
  EXPECT_EQ(Json::parse(ch->body)["channels"]["power_w"].size(), 1200U);
  const auto bad_channel = get("analyst_red", activity_path("/channels?names=nope"));
  EXPECT_EQ(bad_channel->status, 400);
  EXPECT_EQ(error_of(bad_channel)["field"], "names");

  const auto mmp = get("coach_red", activity_path("/mmp"));
  ASSERT_EQ(mmp->status, 200) << mmp->body;
  const Json m = Json::parse(mmp->body);
  EXPECT_EQ(m["duration_s"].size(), m["watts"].size());
  EXPECT_GE(m["watts"][0].get<double>(), m["watts"][60].get<double>());
  EXPECT_TRUE(m["cp"].contains("cp2_linear"));

  const auto wbal = get("coach_red", activity_path("/wbal"));
  ASSERT_EQ(wbal->status, 200) << wbal->body;
  EXPECT_EQ(Json::parse(wbal->body)["wbal_j"].size(), 1200U);

  // Another team's coach, and an unknown id.
  for (const char* rest : {"", "/channels?names=power_w", "/mmp", "/wbal"})
    EXPECT_EQ(get("coach_blue", activity_path(rest))->status, 403) << rest;
  EXPECT_EQ(get("admin", "/api/v1/activities/999999")->status, 404);
  EXPECT_EQ(get("admin", "/api/v1/activities/abc")->status, 400);
}

TEST_F(ApiTest, AnAthleteCannotReadAnotherAthletesActivity) {
  // A2's ride, imported by the admin after A2's consent.
  ASSERT_EQ(post_json("admin", "/api/v1/athletes/A2/consent",
                      {{"purpose", "performance_modelling"}, {"granted", true}})
                ->status,
            200);
  const auto up =
      server_->client()->Post("/api/v1/athletes/A2/activities?name=a2.tcx", bearer(token("admin")),
                              testkit::synthetic_tcx(300, 3), "application/octet-stream");
  ASSERT_EQ(up->status, 201) << up->body;
  const std::string path = "/api/v1/activities/" + Json::parse(up->body)["id"].dump();
  const auto r = get("athlete_a1", path);
  EXPECT_EQ(r->status, 403);
  EXPECT_THAT(error_of(r)["message"].get<std::string>(), HasSubstr("A2"));
  EXPECT_EQ(get("coach_red", path)->status, 200);
}

TEST_F(ApiTest, UploadsAreCheckedBeforeAnythingIsWritten) {
  auto c = server_->client();
  const std::string tcx = testkit::synthetic_tcx(60, 9);
  // No consent: refused with the command that grants it.
  const auto refused = c->Post("/api/v1/athletes/C1/activities?name=c1.tcx", bearer(token("admin")),
                               tcx, "application/octet-stream");
  EXPECT_EQ(refused->status, 403);
  EXPECT_THAT(error_of(refused)["message"].get<std::string>(), HasSubstr("performance_modelling"));
  EXPECT_EQ(Json::parse(get("admin", "/api/v1/athletes/C1/activities")->body)["activities"].size(),
            0U);
  // Another athlete's folder.
  EXPECT_EQ(c->Post("/api/v1/athletes/A2/activities?name=x.tcx", bearer(token("athlete_a1")), tcx,
                    "application/octet-stream")
                ->status,
            403);
  // File names that could name a path, or none.
  for (const char* name : {"..%2Fx.tcx", "a%2Fb.tcx", "a%5Cb.tcx", "..", ".hidden.tcx", ""}) {
    const std::string path = std::string("/api/v1/athletes/A1/activities?name=") + name;
    const auto r =
        c->Post(path.c_str(), bearer(token("athlete_a1")), tcx, "application/octet-stream");
    EXPECT_EQ(r->status, 400) << name << ": " << r->body;
    EXPECT_EQ(error_of(r)["field"], "name") << name;
  }
  // The wrong content type, and a body past the limit.
  const auto json_upload = c->Post("/api/v1/athletes/A1/activities?name=x.tcx",
                                   bearer(token("athlete_a1")), tcx, "application/json");
  EXPECT_EQ(json_upload->status, 415);
  const auto huge =
      c->Post("/api/v1/athletes/A1/activities?name=x.tcx", bearer(token("athlete_a1")),
              std::string(kTestBodyBytes + 1, 'x'), "application/octet-stream");
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413);
  EXPECT_EQ(error_of(huge)["kind"], "payload_too_large");
  // Not an activity file: the reader's error, placed.
  const auto garbage =
      c->Post("/api/v1/athletes/A1/activities?name=x.tcx", bearer(token("athlete_a1")),
              std::string("<nope"), "application/octet-stream");
  EXPECT_EQ(garbage->status, 400) << garbage->body;
  EXPECT_EQ(Json::parse(get("admin", "/api/v1/athletes/A1/activities")->body)["activities"].size(),
            1U);
  // The same bytes again: a duplicate, nothing new.
  const auto again =
      c->Post("/api/v1/athletes/A1/activities?name=again.tcx", bearer(token("athlete_a1")),
              testkit::synthetic_tcx(1200, 0), "application/octet-stream");
  EXPECT_EQ(again->status, 200);
  EXPECT_TRUE(Json::parse(again->body)["duplicate"].get<bool>());
}

TEST_F(ApiTest, LoadNeedsAccessAndConsent) {
  const auto r = get("coach_red", "/api/v1/athletes/A1/load");
  ASSERT_EQ(r->status, 200) << r->body;
  const Json j = Json::parse(r->body);
  EXPECT_EQ(j["metric"], "tss_gc");
  ASSERT_FALSE(j["days"].empty());
  EXPECT_GT(j["days"][0]["tss"].get<double>(), 0.0);
  EXPECT_EQ(get("coach_blue", "/api/v1/athletes/A1/load")->status, 403);
  const auto no_consent = get("admin", "/api/v1/athletes/C1/load");
  EXPECT_EQ(no_consent->status, 403);
  EXPECT_THAT(error_of(no_consent)["message"].get<std::string>(), HasSubstr("consent"));
  EXPECT_EQ(get("coach_red", "/api/v1/athletes/A1/load?convention=xx")->status, 400);
}

TEST_F(ApiTest, ConsentIsChangedByCoachesNotAnalysts) {
  const Json grant = {{"purpose", "video_analysis"}, {"granted", true}, {"note", "form 12"}};
  const auto analyst = post_json("analyst_red", "/api/v1/athletes/A1/consent", grant);
  EXPECT_EQ(analyst->status, 403);
  EXPECT_EQ(post_json("coach_blue", "/api/v1/athletes/A1/consent", grant)->status, 403);
  const auto coach = post_json("coach_red", "/api/v1/athletes/A1/consent", grant);
  ASSERT_EQ(coach->status, 200) << coach->body;
  EXPECT_TRUE(Json::parse(coach->body)["consent"]["video_analysis"].get<bool>());
  const Json history = Json::parse(get("analyst_red", "/api/v1/athletes/A1/consent")->body);
  EXPECT_EQ(history["history"].back()["actor"], "coach_red");
  EXPECT_EQ(history["history"].back()["note"], "form 12");
}

TEST_F(ApiTest, BadBodiesAreNamed400s) {
  const auto malformed =
      server_->client()->Post("/api/v1/athletes/A1/consent", bearer(token("coach_red")),
                              "{\"purpose\": ", "application/json");
  EXPECT_EQ(malformed->status, 400);
  EXPECT_THAT(error_of(malformed)["message"].get<std::string>(), HasSubstr("byte"));
  const auto unknown = post_json("coach_red", "/api/v1/athletes/A1/consent",
                                 {{"purpose", "sharing"}, {"granted", true}, {"gratned", 1}});
  EXPECT_EQ(unknown->status, 400);
  EXPECT_EQ(error_of(unknown)["field"], "gratned");
  const auto purpose = post_json("coach_red", "/api/v1/athletes/A1/consent",
                                 {{"purpose", "fun"}, {"granted", true}});
  EXPECT_EQ(purpose->status, 400);
  EXPECT_EQ(error_of(purpose)["field"], "purpose");
  const auto type = server_->client()->Post("/api/v1/athletes/A1/consent",
                                            bearer(token("coach_red")), "purpose=x", "text/plain");
  EXPECT_EQ(type->status, 415);
  EXPECT_EQ(error_of(type)["kind"], "unsupported_media_type");
  const auto login = server_->client()->Post("/api/v1/session", "[1,2]", "application/json");
  EXPECT_EQ(login->status, 400);
}

TEST_F(ApiTest, UnknownRoutesAre404AndWrongMethods405) {
  const auto r = get("admin", "/api/v1/nothing/here");
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(error_of(r)["kind"], "not_found");
  const auto outside = server_->client()->Get("/etc/passwd");
  EXPECT_EQ(outside->status, 404);
  const auto put =
      server_->client()->Put("/api/v1/athletes", bearer(token("admin")), "{}", "application/json");
  EXPECT_EQ(put->status, 405);
  EXPECT_EQ(error_of(put)["kind"], "method_not_allowed");
  EXPECT_EQ(put->get_header_value("Allow"), "GET");
}

TEST_F(ApiTest, AdminsManageUsersTeamsAndReadTheAudit) {
  EXPECT_EQ(get("coach_red", "/api/v1/users")->status, 403);
  EXPECT_EQ(post_json("coach_red", "/api/v1/teams", {{"name", "green"}})->status, 403);
  ASSERT_EQ(post_json("admin", "/api/v1/teams", {{"name", "green"}})->status, 201);
  const auto added = post_json("admin", "/api/v1/users",
                               {{"name", "coach_green"},
                                {"password", testkit::kPassword},
                                {"role", "coach"},
                                {"teams", {"green"}}});
  ASSERT_EQ(added->status, 201) << added->body;
  EXPECT_EQ(Json::parse(added->body)["teams"], Json({"green"}));
  const auto dup =
      post_json("admin", "/api/v1/users",
                {{"name", "coach_green"}, {"password", testkit::kPassword}, {"role", "coach"}});
  EXPECT_EQ(dup->status, 400);
  const auto short_pw = post_json("admin", "/api/v1/users",
                                  {{"name", "x"}, {"password", "short"}, {"role", "coach"}});
  EXPECT_EQ(short_pw->status, 400);
  ASSERT_EQ(post_json("admin", "/api/v1/teams/green/members", {{"athlete", "C1"}})->status, 200);
  const std::string t = login("coach_green")["token"];
  EXPECT_EQ(server_->client()->Get("/api/v1/athletes/C1", bearer(t))->status, 200);
  EXPECT_EQ(server_->client()->Get("/api/v1/athletes/A1", bearer(t))->status, 403);
  const Json users = Json::parse(get("admin", "/api/v1/users")->body)["users"];
  EXPECT_GE(users.size(), 6U);
  EXPECT_EQ(Json::parse(get("admin", "/api/v1/teams")->body)["teams"].size(), 3U);

  // Reads of personal data are in the audit log, with who read them.
  ASSERT_EQ(get("athlete_a1", activity_path("/mmp"))->status, 200);
  const auto audit = get("admin", "/api/v1/audit?athlete=A1");
  ASSERT_EQ(audit->status, 200);
  bool seen = false;
  const Json rows = Json::parse(audit->body)["audit"];
  for (const Json& row : rows)
    seen = seen || (row["action"] == "read.mmp" && row["actor"] == "athlete_a1");
  EXPECT_TRUE(seen) << audit->body;
  EXPECT_EQ(get("coach_red", "/api/v1/audit")->status, 403);
  EXPECT_EQ(get("admin", "/api/v1/audit?limit=0")->status, 400);
}

TEST_F(ApiTest, ExportsArePseudonymisedAndErasureErases) {
  const auto exp = get("coach_red", "/api/v1/athletes/A1/export");
  ASSERT_EQ(exp->status, 200) << exp->body;
  EXPECT_EQ(exp->body.find("\"A1\""), std::string::npos) << "the id is pseudonymised";
  EXPECT_EQ(get("analyst_red", "/api/v1/athletes/A1/export")->status, 403);
  EXPECT_EQ(get("coach_red", "/api/v1/athletes/A1/export?identified=true")->status, 403)
      << "identified needs the sharing consent";

  EXPECT_EQ(server_->client()->Delete("/api/v1/athletes/B1", bearer(token("coach_blue")))->status,
            403);
  const auto del = server_->client()->Delete("/api/v1/athletes/B1", bearer(token("admin")));
  ASSERT_EQ(del->status, 200) << del->body;
  EXPECT_EQ(get("admin", "/api/v1/athletes/B1")->status, 404);
  EXPECT_EQ(server_->client()->Delete("/api/v1/athletes/B1", bearer(token("admin")))->status, 404);
}

TEST_F(ApiTest, ModelCardsAreCachedWithAnETag) {
  const auto r = get("coach_blue", "/api/v1/models");
  ASSERT_EQ(r->status, 200) << r->body;
  const Json j = Json::parse(r->body);
  EXPECT_FALSE(j["pretrained"]["models"].empty());
  const std::string etag = r->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  const auto again = server_->client()->Get(
      "/api/v1/models",
      {{"Authorization", "Bearer " + token("coach_blue")}, {"If-None-Match", etag}});
  EXPECT_EQ(again->status, 304);
  EXPECT_EQ(get("athlete_a1", "/api/v1/rank/models")->status, 200);
}

TEST_F(ApiTest, CareersAreThePeakAgeStudyForAnyUser) {
  const std::string query =
      "/api/v1/careers?from=1990&to=2022&min_points=0&top=0&clusters=2&bootstrap=20&"
      "permutations=19";
  const auto none = get("athlete_a1", query);
  EXPECT_EQ(none->status, 404);
  EXPECT_THAT(error_of(none)["message"].get<std::string>(), HasSubstr("podium results import"));
  {
    store::Store st = store::Store::open(*dir_ + "/podium.db");
    app::save_results(st, career::synthetic_table(30, 7), "test");
  }
  // Any role, no team needed: the results are public.
  const auto r = get("athlete_a1", query);
  ASSERT_EQ(r->status, 200) << r->body;
  const Json j = Json::parse(r->body);
  EXPECT_EQ(j["cohort"]["athletes"], 60);
  ASSERT_FALSE(j["groups"].empty());
  bool fitted = false;
  for (const Json& g : j["groups"]) {
    if (!g.contains("peak_age")) continue;
    fitted = true;
    EXPECT_GT(g["peak_age"].get<double>(), 22.0) << g.dump();
    EXPECT_LT(g["peak_age"].get<double>(), 33.0) << g.dump();
  }
  EXPECT_TRUE(fitted) << r->body;
  EXPECT_EQ(get("coach_blue", query)->get_header_value("ETag"), r->get_header_value("ETag"));
  EXPECT_EQ(get("admin", "/api/v1/careers?performance=speed")->status, 400);
  EXPECT_EQ(get("admin", "/api/v1/careers?bootstrap=100000")->status, 400);
}

TEST_F(ApiTest, RacePredictionsRankTheRidersOfARace) {
  {
    store::Store st = store::Store::open(*dir_ + "/podium.db");
    app::save_results(st, career::synthetic_table(30, 7), "test");
  }
  // The baseline needs no trained model: riders by points in the previous 365 days.
  const auto r =
      get("athlete_a1", "/api/v1/rank/predictions?year=2005&race=classic&model=baseline&top=5");
  ASSERT_EQ(r->status, 200) << r->body;
  const Json j = Json::parse(r->body);
  ASSERT_FALSE(j["races"].empty());
  const Json& race = j["races"][0];
  EXPECT_EQ(race["model"], "baseline");
  ASSERT_EQ(race["top"].size(), 5U);
  for (std::size_t i = 1; i < 5; ++i)
    EXPECT_GE(race["top"][i - 1]["score"].get<double>(), race["top"][i]["score"].get<double>());
  // No stored XGBoost model for 2005: the message names the command that trains one.
  const auto untrained = get("athlete_a1", "/api/v1/rank/predictions?year=2005&race=classic");
  EXPECT_EQ(untrained->status, 404) << untrained->body;
  EXPECT_THAT(error_of(untrained)["message"].get<std::string>(), HasSubstr("rank train"));
  EXPECT_EQ(get("admin", "/api/v1/rank/predictions?year=2020")->status, 400);
  EXPECT_EQ(get("admin", "/api/v1/rank/predictions?year=2020&race=x&model=magic")->status, 400);
}

TEST_F(ApiTest, TheOpenApiDocumentListsExactlyTheRoutes) {
  const auto r = server_->client()->Get("/api/v1/openapi.json");
  ASSERT_EQ(r->status, 200);
  const Json doc = Json::parse(r->body);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  std::set<std::string> documented, registered;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      std::string m = method;
      for (char& ch : m)
        ch = static_cast<char>(ch - 'a' + 'A');
      documented.insert(m + " " + path);
      EXPECT_FALSE(op["summary"].get<std::string>().empty()) << path;
      // Every documented operation reaches a handler: the router's own 404 and 405 say "no
      // route" and "method_not_allowed"; a handler's answers never do.
      httplib::Request req;
      req.method = m;
      req.path = concrete(path, activity_);
      req.headers = bearer(token("analyst_red"));
      const auto res = server_->client()->send(req);
      ASSERT_TRUE(res) << m << " " << path;
      EXPECT_NE(res->status, 405) << m << " " << path;
      EXPECT_EQ(res->body.find("no route"), std::string::npos) << m << " " << path;
    }
  }
  for (const Route& route : routes())
    registered.insert(std::string(route.method) + " " + route.pattern);
  EXPECT_EQ(documented, registered);
}

}  // namespace
}  // namespace podium::server
