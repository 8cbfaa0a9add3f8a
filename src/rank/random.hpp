// Private to the rank module: the seeded generator (core/random.hpp) and a quantile helper shared
// by the bootstrap intervals of evaluate.cpp and strategies.cpp.
#pragma once

#include <cstddef>
#include <cstdint>

#include "podium/core/random.hpp"

namespace podium::rank::detail {

using podium::Rng;

// Percentile of sorted values, linear interpolation between order statistics (R type 7).
double sorted_quantile(const double* sorted, std::size_t n, double p);

}  // namespace podium::rank::detail
