// podium user add|list|passwd|disable|enable and podium team add|add-user|add-athlete|list: the
// accounts the server logs in (store/accounts.hpp). The first admin comes from here, never from a
// default password; passwords never come from the command line (governance_cli.hpp).
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "governance_cli.hpp"
#include "podium/core/error.hpp"
#include "podium/store/accounts.hpp"
#include "store_access.hpp"

namespace podium::app {
namespace {

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) {
    if (!out.empty()) out.append(",");
    out.append(n);
  }
  return out.empty() ? "-" : out;
}

void list_users(const std::string& db, bool as_json) {
  store::Store st = open_store(db);
  const std::vector<store::User> users = store::Accounts(st).users();
  if (as_json) {
    nlohmann::json j = nlohmann::json::array();
    for (const store::User& u : users) {
      j.push_back({{"name", u.name},
                   {"role", store::role_name(u.role)},
                   {"athlete", u.athlete_id ? nlohmann::json(*u.athlete_id) : nlohmann::json()},
                   {"teams", u.teams},
                   {"disabled", u.disabled},
                   {"created", utc_text(u.created_at_utc_s)}});
    }
    std::printf("%s\n", j.dump(1).c_str());
    return;
  }
  std::printf("%-24s %-8s %-10s %-8s %-20s %s\n", "name", "role", "athlete", "state", "created",
              "teams");
  for (const store::User& u : users) {
    std::printf("%-24s %-8s %-10s %-8s %-20s %s\n", u.name.c_str(), store::role_name(u.role),
                u.athlete_id.value_or("-").c_str(), u.disabled ? "disabled" : "active",
                utc_text(u.created_at_utc_s).c_str(), join_names(u.teams).c_str());
  }
}

void list_teams(const std::string& db, bool as_json) {
  store::Store st = open_store(db);
  store::Accounts acc(st);
  const std::vector<store::User> users = acc.users();
  nlohmann::json j = nlohmann::json::array();
  if (!as_json) std::printf("%-24s %-30s %s\n", "team", "users", "athletes");
  for (const std::string& team : acc.teams()) {
    std::vector<std::string> members;
    for (const store::User& u : users) {
      for (const std::string& t : u.teams) {
        if (t == team) members.push_back(u.name);
      }
    }
    const std::vector<std::string> athletes = acc.team_athletes(team);
    if (as_json) {
      j.push_back({{"name", team}, {"users", members}, {"athletes", athletes}});
    } else {
      std::printf("%-24s %-30s %s\n", team.c_str(), join_names(members).c_str(),
                  join_names(athletes).c_str());
    }
  }
  if (as_json) std::printf("%s\n", j.dump(1).c_str());
}

}  // namespace

void add_user_commands(CLI::App& group) {
  group.require_subcommand(1);
  struct Args {
    std::string db, name, role, athlete, password_file;
    std::vector<std::string> teams;
    bool json = false;
  };
  auto a = std::make_shared<Args>();

  CLI::App* add = group.add_subcommand("add", "Add a user (the first admin starts here)");
  add->add_option("name", a->name, "Login name, 1-64 of [A-Za-z0-9_.@-]")->required();
  add->add_option("--role", a->role, "admin, coach, analyst or athlete")->required();
  add->add_option("--athlete", a->athlete, "The athlete id of a user of role athlete");
  add->add_option("--team", a->teams, "A team the user belongs to (repeatable)");
  add->add_option("--password-file", a->password_file,
                  "Read the password from this file (else $PODIUM_PASSWORD, else the terminal)");
  add_db_option(*add, a->db);
  add->callback([a] {
    const store::Role role = store::parse_role(a->role);
    // Read first: a missing password must not leave a new empty store behind.
    const std::string password = read_new_password(a->password_file, a->name);
    store::Store st = open_or_create_store(a->db);
    store::Accounts(st).add_user(
        {.name = a->name,
         .role = role,
         .athlete_id = a->athlete.empty() ? std::nullopt : std::optional(a->athlete),
         .teams = a->teams},
        password, st.actor());
    std::printf("user %s (%s) added\n", a->name.c_str(), store::role_name(role));
  });

  CLI::App* list = group.add_subcommand("list", "Users with role, athlete, teams and state");
  list->add_flag("--json", a->json, "JSON instead of a table");
  add_db_option(*list, a->db);
  list->callback([a] { list_users(a->db, a->json); });

  CLI::App* passwd = group.add_subcommand("passwd", "Set a user's password (ends their sessions)");
  passwd->add_option("name", a->name, "Login name")->required();
  passwd->add_option("--password-file", a->password_file,
                     "Read the password from this file (else $PODIUM_PASSWORD, else the terminal)");
  add_db_option(*passwd, a->db);
  passwd->callback([a] {
    store::Store st = open_store(a->db);
    store::Accounts acc(st);
    if (!acc.user(a->name)) {
      // Before the password prompt: a typo should not cost typing a password twice.
      throw Error(ErrorKind::NotFound, st.path() + ": user \"" + a->name + "\" not found");
    }
    acc.set_password(a->name, read_new_password(a->password_file, a->name), st.actor());
    std::printf("password of %s changed\n", a->name.c_str());
  });

  for (const bool disable : {true, false}) {
    CLI::App* cmd = group.add_subcommand(
        disable ? "disable" : "enable",
        disable ? "Disable a user: no login, every session ends" : "Enable a disabled user");
    cmd->add_option("name", a->name, "Login name")->required();
    add_db_option(*cmd, a->db);
    cmd->callback([a, disable] {
      store::Store st = open_store(a->db);
      store::Accounts(st).set_disabled(a->name, disable, st.actor());
      std::printf("user %s %s\n", a->name.c_str(), disable ? "disabled" : "enabled");
    });
  }
}

void add_team_commands(CLI::App& group) {
  group.require_subcommand(1);
  struct Args {
    std::string db, team, member;
    bool json = false;
  };
  auto a = std::make_shared<Args>();

  CLI::App* add = group.add_subcommand("add", "Add a team");
  add->add_option("name", a->team, "Team name, 1-64 of [A-Za-z0-9_.@-]")->required();
  add_db_option(*add, a->db);
  add->callback([a] {
    store::Store st = open_or_create_store(a->db);
    store::Accounts(st).add_team(a->team, st.actor());
    std::printf("team %s added\n", a->team.c_str());
  });

  CLI::App* add_user = group.add_subcommand("add-user", "Put a user (coach, analyst) in a team");
  add_user->add_option("team", a->team, "Team name")->required();
  add_user->add_option("user", a->member, "Login name")->required();
  add_db_option(*add_user, a->db);
  add_user->callback([a] {
    store::Store st = open_store(a->db);
    store::Accounts(st).add_team_user(a->team, a->member, st.actor());
    std::printf("user %s in team %s\n", a->member.c_str(), a->team.c_str());
  });

  CLI::App* add_athlete = group.add_subcommand("add-athlete", "Put an athlete in a team");
  add_athlete->add_option("team", a->team, "Team name")->required();
  add_athlete->add_option("athlete", a->member, "Athlete id")->required();
  add_db_option(*add_athlete, a->db);
  add_athlete->callback([a] {
    store::Store st = open_store(a->db);
    store::Accounts(st).add_team_athlete(a->team, a->member, st.actor());
    std::printf("athlete %s in team %s\n", a->member.c_str(), a->team.c_str());
  });

  CLI::App* list = group.add_subcommand("list", "Teams with their users and athletes");
  list->add_flag("--json", a->json, "JSON instead of a table");
  add_db_option(*list, a->db);
  list->callback([a] { list_teams(a->db, a->json); });
}

}  // namespace podium::app
