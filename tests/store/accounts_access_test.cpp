// The access rules of accounts.hpp for every role against their own athlete, their team's
// athletes, another team's athlete and an athlete in no team, for reads and writes.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/store/accounts.hpp"
#include "store/test_db.hpp"
#include "testkit/throws_error.hpp"

namespace podium::store {
namespace {

using podium::testkit::ThrowsError;
using ::testing::HasSubstr;

// Athletes: A1 and A2 in team red, B1 in team blue, C1 in no team.
const std::vector<std::string> kAthletes = {"A1", "A2", "B1", "C1"};

struct Case {
  std::string user;
  std::vector<std::string> visible;  // what the user may read and write
};

const std::vector<Case> kCases = {
    {"admin", {"A1", "A2", "B1", "C1"}},
    {"coach_red", {"A1", "A2"}},
    {"analyst_red", {"A1", "A2"}},
    {"coach_blue", {"B1"}},
    {"analyst_none", {}},
    {"athlete_a1", {"A1"}},
    {"athlete_b1", {"B1"}},
    {"coach_red_disabled", {}},
};

// Users cost an Argon2id hash each, so the whole matrix shares one store.
class AccountsAccessTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testkit::TempDir();
    store_ = new Store(Store::open(dir_->path("podium.db")));
    for (const std::string& a : kAthletes)
      store_->add_athlete(a);
    Accounts acc(*store_);
    acc.add_team("red", "cli");
    acc.add_team("blue", "cli");
    acc.add_team_athlete("red", "A1", "cli");
    acc.add_team_athlete("red", "A2", "cli");
    acc.add_team_athlete("blue", "B1", "cli");
    const std::string pw = "long enough";
    acc.add_user({.name = "admin", .role = Role::Admin}, pw, "cli");
    acc.add_user({.name = "coach_red", .role = Role::Coach, .teams = {"red"}}, pw, "cli");
    acc.add_user({.name = "analyst_red", .role = Role::Analyst, .teams = {"red"}}, pw, "cli");
    acc.add_user({.name = "coach_blue", .role = Role::Coach, .teams = {"blue"}}, pw, "cli");
    acc.add_user({.name = "analyst_none", .role = Role::Analyst}, pw, "cli");
    acc.add_user({.name = "athlete_a1", .role = Role::Athlete, .athlete_id = "A1"}, pw, "cli");
    acc.add_user({.name = "athlete_b1", .role = Role::Athlete, .athlete_id = "B1"}, pw, "cli");
    acc.add_user({.name = "coach_red_disabled", .role = Role::Coach, .teams = {"red"}}, pw, "cli");
    acc.set_disabled("coach_red_disabled", true, "cli");
  }
  static void TearDownTestSuite() {
    delete store_;
    delete dir_;
  }
  static User user(const std::string& name) {
    std::optional<User> u = Accounts(*store_).user(name);
    EXPECT_TRUE(u) << name;
    return u.value_or(User{});
  }
  static testkit::TempDir* dir_;
  static Store* store_;
};

testkit::TempDir* AccountsAccessTest::dir_ = nullptr;
Store* AccountsAccessTest::store_ = nullptr;

TEST_F(AccountsAccessTest, EveryRoleSeesExactlyItsAthletes) {
  Accounts acc(*store_);
  for (const Case& c : kCases) {
    const User u = user(c.user);
    EXPECT_EQ(acc.visible_athletes(u), c.visible) << c.user;
    for (const std::string& athlete : kAthletes) {
      const bool allowed =
          std::find(c.visible.begin(), c.visible.end(), athlete) != c.visible.end();
      for (Access access : {Access::Read, Access::Write}) {
        const char* verb = access == Access::Read ? "read" : "change";
        EXPECT_EQ(acc.can_access_athlete(u, athlete, access), allowed)
            << c.user << " " << verb << " " << athlete;
        if (allowed) {
          EXPECT_NO_THROW(acc.require_athlete_access(u, athlete, access));
        } else {
          std::string message = "user \"" + c.user + "\" (" + role_name(u.role);
          message.append(u.disabled ? ", disabled" : "")
              .append(") may not ")
              .append(verb)
              .append(" athlete \"" + athlete + "\"");
          EXPECT_THAT([&] { acc.require_athlete_access(u, athlete, access); },
                      ThrowsError(ErrorKind::Forbidden, message));
        }
      }
    }
  }
}

TEST_F(AccountsAccessTest, OnlyAdminsLearnThatAnIdDoesNotExist) {
  Accounts acc(*store_);
  EXPECT_THAT([&] { acc.require_athlete_access(user("admin"), "Z9", Access::Read); },
              ThrowsError(ErrorKind::NotFound, HasSubstr("athlete \"Z9\" not found")));
  for (const char* name : {"coach_red", "analyst_red", "athlete_a1"}) {
    EXPECT_THAT([&] { acc.require_athlete_access(user(name), "Z9", Access::Read); },
                ThrowsError(ErrorKind::Forbidden, HasSubstr("may not read athlete \"Z9\"")));
  }
  EXPECT_THAT([&] { acc.require_athlete_access(user("coach_red"), "../A1", Access::Read); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("athlete id \"../A1\"")));
}

TEST_F(AccountsAccessTest, RequireRole) {
  Accounts acc(*store_);
  EXPECT_NO_THROW(acc.require_role(user("admin"), {Role::Admin}));
  EXPECT_NO_THROW(acc.require_role(user("coach_red"), {Role::Admin, Role::Coach}));
  EXPECT_THAT(
      [&] {
        acc.require_role(user("analyst_red"), {Role::Admin, Role::Coach});
      },
      ThrowsError(ErrorKind::Forbidden,
                  "user \"analyst_red\" (analyst) may not do this: it needs admin or "
                  "coach"));
  EXPECT_THAT([&] { acc.require_role(user("coach_red_disabled"), {Role::Coach}); },
              ThrowsError(ErrorKind::Forbidden, HasSubstr("(coach, disabled) may not do this")));
  for (const Case& c : kCases) {
    const User u = user(c.user);
    if (u.disabled) continue;
    // Public results need a user of any role.
    EXPECT_NO_THROW(acc.require_role(u, {Role::Admin, Role::Coach, Role::Analyst, Role::Athlete}));
  }
}

}  // namespace
}  // namespace podium::store
