// The server's parts without HTTP: the error-kind mapping, route matching, the login rate
// limiter on a fake clock, the response cache, loopback detection and the request-body parsers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "podium/core/error.hpp"
#include "podium/server/server.hpp"
#include "server/bodies.hpp"
#include "server/guard.hpp"
#include "server/router.hpp"
#include "testkit/throws_error.hpp"

namespace podium::server {
namespace {

using podium::testkit::ThrowsError;
using ::testing::HasSubstr;

TEST(ServerUnits, OneStatusPerErrorKind) {
  EXPECT_EQ(http_status(ErrorKind::InvalidInput), 400);
  EXPECT_EQ(http_status(ErrorKind::Format), 400);
  EXPECT_EQ(http_status(ErrorKind::Unsupported), 415);
  EXPECT_EQ(http_status(ErrorKind::NotFound), 404);
  EXPECT_EQ(http_status(ErrorKind::Forbidden), 403);
  EXPECT_EQ(http_status(ErrorKind::Model), 500);
  EXPECT_EQ(http_status(ErrorKind::Io), 500);
  EXPECT_EQ(http_status(ErrorKind::Internal), 500);
  EXPECT_STREQ(error_kind_name(ErrorKind::Forbidden), "forbidden");
}

TEST(ServerUnits, RoutesMatchWholeSegments) {
  const Match m = match_route("GET", "/api/v1/activities/12/mmp");
  ASSERT_NE(m.route, nullptr);
  EXPECT_STREQ(m.route->pattern, "/api/v1/activities/{id}/mmp");
  EXPECT_EQ(m.args, std::vector<std::string>{"12"});
  EXPECT_EQ(match_route("GET", "/api/v1/activities//mmp").route, nullptr);
  EXPECT_EQ(match_route("GET", "/api/v1/activities/12/mmp/x").route, nullptr);
  EXPECT_TRUE(match_route("GET", "/api/v1/activities/12/mmp/x").allowed.empty());
  const Match wrong = match_route("PUT", "/api/v1/athletes/A1/consent");
  EXPECT_EQ(wrong.route, nullptr);
  EXPECT_EQ(wrong.allowed, (std::vector<std::string>{"GET", "POST"}));
  EXPECT_NE(match_route("HEAD", "/api/v1/me").route, nullptr);
  EXPECT_EQ(match_route("GET", "api/v1/me").route, nullptr);
}

TEST(ServerUnits, RateLimiterBlocksAfterTheBudgetUntilTheWindowPasses) {
  RateLimiter limiter(3, 300);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(limiter.retry_after_s("k", 1000 + i), 0);
    limiter.record_failure("k", 1000 + i);
  }
  EXPECT_EQ(limiter.retry_after_s("k", 1010), 290);
  EXPECT_EQ(limiter.retry_after_s("other", 1010), 0);
  EXPECT_EQ(limiter.retry_after_s("k", 1300), 0) << "the first failure left the window";
  limiter.clear("k");
  EXPECT_EQ(limiter.retry_after_s("k", 1010), 0);
}

TEST(ServerUnits, RateLimiterStaysBoundedWhenFlooded) {
  RateLimiter limiter(1, 300);
  for (std::size_t i = 0; i < RateLimiter::kMaxKeys + 10; ++i)
    limiter.record_failure(std::string("k").append(std::to_string(i)), 1000);
  // The table was reset when full: the newest keys are blocked, the server still answers.
  EXPECT_GT(limiter.retry_after_s(
                std::string("k").append(std::to_string(RateLimiter::kMaxKeys + 9)), 1000),
            0);
}

TEST(ServerUnits, CacheKeepsABodyForItsTtl) {
  ResponseCache cache;
  int made = 0;
  const auto make = [&] {
    return std::string("{\"n\":").append(std::to_string(++made)).append("}");
  };
  const auto a = cache.get("k", 100, 10, make);
  const auto b = cache.get("k", 109, 10, make);
  EXPECT_EQ(made, 1);
  EXPECT_EQ(a.etag, b.etag);
  EXPECT_EQ(a.etag.size(), 66U);
  const auto c = cache.get("k", 110, 10, make);
  EXPECT_EQ(made, 2);
  EXPECT_NE(c.etag, a.etag);
}

TEST(ServerUnits, Loopback) {
  EXPECT_TRUE(is_loopback("127.0.0.1"));
  EXPECT_TRUE(is_loopback("127.1.2.3"));
  EXPECT_TRUE(is_loopback("::1"));
  EXPECT_TRUE(is_loopback("localhost"));
  EXPECT_FALSE(is_loopback("0.0.0.0"));
  EXPECT_FALSE(is_loopback("192.168.1.2"));
  EXPECT_FALSE(is_loopback("::"));
}

TEST(ServerUnits, BodiesAreParsedStrictly) {
  const LoginBody l = parse_login_body(R"({"name":"ana","password":"secret pw"})");
  EXPECT_EQ(l.name, "ana");
  EXPECT_THAT([] { parse_login_body(R"({"name":"ana")"); },
              ThrowsError(ErrorKind::Format, HasSubstr("request body: byte")));
  EXPECT_THAT([] { parse_login_body(R"({"name":"ana"})"); },
              ThrowsError(ErrorKind::Format, HasSubstr("password")));
  EXPECT_THAT([] { parse_login_body(R"({"name":1,"password":"x"})"); },
              ThrowsError(ErrorKind::Format, HasSubstr("name: expected a string")));
  EXPECT_THAT([] { parse_login_body("[]"); },
              ThrowsError(ErrorKind::Format, HasSubstr("expected an object")));
  const ConsentBody c = parse_consent_body(R"({"purpose":"sharing","granted":false})");
  EXPECT_EQ(c.purpose, store::Purpose::Sharing);
  EXPECT_FALSE(c.granted);
  EXPECT_THAT([] { parse_consent_body(R"({"purpose":"x","granted":true})"); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("purpose")));
  const std::string long_note = std::string(R"({"purpose":"sharing","granted":true,"note":")")
                                    .append(std::string(1001, 'n'))
                                    .append("\"}");
  EXPECT_THAT([&] { parse_consent_body(long_note); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("note")));
  const UserBody u = parse_user_body(
      R"({"name":"a1","password":"long enough","role":"athlete","athlete_id":"A1","teams":[]})");
  EXPECT_EQ(u.user.role, store::Role::Athlete);
  EXPECT_EQ(u.user.athlete_id, "A1");
  EXPECT_THAT([] { parse_user_body(R"({"name":"a","password":"p","role":"king"})"); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("role")));
  EXPECT_EQ(parse_team_body(R"({"name":"red"})"), "red");
  EXPECT_THAT([] { parse_member_body(R"({"user":"a","athlete":"b"})"); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("exactly one")));
  EXPECT_THAT([] { parse_member_body(std::string(kJsonBodyBytes + 1, ' ')); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("65536 bytes")));
}

}  // namespace
}  // namespace podium::server
