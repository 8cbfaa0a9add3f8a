#include "podium/core/limits.hpp"

namespace podium::limits {

Error exceeded(const std::string& source, const std::string& what, std::uint64_t value,
               std::uint64_t limit, const std::string& unit) {
  return Error(
      ErrorKind::InvalidInput,
      Place{.source = source, .field = what, .value = std::to_string(value)},
      "more than podium's limit of " + std::to_string(limit) + " " + unit + " (docs/limits.md)");
}

}  // namespace podium::limits
