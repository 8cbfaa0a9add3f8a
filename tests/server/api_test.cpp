// The API's access rules and protocol over HTTP on loopback: no route answers without a session,
// forged and expired sessions, the cookie and CSRF, login rate limiting, security headers, bad
// bodies and content types, unknown routes and methods, and the OpenAPI document against the
// route table.
#include <sqlite3.h>

#include <set>

#include "server/api_fixture.hpp"
#include "server/router.hpp"

namespace podium::server {
namespace {

using ::testing::HasSubstr;
using testkit::ApiTest;
using testkit::bearer;
using testkit::error_of;
using testkit::Json;
using testkit::kTestBodyBytes;

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

TEST_F(ApiTest, TheOpenApiDocumentListsExactlyTheRoutes) {
  const auto r = server_->client()->Get("/api/v1/openapi.json");
  ASSERT_EQ(r->status, 200);
  const Json doc = Json::parse(r->body);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  std::set<std::string> documented, registered;
  // A session of its own: DELETE /api/v1/session is among the documented operations.
  const std::string own = login("analyst_red")["token"];
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
      req.headers = bearer(own);
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
