// podium serve: the JSON API (docs/server.md) on the store, until SIGINT or SIGTERM.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

#include "commands.hpp"
#include "podium/core/home.hpp"
#include "podium/server/server.hpp"
#include "store_access.hpp"

namespace podium::app {
namespace {

// The signal handler may only touch this flag; a watcher thread stops the server.
volatile std::sig_atomic_t g_serve_stop = 0;

extern "C" void serve_on_signal(int) {
  g_serve_stop = 1;
}

// The dashboard's folder when --web-dir is not given: web/ next to the binary (the build tree,
// where CMake links the repo's web/) or ../share/podium/web (an install). "" when neither has an
// index.html: Server::create then names what is missing.
std::string serve_default_web_dir() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "web";
  const std::filesystem::path bin = exe.parent_path();
  for (const std::filesystem::path& d : {bin / "web", bin / ".." / "share" / "podium" / "web"}) {
    if (std::filesystem::is_regular_file(d / "index.html", ec))
      return d.lexically_normal().string();
  }
  return (bin / "web").string();
}

void run_serve(server::ServerOptions o, bool api_only) {
  if (o.db_path.empty()) o.db_path = default_db_path();
  if (api_only) {
    o.web_dir.clear();
  } else if (o.web_dir.empty()) {
    o.web_dir = serve_default_web_dir();
  }
  if (o.data_dir.empty()) o.data_dir = podium_home() + "/data";
  if (!server::is_loopback(o.bind)) {
    std::fprintf(stderr,
                 "podium: warning: serving on %s, not loopback: podium has no TLS, so passwords "
                 "and session cookies cross the network in clear; put a TLS reverse proxy in "
                 "front (docs/server.md)\n",
                 o.bind.c_str());
  }
  server::Server s = server::Server::create(o);
  std::signal(SIGINT, serve_on_signal);
  std::signal(SIGTERM, serve_on_signal);
  std::thread watcher([&s] {
    while (g_serve_stop == 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    s.stop();
  });
  std::printf("podium: serving %s on http://%s:%d/api/v1/ (%zu threads)\n", o.db_path.c_str(),
              o.bind.c_str(), s.port(), o.threads);
  if (!o.web_dir.empty())
    std::printf("podium: dashboard at http://%s:%d/ from %s\n", o.bind.c_str(), s.port(),
                o.web_dir.c_str());
  std::fflush(stdout);
  s.run();
  g_serve_stop = 1;
  watcher.join();
}

}  // namespace

void add_serve_commands(CLI::App& group) {
  auto o = std::make_shared<server::ServerOptions>();
  CLI::App* serve = &group;
  add_db_option(*serve, o->db_path);
  serve->add_option("--data-dir", o->data_dir,
                    "Athletes' files (analyses); default $PODIUM_HOME/data");
  serve->add_option("--port", o->port, "TCP port (default 8080; 0 = any free port)");
  serve->add_option("--bind", o->bind,
                    "Address to listen on (default 127.0.0.1; anything else warns: no TLS)");
  serve->add_option("--threads", o->threads,
                    "Worker threads; each open connection holds one (default 16)");
  serve->add_option("--job-workers", o->job_workers,
                    "Video analyses run at once, one thread each (default 1)");
  serve->add_flag("--log", o->log_requests, "One line per request on stderr");
  serve->add_option("--web-dir", o->web_dir,
                    "The dashboard's files (default: web/ beside the binary, or "
                    "../share/podium/web)");
  serve->add_option("--vendor-dir", o->vendor_dir,
                    "npm packages the dashboard uses (default: web-vendor beside --web-dir)");
  auto api_only = std::make_shared<bool>(false);
  serve->add_flag("--api-only", *api_only, "Serve the JSON API without the dashboard");
  serve->callback([o, api_only] { run_serve(*o, *api_only); });
}

}  // namespace podium::app
