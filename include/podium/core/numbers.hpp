// NaN as podium's "no value" in double series and results: a missing sample, an angle with a
// joint not seen, a fit that has no estimate. Tests for it with std::isnan, never ==.
#pragma once

#include <limits>

namespace podium {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace podium
