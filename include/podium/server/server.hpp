// `podium serve`: the versioned JSON API (/api/v1/...) over one store, on cpp-httplib.
// docs/server.md has the routes, the security model and the limits set here.
//
// Contract:
// - `create` validates the options (Error(InvalidInput) naming the field, value and rule), opens
//   the store once (migrating it; Error(NotFound) when it is missing: the first admin comes from
//   `podium user add NAME --role admin`, so a server never starts on an empty, unowned store) and
//   binds the socket (Error(Io) when the address or port cannot be had). Port 0 binds any free
//   port; `port()` says which.
// - `run` serves until `stop` (from any thread); requests are handled by `threads` workers, each
//   with its own store connection taken from a pool (a Store is single-threaded), with the
//   caller's user name as the store's actor.
// - With a `web_dir`, GET / and /app/... serve the dashboard's static files (static_files.hpp in
//   src/server); `create` fails with Error(NotFound) when web_dir has no index.html or the
//   vendor folder no uPlot.
// - Every API response is JSON with the security headers; every error is
//   {"error": {"status", "kind", "message", "field"?}} with one status per ErrorKind
//   (http_status); a handler's exception never ends the server.
// - Limits (all finite, unlike cpp-httplib's defaults): request body `max_body_bytes` (413 past
//   it), keep-alive `keep_alive_max_count` requests per connection and `keep_alive_timeout_s`,
//   read and write timeouts, and at most `max_queued_connections` accepted connections waiting for
//   a worker (past that the accepting thread serves the connection itself, which stops it
//   accepting: back-pressure to the kernel's listen backlog).
//
//   Server s = Server::create({.db_path = home + "/podium.db", .port = 8080});
//   std::thread t([&] { s.run(); });  ...  s.stop(); t.join();
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "podium/core/error.hpp"

namespace podium::server {

struct ServerOptions {
  std::string db_path;   // an existing store
  std::string data_dir;  // files that belong to athletes (erasure deletes theirs); "" = none
  // The dashboard (docs/server.md#dashboard): its index.html and app/ files, and the folder of
  // npm packages it uses (node_modules/uplot, ...; "" = web_dir's sibling web-vendor). An empty
  // web_dir serves the API only.
  std::string web_dir;
  std::string vendor_dir;
  std::string bind = "127.0.0.1";
  int port = 8080;                          // [0, 65535]; 0 = any free port
  std::size_t threads = 16;                 // [1, 256] workers: each open connection holds one
  std::size_t max_queued_connections = 64;  // [1, 65536]
  std::size_t max_body_bytes = std::size_t{64} << 20;   // [1 KiB, 256 MiB]: uploads included
  std::size_t keep_alive_max_count = 1000;              // [1, 100000]
  std::int64_t keep_alive_timeout_s = 5;                // [1, 300]
  std::int64_t read_timeout_s = 10;                     // [1, 300]
  std::int64_t write_timeout_s = 10;                    // [1, 300]
  std::int64_t session_ttl_s = std::int64_t{8} * 3600;  // [60, 30 days]
  bool log_requests = false;  // one line per request on stderr (method, path, status, ms)
  // Video analyses: background workers (each runs one `podium video analyze` process at one
  // thread, src/server/jobs.hpp) and the podium binary they run ("" = this process's own).
  std::size_t job_workers = 1;  // [1, 16]
  std::string podium_exe;
};

// The one mapping from error kinds to HTTP statuses: InvalidInput/Format 400, Unsupported 415,
// NotFound 404, Forbidden 403, Model/Io/Internal 500.
int http_status(ErrorKind kind);
// "invalid_input", "format", ..., the "kind" of an error body.
const char* error_kind_name(ErrorKind kind);
// Whether `address` is a loopback address (127.0.0.0/8, ::1, "localhost"): anything else is
// served without TLS to the network, which `podium serve` warns about.
bool is_loopback(const std::string& address);

class Server {
 public:
  static Server create(const ServerOptions& options);
  Server(Server&&) noexcept;
  Server& operator=(Server&&) noexcept;
  ~Server();

  int port() const;
  void run();   // blocks until stop()
  void stop();  // idempotent, from any thread

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace podium::server
