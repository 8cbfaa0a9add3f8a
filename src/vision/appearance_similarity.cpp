#include "podium/vision/appearance_similarity.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "podium/core/option.hpp"

namespace podium::vision {

double appearance_similarity(std::span<const float> a, std::span<const float> b) {
  if (a.size() != b.size() || a.empty()) {
    reject_option("appearance similarity", "descriptor lengths",
                  std::to_string(a.size()) + " and " + std::to_string(b.size()),
                  "must be equal and > 0");
  }
  double sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sum += std::sqrt(std::max(0.0, static_cast<double>(a[i]) * static_cast<double>(b[i])));
  }
  // Rounding in the normalisation can push a perfect match a hair past 1.
  return std::min(sum, 1.0);
}

}  // namespace podium::vision
