// What a route handler gets and how it answers: the request, its path arguments, the logged-in
// user, a store connection of its own, and the helpers that read bodies and write JSON. The
// dispatcher (dispatch.cpp) has already matched the route, authenticated the caller, checked the
// CSRF token and the content type, so handlers only check access and do the work; they throw
// podium::Error and the dispatcher turns it into the JSON error body.
#pragma once

#include <httplib.h>

#include <cstdint>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "podium/server/server.hpp"
#include "podium/store/accounts.hpp"
#include "podium/store/store.hpp"

namespace podium::server {

using Json = nlohmann::json;

class JobRunner;
class RateLimiter;
class ResponseCache;

// What every request shares: the options and the in-memory state of this server.
struct Shared {
  ServerOptions options;
  RateLimiter* login_limiter = nullptr;
  ResponseCache* cache = nullptr;
  JobRunner* jobs = nullptr;
};

struct Call {
  const httplib::Request& req;
  httplib::Response& res;
  std::vector<std::string> args;  // the route's {captures}, in order
  store::Store& store;
  const Shared& shared;
  std::optional<store::User> user;  // set on every route that needs a session
  std::string session_token;        // the caller's token, when logged in

  const store::User& me() const { return *user; }
  store::Accounts accounts() const { return store::Accounts(store); }
  // The query parameter, or "" when absent.
  std::string query(const char* name) const;
  // The integer query parameter, `fallback` when absent; Error(InvalidInput) placed at the
  // parameter unless it is a whole integer in [lo, hi].
  std::int64_t query_integer(const char* name, std::int64_t fallback, std::int64_t lo,
                             std::int64_t hi) const;
};

// Writes `body` with `status` as application/json.
void send_json(Call& call, int status, const Json& body);
// The request body as a JSON object, or Error(InvalidInput) placed where it went wrong.
Json body_json(const Call& call);
// An upload's file name (query parameter `name`): a base name of 1-128 bytes, nothing that could
// name a path (no separators, control characters, "..", leading "."); Error(InvalidInput) else.
std::string upload_name(const Call& call);
// A path argument that must be a positive integer id (Error(InvalidInput) naming it otherwise).
std::int64_t id_arg(const Call& call, std::size_t index, const char* name);

}  // namespace podium::server
