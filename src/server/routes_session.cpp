// Logging in and out, who am I, and the API's own description.
#include <ctime>

#include "bodies.hpp"
#include "dispatch.hpp"
#include "guard.hpp"
#include "router.hpp"

namespace podium::server {
namespace {

Json session_user_json(const store::User& u) {
  Json j = {{"id", u.id},
            {"name", u.name},
            {"role", store::role_name(u.role)},
            {"teams", u.teams},
            {"athlete_id", nullptr}};
  if (u.athlete_id) j["athlete_id"] = *u.athlete_id;
  return j;
}

void session_post(Call& c) {
  const LoginBody body = parse_login_body(c.req.body);
  const std::int64_t now = std::time(nullptr);
  RateLimiter& limiter = *c.shared.login_limiter;
  const std::string name_key = "name:" + body.name;
  const std::string addr_key = "addr:" + c.req.remote_addr;
  const std::int64_t wait =
      std::max(limiter.retry_after_s(name_key, now), limiter.retry_after_s(addr_key, now));
  if (wait > 0) {
    c.res.set_header("Retry-After", std::to_string(wait));
    send_error(c.res, 429, "rate_limited",
               "too many failed logins for this name or address: try again in " +
                   std::to_string(wait) + " s");
    return;
  }
  store::Accounts accounts(c.store);
  const auto session = accounts.login(body.name, body.password, c.shared.options.session_ttl_s);
  if (!session) {
    limiter.record_failure(name_key, now);
    limiter.record_failure(addr_key, now);
    send_error(c.res, 401, "unauthorized", "wrong name or password");
    return;
  }
  limiter.clear(name_key);
  const auto user = accounts.user_by_id(session->user_id);
  c.res.set_header("Set-Cookie", std::string(kSessionCookie) + "=" + session->token +
                                     "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" +
                                     std::to_string(c.shared.options.session_ttl_s));
  send_json(c, 200,
            {{"user", session_user_json(*user)},
             {"csrf_token", session->csrf_token},
             {"token", session->token},
             {"expires_at_utc_s", session->expires_at_utc_s}});
}

void session_delete(Call& c) {
  c.accounts().logout(c.session_token);
  c.res.set_header("Set-Cookie",
                   std::string(kSessionCookie) + "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
  send_json(c, 200, {{"logged_out", true}});
}

void me_get(Call& c) {
  send_json(c, 200, session_user_json(c.me()));
}

void openapi_get(Call& c) {
  static const std::string doc = openapi_document().dump();
  c.res.status = 200;
  c.res.set_content(doc, "application/json");
}

}  // namespace

Json user_json(const store::User& u) {
  return session_user_json(u);
}

void add_session_routes(std::vector<Route>& out) {
  out.push_back({"POST", "/api/v1/session", Auth::None, Body::Json,
                 "Log in: {name, password} -> session cookie, {user, csrf_token, token}", "session",
                 session_post});
  out.push_back({"DELETE", "/api/v1/session", Auth::Session, Body::None, "Log out", "session",
                 session_delete});
  out.push_back(
      {"GET", "/api/v1/me", Auth::Session, Body::None, "The logged-in user", "session", me_get});
  out.push_back({"GET", "/api/v1/openapi.json", Auth::None, Body::None,
                 "This API as an OpenAPI 3 document", "session", openapi_get});
}

}  // namespace podium::server
