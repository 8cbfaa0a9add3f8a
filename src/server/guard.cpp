#include "guard.hpp"

#include <span>

#include "podium/core/sha256.hpp"

namespace podium::server {

void RateLimiter::prune(std::int64_t now_s) {
  for (auto it = failures_.begin(); it != failures_.end();) {
    std::deque<std::int64_t>& times = it->second;
    while (!times.empty() && times.front() <= now_s - window_s_)
      times.pop_front();
    it = times.empty() ? failures_.erase(it) : std::next(it);
  }
}

std::int64_t RateLimiter::retry_after_s(const std::string& key, std::int64_t now_s) {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  std::deque<std::int64_t>& times = it->second;
  while (!times.empty() && times.front() <= now_s - window_s_)
    times.pop_front();
  if (times.size() < max_failures_) return 0;
  return times.front() + window_s_ - now_s;
}

void RateLimiter::record_failure(const std::string& key, std::int64_t now_s) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (failures_.size() >= kMaxKeys && failures_.find(key) == failures_.end()) {
    prune(now_s);
    if (failures_.size() >= kMaxKeys) failures_.clear();
  }
  std::deque<std::int64_t>& times = failures_[key];
  times.push_back(now_s);
  while (times.size() > max_failures_)
    times.pop_front();
}

void RateLimiter::clear(const std::string& key) {
  const std::lock_guard<std::mutex> lock(mutex_);
  failures_.erase(key);
}

ResponseCache::Entry ResponseCache::get(const std::string& key, std::int64_t now_s,
                                        std::int64_t ttl_s,
                                        const std::function<std::string()>& make) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto it = entries_.find(key);
    if (it != entries_.end() && now_s - it->second.made_at_s < ttl_s) return it->second;
  }
  // Made outside the lock: two threads may both make it once, which is cheaper than serialising
  // every reader behind one slow make().
  Entry e;
  e.body = make();
  e.etag.assign(1, '"')
      .append(sha256_hex(std::as_bytes(std::span(e.body.data(), e.body.size()))))
      .push_back('"');
  e.made_at_s = now_s;
  const std::lock_guard<std::mutex> lock(mutex_);
  if (entries_.size() >= kMaxEntries && entries_.find(key) == entries_.end()) entries_.clear();
  entries_[key] = e;
  return e;
}

void ResponseCache::clear() {
  const std::lock_guard<std::mutex> lock(mutex_);
  entries_.clear();
}

}  // namespace podium::server
