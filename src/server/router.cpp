#include "router.hpp"

namespace podium::server {
namespace {

std::vector<std::string_view> router_segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 1;  // paths start with '/'
  while (start <= path.size()) {
    const std::size_t end = path.find('/', start);
    const std::size_t stop = end == std::string_view::npos ? path.size() : end;
    out.push_back(path.substr(start, stop - start));
    start = stop + 1;
  }
  return out;
}

// The captures of `path` under `pattern`, or false when it does not fit. A capture matches one
// non-empty segment.
bool router_fits(std::string_view pattern, std::string_view path, std::vector<std::string>& args) {
  const auto want = router_segments(pattern);
  const auto got = router_segments(path);
  if (want.size() != got.size()) return false;
  args.clear();
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (!want[i].empty() && want[i].front() == '{') {
      if (got[i].empty()) return false;
      args.emplace_back(got[i]);
    } else if (want[i] != got[i]) {
      return false;
    }
  }
  return true;
}

std::vector<Route> router_table() {
  std::vector<Route> out;
  add_session_routes(out);
  add_athlete_routes(out);
  add_activity_routes(out);
  add_public_routes(out);
  add_admin_routes(out);
  add_video_routes(out);
  return out;
}

}  // namespace

const std::vector<Route>& routes() {
  static const std::vector<Route> table = router_table();
  return table;
}

Match match_route(std::string_view method, std::string_view path) {
  Match m;
  if (path.empty() || path.front() != '/') return m;
  std::vector<std::string> args;
  for (const Route& r : routes()) {
    if (!router_fits(r.pattern, path, args)) continue;
    if (method == r.method || (method == "HEAD" && std::string_view(r.method) == "GET")) {
      m.route = &r;
      m.args = std::move(args);
      m.allowed.clear();
      return m;
    }
    m.allowed.emplace_back(r.method);
  }
  return m;
}

}  // namespace podium::server
