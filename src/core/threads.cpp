#include "podium/core/threads.hpp"

#include <algorithm>
#include <thread>
#include <vector>

#include "podium/core/option.hpp"

namespace podium {

int checked_threads(int n, const std::string& option) {
  require_option(n >= 1 && n <= kMaxThreads, "", option, n,
                 "must be 1.." + std::to_string(kMaxThreads));
  return n;
}

int all_cores() {
  return std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, kMaxThreads);
}

void parallel_for(int n, int threads, const std::function<void(int)>& fn) {
  const int t = std::clamp(checked_threads(threads, "threads"), 1, std::max(n, 1));
  if (t == 1) {
    for (int i = 0; i < n; ++i)
      fn(i);
    return;
  }
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(t));
  for (int w = 0; w < t; ++w) {
    pool.emplace_back([&, w] {
      for (int i = n * w / t; i < n * (w + 1) / t; ++i)
        fn(i);
    });
  }
  for (auto& th : pool)
    th.join();
}

}  // namespace podium
