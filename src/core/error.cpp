#include "podium/core/error.hpp"

#include <cstdio>
#include <cstdlib>

namespace podium {

void assert_fail(const char* expr, const char* file, int line) {
  std::fprintf(stderr, "podium: internal assertion failed: %s (%s:%d)\n", expr, file, line);
  std::abort();
}

}  // namespace podium
