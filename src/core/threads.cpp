#include "podium/core/threads.hpp"

#include <algorithm>
#include <thread>

#include "podium/core/error.hpp"

namespace podium {

int checked_threads(int n, const std::string& option) {
  if (n < 1 || n > kMaxThreads) {
    throw Error(ErrorKind::InvalidInput,
                option + " " + std::to_string(n) + " must be 1.." + std::to_string(kMaxThreads));
  }
  return n;
}

int all_cores() {
  return std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, kMaxThreads);
}

}  // namespace podium
