// Accounts: users, teams, sessions and the access rules of every role (accounts.hpp).
#include "podium/store/accounts.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/core/sha256.hpp"
#include "store/sqlite.hpp"
#include "store/test_db.hpp"
#include "testkit/throws_error.hpp"

namespace podium::store {
namespace {

using podium::testkit::ThrowsError;
using ::testing::HasSubstr;

const std::string kPassword = "correct horse battery";

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override { path_ = dir_.path("podium.db"); }
  Store open() { return Store::open(path_); }
  testkit::TempDir dir_;
  std::string path_;
};

TEST_F(AccountsTest, RoleNamesRoundTripAndABadRoleIsNamed) {
  for (Role r : {Role::Admin, Role::Coach, Role::Analyst, Role::Athlete})
    EXPECT_EQ(parse_role(role_name(r)), r);
  EXPECT_THAT([] { parse_role("root"); },
              ThrowsError(ErrorKind::InvalidInput,
                          "role \"root\": must be one of admin, coach, analyst, athlete"));
}

TEST_F(AccountsTest, StoresOnlyAnArgon2idHash) {
  Store s = open();
  Accounts acc(s);
  const std::int64_t id = acc.add_user({.name = "ana", .role = Role::Admin}, kPassword, "cli:me");
  EXPECT_GT(id, 0);
  Db db = Db::open(path_);
  Statement q(db, "SELECT password_hash FROM users WHERE name = 'ana'", "read");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.text(0).rfind("$argon2id$", 0), 0u) << q.text(0);
  EXPECT_EQ(q.text(0).find(kPassword), std::string::npos);
  const std::optional<User> u = acc.user("ana");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->id, id);
  EXPECT_EQ(u->role, Role::Admin);
  EXPECT_FALSE(u->disabled);
  EXPECT_TRUE(acc.has_admin());
  Statement a(db, "SELECT actor, action, detail FROM audit_log ORDER BY id DESC LIMIT 1", "read");
  ASSERT_TRUE(a.step());
  EXPECT_EQ(a.text(0), "cli:me");
  EXPECT_EQ(a.text(1), "user.add");
  EXPECT_EQ(a.text(2), "user=ana role=admin");
}

TEST_F(AccountsTest, RefusesBadUsersAndWritesNothing) {
  Store s = open();
  s.add_athlete("A1");
  s.add_athlete("A2");
  Accounts acc(s);
  acc.add_team("red", "cli");
  acc.add_user({.name = "ath1", .role = Role::Athlete, .athlete_id = "A1"}, kPassword, "cli");
  Db db = Db::open(path_);
  const std::int64_t users = testkit::count_rows(db, "users");
  const std::int64_t audits = testkit::count_rows(db, "audit_log");

  const std::string bad_name = "must be 1-64 characters of [A-Za-z0-9_.@-]";
  for (const std::string& name : {std::string(), std::string(65, 'a'), std::string("a b"),
                                  std::string("a\"b"), std::string("é")}) {
    EXPECT_THAT([&] { acc.add_user({.name = name, .role = Role::Coach}, kPassword, "cli"); },
                ThrowsError(ErrorKind::InvalidInput, HasSubstr(bad_name)))
        << name;
  }
  EXPECT_THAT(
      [&] { acc.add_user({.name = std::string(64, 'a')}, "short", "cli"); },
      ThrowsError(ErrorKind::InvalidInput, "password: must be 8-1024 bytes (this one is 5)"));
  EXPECT_THAT([&] { acc.add_user({.name = "x"}, std::string(1025, 'p'), "cli"); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("8-1024 bytes")));
  EXPECT_THAT([&] { acc.add_user({.name = "x", .role = Role::Athlete}, kPassword, "cli"); },
              ThrowsError(ErrorKind::InvalidInput,
                          "user \"x\": role athlete needs an athlete id (--athlete)"));
  EXPECT_THAT(
      [&] {
        acc.add_user({.name = "x", .role = Role::Coach, .athlete_id = "A2"}, kPassword, "cli");
      },
      ThrowsError(ErrorKind::InvalidInput,
                  "user \"x\": only role athlete has an athlete id; this user is coach"));
  EXPECT_THAT(
      [&] {
        acc.add_user({.name = "x", .role = Role::Athlete, .athlete_id = "A9"}, kPassword, "cli");
      },
      ThrowsError(ErrorKind::NotFound, HasSubstr("athlete \"A9\" not found")));
  EXPECT_THAT(
      [&] {
        acc.add_user({.name = "x", .role = Role::Athlete, .athlete_id = "A1"}, kPassword, "cli");
      },
      ThrowsError(ErrorKind::InvalidInput,
                  HasSubstr("athlete \"A1\" already has a user (\"ath1\")")));
  EXPECT_THAT([&] { acc.add_user({.name = "ath1", .role = Role::Coach}, kPassword, "cli"); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("user \"ath1\" exists")));
  EXPECT_THAT(
      [&] {
        acc.add_user({.name = "x", .role = Role::Coach, .teams = {"red", "blue"}}, kPassword,
                     "cli");
      },
      ThrowsError(ErrorKind::NotFound, HasSubstr("team \"blue\" not found")));
  EXPECT_EQ(testkit::count_rows(db, "users"), users);
  EXPECT_EQ(testkit::count_rows(db, "team_users"), 0);
  EXPECT_EQ(testkit::count_rows(db, "audit_log"), audits);
}

TEST_F(AccountsTest, TeamsAndMemberships) {
  Store s = open();
  s.add_athlete("A2");
  s.add_athlete("A1");
  Accounts acc(s);
  acc.add_team("red", "cli");
  acc.add_team("blue", "cli");
  EXPECT_EQ(acc.teams(), (std::vector<std::string>{"blue", "red"}));
  EXPECT_THAT([&] { acc.add_team("red", "cli"); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("team \"red\" exists")));
  EXPECT_THAT([&] { acc.add_team("r/ed", "cli"); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("team name \"r/ed\"")));
  acc.add_team_athlete("red", "A2", "cli");
  acc.add_team_athlete("red", "A1", "cli");
  EXPECT_EQ(acc.team_athletes("red"), (std::vector<std::string>{"A1", "A2"}));
  EXPECT_TRUE(acc.team_athletes("blue").empty());
  EXPECT_THAT([&] { acc.add_team_athlete("red", "A1", "cli"); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("already in team \"red\"")));
  EXPECT_THAT([&] { acc.add_team_athlete("red", "A7", "cli"); },
              ThrowsError(ErrorKind::NotFound, HasSubstr("athlete \"A7\" not found")));
  EXPECT_THAT([&] { acc.add_team_athlete("green", "A1", "cli"); },
              ThrowsError(ErrorKind::NotFound, HasSubstr("team \"green\" not found")));
  acc.add_user({.name = "co", .role = Role::Coach, .teams = {"red"}}, kPassword, "cli");
  acc.add_team_user("blue", "co", "cli");
  EXPECT_EQ(acc.user("co")->teams, (std::vector<std::string>{"blue", "red"}));
  EXPECT_THAT([&] { acc.add_team_user("blue", "co", "cli"); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("already in team \"blue\"")));
  EXPECT_THAT([&] { acc.add_team_user("blue", "nobody", "cli"); },
              ThrowsError(ErrorKind::NotFound, HasSubstr("user \"nobody\" not found")));
}

TEST_F(AccountsTest, LoginGivesATokenStoredOnlyAsItsHash) {
  Store s = open();
  Accounts acc(s);
  acc.add_user({.name = "ana", .role = Role::Coach}, kPassword, "cli");
  EXPECT_FALSE(acc.login("ana", "wrong password", 3600));
  EXPECT_FALSE(acc.login("nobody", kPassword, 3600));
  EXPECT_THAT([&] { acc.login("ana", kPassword, 59); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("must be 60 s to 30 days")));
  const std::optional<Session> a = acc.login("ana", kPassword, 3600);
  const std::optional<Session> b = acc.login("ana", kPassword, 3600);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->token.size(), 43u);
  EXPECT_EQ(a->csrf_token.size(), 43u);
  EXPECT_EQ(a->token.find_first_not_of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_NE(a->token, b->token);
  EXPECT_NE(a->token, a->csrf_token);

  Db db = Db::open(path_);
  Statement q(db, "SELECT token_sha256 FROM sessions ORDER BY created_at_utc_s", "read");
  std::vector<std::string> stored;
  while (q.step())
    stored.push_back(q.text(0));
  ASSERT_EQ(stored.size(), 2u);
  const std::string hash = sha256_hex(std::as_bytes(std::span(a->token.data(), a->token.size())));
  EXPECT_TRUE(stored[0] == hash || stored[1] == hash);
  EXPECT_TRUE(stored[0] != a->token && stored[1] != a->token);

  const std::optional<User> u = acc.session_user(a->token);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->name, "ana");
  const std::optional<Session> sa = acc.session(a->token);
  ASSERT_TRUE(sa);
  EXPECT_TRUE(sa->token.empty());
  EXPECT_EQ(sa->csrf_token, a->csrf_token);
  EXPECT_EQ(sa->expires_at_utc_s, a->expires_at_utc_s);

  // Malformed and forged tokens are no session, and never an exception.
  std::string forged = a->token;
  forged[0] = forged[0] == 'A' ? 'B' : 'A';
  for (const std::string& t :
       {std::string(), std::string("x"), a->token + "A", a->token.substr(0, 42) + "!", forged,
        a->csrf_token, std::string(1000, 'a')}) {
    EXPECT_FALSE(acc.session_user(t)) << t;
    EXPECT_FALSE(acc.session(t)) << t;
  }

  acc.logout(a->token);
  EXPECT_FALSE(acc.session_user(a->token));
  EXPECT_TRUE(acc.session_user(b->token));
  acc.logout("garbage");  // no-op
}

TEST_F(AccountsTest, AnExpiredSessionIsNoSessionAndIsDropped) {
  Store s = open();
  Accounts acc(s);
  acc.add_user({.name = "ana", .role = Role::Analyst}, kPassword, "cli");
  const std::optional<Session> old = acc.login("ana", kPassword, 60);
  const std::optional<Session> fresh = acc.login("ana", kPassword, 3600);
  ASSERT_TRUE(old && fresh);
  {
    Db db = Db::open(path_);
    Statement q(db,
                "UPDATE sessions SET expires_at_utc_s = expires_at_utc_s - 61 "
                "WHERE expires_at_utc_s < (SELECT MAX(expires_at_utc_s) FROM sessions)",
                "expire");
    q.run();
  }
  EXPECT_FALSE(acc.session_user(old->token));
  EXPECT_TRUE(acc.session_user(fresh->token));
  EXPECT_EQ(acc.drop_expired_sessions(), 1u);
  EXPECT_EQ(acc.drop_expired_sessions(), 0u);
  EXPECT_TRUE(acc.session_user(fresh->token));
}

TEST_F(AccountsTest, ADisabledUserLosesSessionsAndCannotLogIn) {
  Store s = open();
  Accounts acc(s);
  acc.add_user({.name = "root", .role = Role::Admin}, kPassword, "cli");
  const std::optional<Session> live = acc.login("root", kPassword, 3600);
  ASSERT_TRUE(live);
  acc.set_disabled("root", true, "cli");
  EXPECT_TRUE(acc.user("root")->disabled);
  EXPECT_FALSE(acc.session_user(live->token));
  EXPECT_FALSE(acc.login("root", kPassword, 3600));
  EXPECT_FALSE(acc.has_admin());
  Db db = Db::open(path_);
  EXPECT_EQ(testkit::count_rows(db, "sessions"), 0);
  acc.set_disabled("root", false, "cli");
  EXPECT_TRUE(acc.login("root", kPassword, 3600));
  EXPECT_TRUE(acc.has_admin());
  EXPECT_THAT([&] { acc.set_disabled("nobody", true, "cli"); },
              ThrowsError(ErrorKind::NotFound, HasSubstr("user \"nobody\" not found")));
}

TEST_F(AccountsTest, ANewPasswordEndsTheOldSessions) {
  Store s = open();
  Accounts acc(s);
  acc.add_user({.name = "ana", .role = Role::Coach}, kPassword, "cli");
  const std::optional<Session> before = acc.login("ana", kPassword, 3600);
  ASSERT_TRUE(before);
  acc.set_password("ana", "another long one", "cli");
  EXPECT_FALSE(acc.session_user(before->token));
  EXPECT_FALSE(acc.login("ana", kPassword, 3600));
  EXPECT_TRUE(acc.login("ana", "another long one", 3600));
  EXPECT_THAT([&] { acc.set_password("ana", "short", "cli"); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("8-1024 bytes")));
}

TEST(ConstantTimeEqual, ComparesBytes) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
  EXPECT_FALSE(constant_time_equal("abc", ""));
  EXPECT_TRUE(constant_time_equal(std::string_view("a\0b", 3), std::string_view("a\0b", 3)));
  EXPECT_FALSE(constant_time_equal(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
}

}  // namespace
}  // namespace podium::store
