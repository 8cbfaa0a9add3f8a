// The server's in-memory state between requests: the login rate limiter and the cache of public
// JSON answers. Both are bounded and thread-safe; both are lost on restart (docs/server.md says
// what that means for an attacker: a restart resets the login counters).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace podium::server {

// At most `max_failures` failed logins per key (a user name, a client address) in any window of
// `window_s` seconds; past that the key is blocked until its oldest failure leaves the window.
// Holds at most kMaxKeys keys: when full, keys without a failure in the window are dropped first,
// then the whole table (an attacker who floods it with names only resets counters, never blocks
// the server).
class RateLimiter {
 public:
  static constexpr std::size_t kMaxKeys = 100'000;
  RateLimiter(std::size_t max_failures, std::int64_t window_s)
      : max_failures_(max_failures), window_s_(window_s) {}

  // Seconds until `key` may try again (> 0 when blocked), 0 when it may try now.
  std::int64_t retry_after_s(const std::string& key, std::int64_t now_s);
  void record_failure(const std::string& key, std::int64_t now_s);
  void clear(const std::string& key);

 private:
  void prune(std::int64_t now_s);
  std::size_t max_failures_;
  std::int64_t window_s_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<std::int64_t>> failures_;
};

// Public answers that every logged-in user gets alike (model cards, careers), kept for `ttl_s`
// seconds with a strong ETag (SHA-256 of the body), so that a client's If-None-Match gets 304 and
// a busy endpoint is computed once per ttl, not once per request. At most kMaxEntries keys (a
// query string is part of a key): when full, the table is emptied.
class ResponseCache {
 public:
  static constexpr std::size_t kMaxEntries = 256;
  struct Entry {
    std::string body;
    std::string etag;
    std::int64_t made_at_s = 0;
  };
  // The cached entry for key if younger than ttl_s, or make() its body now and keep it.
  Entry get(const std::string& key, std::int64_t now_s, std::int64_t ttl_s,
            const std::function<std::string()>& make);
  void clear();

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace podium::server
