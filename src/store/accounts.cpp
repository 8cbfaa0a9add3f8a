// Accounts: users, teams, their memberships and the access rules (accounts.hpp). Sessions and the
// libsodium primitives are in accounts_sessions.cpp.
#include "podium/store/accounts.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "podium/core/error.hpp"
#include "store/accounts_impl.hpp"
#include "store/store_impl.hpp"

namespace podium::store {
namespace {

constexpr std::size_t kAccountNameMaxChars = 64;

// Team names follow the same rule as user names.
void accounts_validate_name(const char* what, const std::string& name) {
  const bool chars_ok = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '@' || c == '-';
  });
  if (!name.empty() && name.size() <= kAccountNameMaxChars && chars_ok) return;
  const bool printable =
      name.size() <= 2 * kAccountNameMaxChars && std::all_of(name.begin(), name.end(), [](char c) {
        return c >= ' ' && c < 0x7f && c != '"' && c != '\\';
      });
  std::string message = std::string(what) + " name \"";
  // The name is echoed only when it cannot break the message's one line.
  message.append(printable ? name : std::string("..."))
      .append("\": must be 1-64 characters of [A-Za-z0-9_.@-]");
  throw Error(ErrorKind::InvalidInput, message);
}

std::vector<std::string> accounts_user_teams(const Db& db, std::int64_t user_id) {
  Statement s(db,
              "SELECT t.name FROM team_users tu JOIN teams t ON t.id = tu.team_id "
              "WHERE tu.user_id = ? ORDER BY t.name",
              "list user teams");
  s.bind(1, user_id);
  std::vector<std::string> teams;
  while (s.step())
    teams.push_back(s.text(0));
  return teams;
}

constexpr const char* kAccountsUserColumns =
    "SELECT id, name, role, athlete_id, disabled, created_at_utc_s FROM users ";

User accounts_read_user(const Db& db, const Statement& s) {
  User u{.id = s.int64(0),
         .name = s.text(1),
         .role = parse_role(s.text(2)),
         .athlete_id = std::nullopt,
         .teams = {},
         .disabled = s.int64(4) != 0,
         .created_at_utc_s = s.int64(5)};
  if (!s.is_null(3)) u.athlete_id = s.text(3);
  u.teams = accounts_user_teams(db, u.id);
  return u;
}

std::optional<std::int64_t> accounts_team_id(const Db& db, const std::string& team) {
  Statement s(db, "SELECT id FROM teams WHERE name = ?", "look up team");
  s.bind(1, team);
  if (!s.step()) return std::nullopt;
  return s.int64(0);
}

std::int64_t accounts_require_team(const Db& db, const std::string& team) {
  accounts_validate_name("team", team);
  if (auto id = accounts_team_id(db, team)) return *id;
  throw Error(ErrorKind::NotFound, db.path() + ": team \"" + team + "\" not found");
}

std::int64_t accounts_require_user_id(const Db& db, const std::string& name) {
  accounts_validate_name("user", name);
  Statement s(db, "SELECT id FROM users WHERE name = ?", "look up user");
  s.bind(1, name);
  if (!s.step()) throw Error(ErrorKind::NotFound, db.path() + ": user \"" + name + "\" not found");
  return s.int64(0);
}

bool accounts_athlete_exists(const Db& db, const std::string& athlete) {
  Statement s(db, "SELECT 1 FROM athletes WHERE id = ?", "look up athlete");
  s.bind(1, athlete);
  return s.step();
}

void accounts_insert_team_user(Db& db, std::int64_t team_id, const std::string& team,
                               std::int64_t user_id, const std::string& user) {
  Statement dup(db, "SELECT 1 FROM team_users WHERE team_id = ? AND user_id = ?",
                "look up team user");
  dup.bind(1, team_id).bind(2, user_id);
  if (dup.step()) {
    throw Error(ErrorKind::InvalidInput,
                db.path() + ": user \"" + user + "\" is already in team \"" + team + "\"");
  }
  Statement s(db, "INSERT INTO team_users (team_id, user_id) VALUES (?, ?)", "insert team user");
  s.bind(1, team_id).bind(2, user_id);
  s.run();
}

}  // namespace

const char* role_name(Role role) {
  switch (role) {
    case Role::Admin:
      return "admin";
    case Role::Coach:
      return "coach";
    case Role::Analyst:
      return "analyst";
    case Role::Athlete:
      return "athlete";
  }
  return "analyst";
}

Role parse_role(std::string_view name) {
  for (Role r : {Role::Admin, Role::Coach, Role::Analyst, Role::Athlete}) {
    if (name == role_name(r)) return r;
  }
  const bool printable = name.size() <= 32 && std::all_of(name.begin(), name.end(), [](char c) {
                           return c > ' ' && c < 0x7f && c != '"';
                         });
  std::string message = "role \"";
  message.append(printable ? std::string(name) : std::string("..."))
      .append("\": must be one of admin, coach, analyst, athlete");
  throw Error(ErrorKind::InvalidInput, message);
}

std::int64_t Accounts::add_user(const NewUser& user, const std::string& password,
                                const std::string& actor) {
  Db& db = store_->impl_->db;
  accounts_validate_name("user", user.name);
  accounts_validate_password(password);
  if ((user.role == Role::Athlete) != user.athlete_id.has_value()) {
    throw Error(ErrorKind::InvalidInput,
                "user \"" + user.name + "\": " +
                    (user.role == Role::Athlete ? "role athlete needs an athlete id (--athlete)"
                                                : std::string("only role athlete has an athlete "
                                                              "id; this user is ") +
                                                      role_name(user.role)));
  }
  if (user.athlete_id) validate_athlete_id(*user.athlete_id);
  for (const std::string& t : user.teams)
    accounts_validate_name("team", t);
  // Argon2id takes tens of milliseconds and 64 MiB: done before the write lock is taken.
  const std::string hash = accounts_hash_password(password);

  Transaction tx(db, "add user");
  {
    Statement dup(db, "SELECT 1 FROM users WHERE name = ?", "look up user");
    dup.bind(1, user.name);
    if (dup.step())
      throw Error(ErrorKind::InvalidInput, db.path() + ": user \"" + user.name + "\" exists");
  }
  if (user.athlete_id) {
    require_athlete(db, *user.athlete_id);
    Statement linked(db, "SELECT name FROM users WHERE athlete_id = ?", "look up athlete user");
    linked.bind(1, *user.athlete_id);
    if (linked.step()) {
      throw Error(ErrorKind::InvalidInput, db.path() + ": athlete \"" + *user.athlete_id +
                                               "\" already has a user (\"" + linked.text(0) +
                                               "\")");
    }
  }
  std::vector<std::pair<std::int64_t, std::string>> teams;
  for (const std::string& t : user.teams)
    teams.emplace_back(accounts_require_team(db, t), t);

  Statement ins(db,
                "INSERT INTO users (name, role, password_hash, athlete_id, disabled, "
                "created_at_utc_s) VALUES (?, ?, ?, ?, 0, ?)",
                "insert user");
  ins.bind(1, user.name).bind(2, std::string_view(role_name(user.role))).bind(3, hash);
  if (user.athlete_id) {
    ins.bind(4, *user.athlete_id);
  } else {
    ins.bind_null(4);
  }
  ins.bind(5, now_utc_s());
  ins.run();
  const std::int64_t id = last_insert_rowid(db);
  std::string detail = "user=";
  detail.append(user.name).append(" role=").append(role_name(user.role));
  for (const auto& [team_id, team] : teams) {
    accounts_insert_team_user(db, team_id, team, id, user.name);
    detail.append(" team=").append(team);
  }
  audit(db, actor, "user.add", user.athlete_id, detail);
  tx.commit();
  return id;
}

void Accounts::set_password(const std::string& name, const std::string& password,
                            const std::string& actor) {
  Db& db = store_->impl_->db;
  accounts_validate_name("user", name);
  accounts_validate_password(password);
  const std::string hash = accounts_hash_password(password);
  Transaction tx(db, "set password");
  const std::int64_t id = accounts_require_user_id(db, name);
  Statement s(db, "UPDATE users SET password_hash = ? WHERE id = ?", "update password");
  s.bind(1, hash).bind(2, id);
  s.run();
  // A new password ends every session the old one opened (a stolen cookie among them).
  Statement drop(db, "DELETE FROM sessions WHERE user_id = ?", "drop user sessions");
  drop.bind(1, id);
  drop.run();
  audit(db, actor, "user.passwd", user_athlete(db, id), "user=" + name);
  tx.commit();
}

void Accounts::set_disabled(const std::string& name, bool disabled, const std::string& actor) {
  Db& db = store_->impl_->db;
  Transaction tx(db, disabled ? "disable user" : "enable user");
  const std::int64_t id = accounts_require_user_id(db, name);
  Statement s(db, "UPDATE users SET disabled = ? WHERE id = ?", "update user disabled");
  s.bind(1, std::int64_t{disabled ? 1 : 0}).bind(2, id);
  s.run();
  if (disabled) {
    Statement drop(db, "DELETE FROM sessions WHERE user_id = ?", "drop user sessions");
    drop.bind(1, id);
    drop.run();
  }
  audit(db, actor, disabled ? "user.disable" : "user.enable", user_athlete(db, id), "user=" + name);
  tx.commit();
}

std::optional<User> Accounts::user(const std::string& name) const {
  const Db& db = store_->impl_->db;
  Statement s(db, std::string(kAccountsUserColumns) + "WHERE name = ?", "read user");
  s.bind(1, name);
  if (!s.step()) return std::nullopt;
  return accounts_read_user(db, s);
}

std::optional<User> Accounts::user_by_id(std::int64_t id) const {
  const Db& db = store_->impl_->db;
  Statement s(db, std::string(kAccountsUserColumns) + "WHERE id = ?", "read user");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return accounts_read_user(db, s);
}

std::vector<User> Accounts::users() const {
  const Db& db = store_->impl_->db;
  Statement s(db, std::string(kAccountsUserColumns) + "ORDER BY name", "list users");
  std::vector<User> out;
  while (s.step())
    out.push_back(accounts_read_user(db, s));
  return out;
}

bool Accounts::has_admin() const {
  Statement s(store_->impl_->db, "SELECT 1 FROM users WHERE role = 'admin' AND disabled = 0",
              "look up admin");
  return s.step();
}

std::int64_t Accounts::add_team(const std::string& name, const std::string& actor) {
  Db& db = store_->impl_->db;
  accounts_validate_name("team", name);
  Transaction tx(db, "add team");
  if (accounts_team_id(db, name))
    throw Error(ErrorKind::InvalidInput, db.path() + ": team \"" + name + "\" exists");
  Statement s(db, "INSERT INTO teams (name, created_at_utc_s) VALUES (?, ?)", "insert team");
  s.bind(1, name).bind(2, now_utc_s());
  s.run();
  const std::int64_t id = last_insert_rowid(db);
  audit(db, actor, "team.add", std::nullopt, "team=" + name);
  tx.commit();
  return id;
}

std::vector<std::string> Accounts::teams() const {
  Statement s(store_->impl_->db, "SELECT name FROM teams ORDER BY name", "list teams");
  std::vector<std::string> out;
  while (s.step())
    out.push_back(s.text(0));
  return out;
}

void Accounts::add_team_user(const std::string& team, const std::string& user,
                             const std::string& actor) {
  Db& db = store_->impl_->db;
  Transaction tx(db, "add team user");
  const std::int64_t team_id = accounts_require_team(db, team);
  const std::int64_t user_id = accounts_require_user_id(db, user);
  accounts_insert_team_user(db, team_id, team, user_id, user);
  std::string detail = "team=";
  detail.append(team).append(" user=").append(user);
  audit(db, actor, "team.add_user", user_athlete(db, user_id), detail);
  tx.commit();
}

void Accounts::add_team_athlete(const std::string& team, const std::string& athlete,
                                const std::string& actor) {
  Db& db = store_->impl_->db;
  Transaction tx(db, "add team athlete");
  const std::int64_t team_id = accounts_require_team(db, team);
  require_athlete(db, athlete);
  Statement dup(db, "SELECT 1 FROM team_athletes WHERE team_id = ? AND athlete_id = ?",
                "look up team athlete");
  dup.bind(1, team_id).bind(2, athlete);
  if (dup.step()) {
    throw Error(ErrorKind::InvalidInput,
                db.path() + ": athlete \"" + athlete + "\" is already in team \"" + team + "\"");
  }
  Statement s(db, "INSERT INTO team_athletes (team_id, athlete_id) VALUES (?, ?)",
              "insert team athlete");
  s.bind(1, team_id).bind(2, athlete);
  s.run();
  std::string detail = "team=";
  detail.append(team).append(" athlete=").append(athlete);
  audit(db, actor, "team.add_athlete", athlete, detail);
  tx.commit();
}

std::vector<std::string> Accounts::team_athletes(const std::string& team) const {
  const Db& db = store_->impl_->db;
  const std::int64_t team_id = accounts_require_team(db, team);
  Statement s(db, "SELECT athlete_id FROM team_athletes WHERE team_id = ? ORDER BY athlete_id",
              "list team athletes");
  s.bind(1, team_id);
  std::vector<std::string> out;
  while (s.step())
    out.push_back(s.text(0));
  return out;
}

std::vector<std::string> Accounts::visible_athletes(const User& user) const {
  const Db& db = store_->impl_->db;
  std::vector<std::string> out;
  if (user.disabled) return out;
  switch (user.role) {
    case Role::Admin: {
      Statement s(db, "SELECT id FROM athletes ORDER BY id", "list athletes");
      while (s.step())
        out.push_back(s.text(0));
      break;
    }
    case Role::Coach:
    case Role::Analyst: {
      Statement s(db,
                  "SELECT DISTINCT ta.athlete_id FROM team_users tu JOIN team_athletes ta "
                  "ON ta.team_id = tu.team_id WHERE tu.user_id = ? ORDER BY ta.athlete_id",
                  "list visible athletes");
      s.bind(1, user.id);
      while (s.step())
        out.push_back(s.text(0));
      break;
    }
    case Role::Athlete:
      if (user.athlete_id && accounts_athlete_exists(db, *user.athlete_id))
        out.push_back(*user.athlete_id);
      break;
  }
  return out;
}

bool Accounts::can_access_athlete(const User& user, const std::string& athlete,
                                  Access access) const {
  // Read and Write differ only through require_role: an analyst may write (import, analyse) for
  // the team's athletes but the consent and deletion routes ask for admin or coach.
  (void)access;
  const Db& db = store_->impl_->db;
  if (user.disabled) return false;
  switch (user.role) {
    case Role::Admin:
      return accounts_athlete_exists(db, athlete);
    case Role::Coach:
    case Role::Analyst: {
      Statement s(db,
                  "SELECT 1 FROM team_users tu JOIN team_athletes ta ON ta.team_id = tu.team_id "
                  "WHERE tu.user_id = ? AND ta.athlete_id = ?",
                  "check team access");
      s.bind(1, user.id).bind(2, athlete);
      return s.step();
    }
    case Role::Athlete:
      return user.athlete_id && *user.athlete_id == athlete;
  }
  return false;
}

void Accounts::require_athlete_access(const User& user, const std::string& athlete,
                                      Access access) const {
  validate_athlete_id(athlete);
  if (user.role == Role::Admin && !user.disabled) require_athlete(store_->impl_->db, athlete);
  if (can_access_athlete(user, athlete, access)) return;
  std::string message = "user \"";
  message.append(user.name)
      .append("\" (")
      .append(role_name(user.role))
      .append(user.disabled ? ", disabled" : "")
      .append(") may not ")
      .append(access == Access::Read ? "read" : "change")
      .append(" athlete \"")
      .append(athlete)
      .append("\"");
  throw Error(ErrorKind::Forbidden, message);
}

void Accounts::require_role(const User& user, std::initializer_list<Role> allowed) const {
  if (!user.disabled && std::find(allowed.begin(), allowed.end(), user.role) != allowed.end())
    return;
  std::string message = "user \"";
  message.append(user.name)
      .append("\" (")
      .append(role_name(user.role))
      .append(user.disabled ? ", disabled" : "")
      .append(") may not do this: it needs ");
  bool first = true;
  for (Role r : allowed) {
    if (!first) message.append(" or ");
    message.append(role_name(r));
    first = false;
  }
  throw Error(ErrorKind::Forbidden, message);
}

}  // namespace podium::store
