#include "podium/core/limits.hpp"

namespace podium::limits {

Error exceeded(const std::string& source, const std::string& what, std::uint64_t value,
               std::uint64_t limit, const std::string& unit) {
  return exceeded(Place{.source = source}, what, value, limit, unit);
}

Error exceeded(Place place, const std::string& what, std::uint64_t value, std::uint64_t limit,
               const std::string& unit) {
  place.field = place.field.empty() ? what : place.field + ": " + what;
  place.value = std::to_string(value);
  return Error(
      ErrorKind::InvalidInput, std::move(place),
      "more than podium's limit of " + std::to_string(limit) + " " + unit + " (docs/limits.md)");
}

}  // namespace podium::limits
