// Administration: users, teams and their members, and the audit log. Admins only.
#include "bodies.hpp"
#include "podium/store/governance.hpp"
#include "router.hpp"

namespace podium::server {

Json user_json(const store::User& u);

namespace {

void require_admin(const Call& c) {
  c.accounts().require_role(c.me(), {store::Role::Admin});
}

void users_get(Call& c) {
  require_admin(c);
  Json list = Json::array();
  for (const store::User& u : c.accounts().users()) {
    Json j = user_json(u);
    j["disabled"] = u.disabled;
    list.push_back(std::move(j));
  }
  send_json(c, 200, {{"users", list}});
}

void users_post(Call& c) {
  require_admin(c);
  const UserBody body = parse_user_body(c.req.body);
  store::Accounts accounts = c.accounts();
  accounts.add_user(body.user, body.password, c.me().name);
  send_json(c, 201, user_json(*accounts.user(body.user.name)));
}

void teams_get(Call& c) {
  require_admin(c);
  store::Accounts accounts = c.accounts();
  Json list = Json::array();
  for (const std::string& t : accounts.teams())
    list.push_back({{"name", t}, {"athletes", accounts.team_athletes(t)}});
  send_json(c, 200, {{"teams", list}});
}

void teams_post(Call& c) {
  require_admin(c);
  const std::string name = parse_team_body(c.req.body);
  const std::int64_t id = c.accounts().add_team(name, c.me().name);
  send_json(c, 201, {{"id", id}, {"name", name}});
}

void members_post(Call& c) {
  require_admin(c);
  const std::string& team = c.args.at(0);
  const MemberBody body = parse_member_body(c.req.body);
  store::Accounts accounts = c.accounts();
  if (body.user) {
    accounts.add_team_user(team, *body.user, c.me().name);
  } else {
    accounts.add_team_athlete(team, *body.athlete, c.me().name);
  }
  send_json(c, 200, {{"team", team}, {"athletes", accounts.team_athletes(team)}});
}

void audit_get(Call& c) {
  require_admin(c);
  store::AuditQuery q;
  if (!c.query("athlete").empty()) q.athlete_id = c.query("athlete");
  if (!c.query("actor").empty()) q.actor = c.query("actor");
  q.after_id = c.query_integer("after_id", 0, 0, INT64_MAX);
  q.limit = static_cast<std::size_t>(c.query_integer("limit", 1000, 1, 100000));
  Json rows = Json::array();
  for (const store::AuditRow& r : store::Governance(c.store).audit(q)) {
    rows.push_back({{"id", r.id},
                    {"at_utc_s", r.at_utc_s},
                    {"actor", r.actor},
                    {"action", r.action},
                    {"athlete_id", r.athlete_id ? Json(*r.athlete_id) : Json(nullptr)},
                    {"detail", r.detail}});
  }
  send_json(c, 200, {{"audit", rows}});
}

}  // namespace

void add_admin_routes(std::vector<Route>& out) {
  out.push_back(
      {"GET", "/api/v1/users", Auth::Session, Body::None, "Users (admin)", "admin", users_get});
  out.push_back({"POST", "/api/v1/users", Auth::Session, Body::Json,
                 "Add a user: {name, password, role, athlete_id?, teams?} (admin)", "admin",
                 users_post});
  out.push_back({"GET", "/api/v1/teams", Auth::Session, Body::None,
                 "Teams with their athletes (admin)", "admin", teams_get});
  out.push_back({"POST", "/api/v1/teams", Auth::Session, Body::Json, "Add a team: {name} (admin)",
                 "admin", teams_post});
  out.push_back({"POST", "/api/v1/teams/{team}/members", Auth::Session, Body::Json,
                 "Add {user} or {athlete} to a team (admin)", "admin", members_post});
  out.push_back({"GET", "/api/v1/audit", Auth::Session, Body::None,
                 "The audit log (?athlete, actor, after_id, limit) (admin)", "admin", audit_get});
}

}  // namespace podium::server
