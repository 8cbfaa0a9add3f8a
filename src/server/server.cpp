#include "podium/server/server.hpp"

#include <arpa/inet.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <functional>
#include <thread>

#include "bodies.hpp"
#include "dispatch.hpp"
#include "guard.hpp"
#include "jobs.hpp"
#include "podium/core/json.hpp"
#include "router.hpp"
#include "static_files.hpp"

namespace podium::server {
namespace {

constexpr std::size_t kLoginFailures = 5;
constexpr std::int64_t kLoginWindowS = 300;
constexpr std::size_t kIdDigits = 18;
constexpr std::size_t kUploadNameBytes = 128;

// cpp-httplib 0.11's ThreadPool queues without bound; this one holds at most `max_queued`
// connections and makes the accepting thread serve the next one itself when full, so that it
// stops accepting until a slot frees (the kernel's backlog then pushes back on clients).
class BoundedPool : public httplib::TaskQueue {
 public:
  BoundedPool(std::size_t threads, std::size_t max_queued) : max_queued_(max_queued) {
    for (std::size_t i = 0; i < threads; ++i)
      workers_.emplace_back([this] { work(); });
  }
  BoundedPool(const BoundedPool&) = delete;
  BoundedPool& operator=(const BoundedPool&) = delete;
  ~BoundedPool() override = default;

  void enqueue(std::function<void()> fn) override {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      if (jobs_.size() < max_queued_) {
        jobs_.push_back(std::move(fn));
        cond_.notify_one();
        return;
      }
    }
    fn();
  }

  void shutdown() override {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      shutdown_ = true;
    }
    cond_.notify_all();
    for (std::thread& t : workers_)
      t.join();
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        cond_.wait(lock, [this] { return shutdown_ || !jobs_.empty(); });
        if (shutdown_ && jobs_.empty()) return;
        fn = std::move(jobs_.front());
        jobs_.pop_front();
      }
      fn();
    }
  }

  std::size_t max_queued_;
  std::vector<std::thread> workers_;
  std::deque<std::function<void()>> jobs_;
  std::mutex mutex_;
  std::condition_variable cond_;
  bool shutdown_ = false;
};

template <typename T>
void check_range(const char* field, T value, T lo, T hi) {
  if (value < lo || value > hi) {
    throw Error(ErrorKind::InvalidInput, Place{.field = field, .value = std::to_string(value)},
                "must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
}

void check_options(const ServerOptions& o) {
  if (o.db_path.empty()) throw Error(ErrorKind::InvalidInput, Place{.field = "db_path"}, "empty");
  if (o.bind.empty()) throw Error(ErrorKind::InvalidInput, Place{.field = "bind"}, "empty");
  check_range("port", o.port, 0, 65535);
  check_range<std::size_t>("threads", o.threads, 1, 256);
  check_range<std::size_t>("max_queued_connections", o.max_queued_connections, 1, 65536);
  check_range<std::size_t>("max_body_bytes", o.max_body_bytes, 1024, std::size_t{256} << 20);
  check_range<std::size_t>("keep_alive_max_count", o.keep_alive_max_count, 1, 100000);
  check_range<std::int64_t>("keep_alive_timeout_s", o.keep_alive_timeout_s, 1, 300);
  check_range<std::int64_t>("read_timeout_s", o.read_timeout_s, 1, 300);
  check_range<std::int64_t>("write_timeout_s", o.write_timeout_s, 1, 300);
  check_range<std::int64_t>("session_ttl_s", o.session_ttl_s, 60, std::int64_t{30} * 24 * 3600);
  check_range<std::size_t>("job_workers", o.job_workers, 1, 16);
}

// Sent with every response. The API serves JSON only; these make a browser treat it as data of
// this origin that no other page may frame, sniff or read from a referrer.
httplib::Headers security_headers() {
  return {{"Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"},
          {"X-Content-Type-Options", "nosniff"},
          {"X-Frame-Options", "DENY"},
          {"Referrer-Policy", "no-referrer"},
          {"Cache-Control", "no-store"}};
}

}  // namespace

int http_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::InvalidInput:
    case ErrorKind::Format:
      return 400;
    case ErrorKind::Unsupported:
      return 415;
    case ErrorKind::NotFound:
      return 404;
    case ErrorKind::Forbidden:
      return 403;
    case ErrorKind::Model:
    case ErrorKind::Io:
    case ErrorKind::Internal:
      return 500;
  }
  return 500;
}

const char* error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::InvalidInput:
      return "invalid_input";
    case ErrorKind::Format:
      return "format";
    case ErrorKind::Io:
      return "io";
    case ErrorKind::NotFound:
      return "not_found";
    case ErrorKind::Model:
      return "model";
    case ErrorKind::Unsupported:
      return "unsupported";
    case ErrorKind::Forbidden:
      return "forbidden";
    case ErrorKind::Internal:
      return "internal";
  }
  return "internal";
}

bool is_loopback(const std::string& address) {
  if (address == "localhost" || address == "::1") return true;
  in_addr v4{};
  if (::inet_pton(AF_INET, address.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  return false;
}

std::string Call::query(const char* name) const {
  return req.has_param(name) ? req.get_param_value(name) : std::string();
}

std::int64_t Call::query_integer(const char* name, std::int64_t fallback, std::int64_t lo,
                                 std::int64_t hi) const {
  const std::string v = query(name);
  if (v.empty()) return fallback;
  std::size_t used = 0;
  std::int64_t n = 0;
  try {
    n = std::stoll(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != v.size() || n < lo || n > hi) {
    throw Error(ErrorKind::InvalidInput, Place{.source = "query", .field = name},
                "expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  return n;
}

void send_json(Call& call, int status, const Json& body) {
  call.res.status = status;
  call.res.set_content(body.dump(), "application/json");
}

Json body_json(const Call& call) {
  Json root = json::parse(call.req.body, "request body", kJsonBodyBytes);
  json::expect_object(root, json::Where("request body"));
  return root;
}

std::int64_t id_arg(const Call& call, std::size_t index, const char* name) {
  const std::string& s = call.args.at(index);
  bool digits = !s.empty() && s.size() <= kIdDigits;
  for (char c : s)
    digits = digits && c >= '0' && c <= '9';
  if (!digits || std::stoll(s) <= 0) {
    throw Error(ErrorKind::InvalidInput, Place{.field = name},
                "'" + s.substr(0, 32) + "' is not an id (a positive integer)");
  }
  return std::stoll(s);
}

std::string upload_name(const Call& c) {
  std::string name = c.query("name");
  const Place place{.source = "query", .field = "name"};
  if (name.empty() || name.size() > kUploadNameBytes) {
    throw Error(ErrorKind::InvalidInput, place,
                "a file name of 1-" + std::to_string(kUploadNameBytes) + " bytes is required");
  }
  for (char ch : name) {
    const auto u = static_cast<unsigned char>(ch);
    if (ch == '/' || ch == '\\' || u < 0x20 || u == 0x7f) {
      throw Error(ErrorKind::InvalidInput, place,
                  "a base name without path separators or control characters");
    }
  }
  if (name.find("..") != std::string::npos || name.front() == '.') {
    throw Error(ErrorKind::InvalidInput, place, "no '..' and no leading '.'");
  }
  return name;
}

struct Server::Impl {
  ServerOptions options;
  StorePool pool;
  RateLimiter limiter{kLoginFailures, kLoginWindowS};
  ResponseCache cache;
  Shared shared;
  JobRunner jobs;
  httplib::Server http;
  int port = 0;
  std::atomic<bool> stopped{false};

  explicit Impl(const ServerOptions& o) : options(o), pool(o.db_path), jobs(o) {
    shared.options = o;
    shared.login_limiter = &limiter;
    shared.cache = &cache;
    shared.jobs = &jobs;
  }
};

Server Server::create(const ServerOptions& given) {
  ServerOptions options = given;
  check_options(options);
  if (options.podium_exe.empty()) {
    std::error_code ec;
    options.podium_exe = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  }
  check_web_dir(options);
  // Opened once here so that a missing or newer database fails at start, not at first request;
  // the connection then serves the first request.
  auto first = std::make_unique<store::Store>(
      store::Store::open(options.db_path, store::OpenMode::MustExist));
  auto impl = std::make_unique<Impl>(options);
  impl->pool.put(std::move(first));
  Impl* p = impl.get();
  httplib::Server& h = p->http;
  h.new_task_queue = [p] {
    return new BoundedPool(p->options.threads, p->options.max_queued_connections);
  };
  // A response goes out as two writes (headers, body): with Nagle's algorithm the second waits
  // for the client's delayed ACK, 40 ms on Linux, which capped a keep-alive connection at 25
  // requests/s (bench/server.sh before this line: 175 requests/s on 8 connections).
  h.set_tcp_nodelay(true);
  h.set_payload_max_length(options.max_body_bytes);
  h.set_keep_alive_max_count(options.keep_alive_max_count);
  h.set_keep_alive_timeout(options.keep_alive_timeout_s);
  h.set_read_timeout(options.read_timeout_s, 0);
  h.set_write_timeout(options.write_timeout_s, 0);
  h.set_default_headers(security_headers());
  const auto handler = [p](const httplib::Request& req, httplib::Response& res) {
    dispatch(req, res, p->pool, p->shared);
  };
  h.Get(".*", handler);
  h.Post(".*", handler);
  h.Put(".*", handler);
  h.Patch(".*", handler);
  h.Delete(".*", handler);
  h.Options(".*", handler);
  h.set_error_handler(httplib::Server::Handler(
      [](const httplib::Request&, httplib::Response& res) { fill_error_body(res); }));
  h.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, const std::exception_ptr&) {
        std::fprintf(stderr, "podium serve: %s %s: exception outside a route\n", req.method.c_str(),
                     req.path.c_str());
        send_error(res, 500, "internal", "internal error (logged)");
      });
  const int port = options.port == 0
                       ? h.bind_to_any_port(options.bind)
                       : (h.bind_to_port(options.bind, options.port) ? options.port : -1);
  if (port <= 0) {
    throw Error(ErrorKind::Io, Place{.field = "bind", .value = options.bind},
                "cannot listen on port " + std::to_string(options.port) +
                    " (in use, or not an address of this machine)");
  }
  p->port = port;
  p->jobs.start();
  return Server(std::move(impl));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::Server(Server&&) noexcept = default;
Server& Server::operator=(Server&&) noexcept = default;
Server::~Server() {
  if (impl_) stop();
}

int Server::port() const {
  return impl_->port;
}

void Server::run() {
  if (!impl_->stopped) impl_->http.listen_after_bind();
}

void Server::stop() {
  impl_->stopped = true;
  impl_->http.stop();
  impl_->jobs.stop();
}

}  // namespace podium::server
