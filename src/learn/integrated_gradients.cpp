#include "podium/learn/integrated_gradients.hpp"

#include <cmath>

namespace podium::learn {

double IntegratedGradients::completeness_error() const {
  double sum = 0.0;
  for (double a : attributions)
    sum += a;
  return std::fabs(sum - (score - baseline_score));
}

}  // namespace podium::learn
