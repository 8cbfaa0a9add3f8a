#include "podium/core/threads.hpp"

#include <algorithm>
#include <thread>

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

}  // namespace podium
