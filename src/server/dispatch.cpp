#include "dispatch.hpp"

#include <chrono>
#include <cstdio>
#include <new>

#include "podium/core/error.hpp"
#include "podium/core/json.hpp"
#include "router.hpp"
#include "static_files.hpp"

namespace podium::server {
namespace {

bool dispatch_changes(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

std::string dispatch_trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return std::string(s);
}

std::string cookie_value(const httplib::Request& req, std::string_view name) {
  const std::string header = req.get_header_value("Cookie");
  std::string_view rest = header;
  while (!rest.empty()) {
    const std::size_t end = rest.find(';');
    const std::string part = dispatch_trim(rest.substr(0, end));
    if (part.size() > name.size() && part.compare(0, name.size(), name) == 0 &&
        part[name.size()] == '=') {
      return part.substr(name.size() + 1);
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return "";
}

// The media type without parameters, lower-cased: "application/json; charset=utf-8" -> ...json.
std::string media_type(const httplib::Request& req) {
  std::string t = req.get_header_value("Content-Type");
  t = dispatch_trim(t.substr(0, t.find(';')));
  for (char& c : t)
    c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return t;
}

void log_request(const ServerOptions& o, const httplib::Request& req, int status, double ms) {
  if (!o.log_requests) return;
  std::fprintf(stderr, "%s %s %d %.1f ms\n", req.method.c_str(), req.path.c_str(), status, ms);
}

void run_route(const Match& m, const httplib::Request& req, httplib::Response& res, StorePool& pool,
               const Shared& shared) {
  const Route& route = *m.route;
  StorePool::Lease lease = pool.take();
  Call call{.req = req, .res = res, .args = m.args, .store = *lease, .shared = shared};
  (*lease).set_actor("anonymous");
  if (route.auth == Auth::Session) {
    std::string token;
    bool by_cookie = false;
    const std::string auth = req.get_header_value("Authorization");
    if (auth.rfind("Bearer ", 0) == 0) {
      token = dispatch_trim(std::string_view(auth).substr(7));
    } else {
      token = cookie_value(req, kSessionCookie);
      by_cookie = !token.empty();
    }
    store::Accounts accounts(*lease);
    call.user = token.empty() ? std::nullopt : accounts.session_user(token);
    if (!call.user) {
      res.set_header("WWW-Authenticate", "Bearer");
      send_error(res, 401, "unauthorized",
                 token.empty() ? "log in first (POST /api/v1/session)"
                               : "the session is unknown or has expired: log in again");
      return;
    }
    // A cookie is sent by the browser on its own; a header only by script of this origin.
    if (by_cookie && dispatch_changes(req.method)) {
      const auto session = accounts.session(token);
      const std::string sent = req.get_header_value("X-CSRF-Token");
      if (!session || sent.empty() || !store::constant_time_equal(sent, session->csrf_token)) {
        send_error(res, 403, "csrf",
                   "a change with a session cookie needs the X-CSRF-Token header from login");
        return;
      }
    }
    call.session_token = token;
    (*lease).set_actor(call.user->name);
  }
  // After the session: a caller without one learns nothing about the route but 401.
  if (route.body == Body::Json && media_type(req) != "application/json") {
    send_error(
        res, 415, "unsupported_media_type",
        "this route takes application/json, got '" + req.get_header_value("Content-Type") + "'");
    return;
  }
  if (route.body == Body::Upload && media_type(req) != "application/octet-stream") {
    send_error(res, 415, "unsupported_media_type",
               "an upload is application/octet-stream with ?name=FILE, got '" +
                   req.get_header_value("Content-Type") + "'");
    return;
  }
  route.handler(call);
}

}  // namespace

StorePool::Lease::~Lease() {
  if (store_) pool_->put(std::move(store_));
}

StorePool::Lease StorePool::take() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (!free_.empty()) {
      std::unique_ptr<store::Store> s = std::move(free_.back());
      free_.pop_back();
      return Lease(*this, std::move(s));
    }
  }
  return Lease(
      *this, std::make_unique<store::Store>(store::Store::open(path_, store::OpenMode::MustExist)));
}

void StorePool::put(std::unique_ptr<store::Store> s) {
  const std::lock_guard<std::mutex> lock(mutex_);
  free_.push_back(std::move(s));
}

void send_error(httplib::Response& res, int status, const std::string& kind,
                const std::string& message, const std::string& field) {
  Json e = {{"status", status}, {"kind", kind}, {"message", message}};
  if (!field.empty()) e["field"] = field;
  res.status = status;
  res.set_content(Json{{"error", e}}.dump(), "application/json");
}

void fill_error_body(httplib::Response& res) {
  if (!res.body.empty() || res.status < 400) return;
  const char* kind = res.status == 413 ? "payload_too_large" : "bad_request";
  const char* message = res.status == 413 ? "the request body is larger than this server takes"
                                          : "the request could not be read";
  send_error(res, res.status, kind, message);
}

void dispatch(const httplib::Request& req, httplib::Response& res, StorePool& pool,
              const Shared& shared) {
  const auto start = std::chrono::steady_clock::now();
  try {
    // The dashboard's files are not API routes: no session, no store.
    const bool file = is_static_path(req.path);
    const Match m = file ? Match{} : match_route(req.method, req.path);
    if (file) {
      serve_static(req, res, shared.options);
    } else if (m.route == nullptr && m.allowed.empty()) {
      send_error(res, 404, "not_found", "no route " + req.method + " " + req.path);
    } else if (m.route == nullptr) {
      std::string allow;
      for (const std::string& a : m.allowed)
        allow.append(allow.empty() ? "" : ", ").append(a);
      res.set_header("Allow", allow);
      send_error(res, 405, "method_not_allowed",
                 req.method + " " + req.path + ": this path takes " + allow);
    } else {
      run_route(m, req, res, pool, shared);
    }
  } catch (const Error& e) {
    const int status = http_status(e.kind());
    if (status >= 500)
      std::fprintf(stderr, "podium serve: %s %s: %s\n", req.method.c_str(), req.path.c_str(),
                   e.what());
    // A server error's details stay in the log: they may name paths of this machine.
    send_error(res, status, error_kind_name(e.kind()),
               status >= 500 ? std::string("internal error (logged)") : std::string(e.what()),
               status >= 500 ? "" : e.place().field);
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "podium serve: %s %s: out of memory\n", req.method.c_str(),
                 req.path.c_str());
    send_error(res, 503, "out_of_memory", "the server ran out of memory for this request");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "podium serve: %s %s: internal error: %s\n", req.method.c_str(),
                 req.path.c_str(), e.what());
    send_error(res, 500, "internal", "internal error (logged)");
  }
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  log_request(shared.options, req, res.status, ms);
}

}  // namespace podium::server
