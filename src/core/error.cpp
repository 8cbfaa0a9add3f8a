#include "podium/core/error.hpp"

#include <cstdio>
#include <cstdlib>

namespace podium {

const char* error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::InvalidInput:
      return "invalid input";
    case ErrorKind::Format:
      return "format";
    case ErrorKind::Io:
      return "io";
    case ErrorKind::NotFound:
      return "not found";
    case ErrorKind::Model:
      return "model";
    case ErrorKind::Unsupported:
      return "unsupported";
    case ErrorKind::Internal:
      return "internal";
  }
  return "unknown";
}

void assert_fail(const char* expr, const char* file, int line) {
  std::fprintf(stderr, "podium: internal assertion failed: %s (%s:%d)\n", expr, file, line);
  std::abort();
}

}  // namespace podium
