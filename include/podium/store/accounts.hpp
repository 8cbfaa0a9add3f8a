// Who may use podium and what they may see: users with a role, teams, sessions (migration 3,
// docs/store.md#accounts). The server and the `podium user|team` commands both go through here.
//
// Contract:
// - Passwords are hashed with Argon2id (libsodium crypto_pwhash_str, its "interactive" limits)
//   and verified in constant time (crypto_pwhash_str_verify); a password is 8-1024 bytes. User
//   and team names are 1-64 characters of [A-Za-z0-9_.@-].
// - A session token is 32 random bytes (randombytes_buf), base64url without padding (43
//   characters); the store keeps only its SHA-256, so a copied database holds no live session.
//   Each session has its own CSRF token (same format, stored as is: it is useless without the
//   session cookie). `session_user` is nullopt for an unknown, expired or malformed token, or a
//   disabled user; it never throws on a bad token, and its cost does not depend on how much of a
//   token matched (lookup by hash).
// - Roles: admin (everything, users and teams), coach and analyst (the athletes of their teams;
//   an analyst may not change consent or delete), athlete (their own athlete id only). Public
//   competition results (careers, predictions) need a user, any role, no team.
// - Every change is one transaction with an audit_log row naming `actor`.
// - Errors: Error(InvalidInput) for a bad name, password, role or a duplicate; Error(NotFound) for
//   an unknown user, team or athlete; Error(Forbidden) from the require_* checks.
//
//   Accounts accounts(store);
//   accounts.add_user({.name = "ana", .role = Role::Coach}, password, "cli");
//   if (auto s = accounts.login("ana", password, 8 * 3600)) cookie = s->token;
//   std::optional<User> u = accounts.session_user(cookie);  // per request
//   accounts.require_athlete_access(*u, "A0001", Access::Read);
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "podium/store/store.hpp"

namespace podium::store {

enum class Role { Admin, Coach, Analyst, Athlete };
const char* role_name(Role role);  // "admin", "coach", "analyst", "athlete"
// Error(InvalidInput, "role \"x\": must be one of admin, coach, analyst, athlete").
Role parse_role(std::string_view name);

struct NewUser {
  std::string name;
  Role role = Role::Analyst;
  std::optional<std::string> athlete_id;  // required for, and only for, Role::Athlete
  std::vector<std::string> teams;         // team names; must exist
};

struct User {
  std::int64_t id = 0;
  std::string name;
  Role role = Role::Analyst;
  std::optional<std::string> athlete_id;
  std::vector<std::string> teams;  // sorted
  bool disabled = false;
  std::int64_t created_at_utc_s = 0;
};

struct Session {
  std::string token;       // given to the client once; only its hash is stored
  std::string csrf_token;  // echoed by the client in X-CSRF-Token on every change
  std::int64_t user_id = 0;
  std::int64_t expires_at_utc_s = 0;
};

enum class Access { Read, Write };

class Accounts {
 public:
  explicit Accounts(Store& store) : store_(&store) {}

  std::int64_t add_user(const NewUser& user, const std::string& password, const std::string& actor);
  void set_password(const std::string& name, const std::string& password, const std::string& actor);
  // A disabled user cannot log in and loses every session.
  void set_disabled(const std::string& name, bool disabled, const std::string& actor);
  std::optional<User> user(const std::string& name) const;
  std::optional<User> user_by_id(std::int64_t id) const;
  std::vector<User> users() const;  // by name
  bool has_admin() const;

  std::int64_t add_team(const std::string& name, const std::string& actor);
  std::vector<std::string> teams() const;  // sorted
  void add_team_user(const std::string& team, const std::string& user, const std::string& actor);
  void add_team_athlete(const std::string& team, const std::string& athlete,
                        const std::string& actor);
  std::vector<std::string> team_athletes(const std::string& team) const;  // sorted

  // nullopt for an unknown user, a wrong password or a disabled user (the same answer for all
  // three, after the same Argon2id work). ttl_s in [60, 30 days].
  std::optional<Session> login(const std::string& name, const std::string& password,
                               std::int64_t ttl_s);
  std::optional<User> session_user(const std::string& token) const;
  std::optional<Session> session(const std::string& token) const;  // token field left empty
  void logout(const std::string& token);
  std::size_t drop_expired_sessions();  // how many were dropped

  // The athlete ids `user` may see, sorted: all for admin, their teams' for coach and analyst,
  // their own for athlete.
  std::vector<std::string> visible_athletes(const User& user) const;
  bool can_access_athlete(const User& user, const std::string& athlete, Access access) const;
  // Error(Forbidden, "user \"ana\" (coach) may not read athlete \"A0002\"") unless allowed;
  // Error(NotFound) for an unknown athlete (checked first only for admins, so that others cannot
  // probe which ids exist).
  void require_athlete_access(const User& user, const std::string& athlete, Access access) const;
  void require_role(const User& user, std::initializer_list<Role> allowed) const;

 private:
  Store* store_;
};

// Constant-time equality of two byte strings of any lengths (sodium_memcmp on equal lengths).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace podium::store
