// One request from cpp-httplib to a route handler and back: route matching (404, 405), the
// session (401), CSRF on cookie sessions (403), content types (415), a store connection from the
// pool with the caller as its actor, and the one place where errors and exceptions become JSON
// error bodies (http_status). Nothing a request does can end the server.
#pragma once

#include <httplib.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "call.hpp"

namespace podium::server {

// Store connections for the worker threads: a request takes one and gives it back, so there are
// never more than the number of workers, and each is used by one thread at a time.
class StorePool {
 public:
  explicit StorePool(std::string path) : path_(std::move(path)) {}
  class Lease {
   public:
    Lease(StorePool& pool, std::unique_ptr<store::Store> s) : pool_(&pool), store_(std::move(s)) {}
    Lease(Lease&&) = default;
    Lease(const Lease&) = delete;
    ~Lease();
    store::Store& operator*() { return *store_; }

   private:
    StorePool* pool_;
    std::unique_ptr<store::Store> store_;
  };
  Lease take();
  void put(std::unique_ptr<store::Store> s);

 private:
  std::string path_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<store::Store>> free_;
};

inline constexpr const char* kSessionCookie = "podium_session";

void dispatch(const httplib::Request& req, httplib::Response& res, StorePool& pool,
              const Shared& shared);
// Fills an error response that cpp-httplib made itself (413 past the body limit, 400 for an
// unparsable request) with the JSON error body, when it has none.
void fill_error_body(httplib::Response& res);
void send_error(httplib::Response& res, int status, const std::string& kind,
                const std::string& message, const std::string& field = "");

}  // namespace podium::server
