// Heart-rate load: Banister TRIMP (GoldenCheetah's session-average form and the per-second sum)
// and Edwards' zone TRIMP.
#include <algorithm>
#include <cmath>

#include "metrics_parts.hpp"

namespace podium::sensor::detail {
namespace {

// Banister's weighting. GoldenCheetah (TRIMPPoints.cpp) keeps a = 0.64 for women in its
// session-average form and only changes b; the per-second form uses Banister's 0.86.
constexpr double kBanisterAMale = 0.64;
constexpr double kBanisterAFemale = 0.86;
constexpr double kBanisterBMale = 1.92;
constexpr double kBanisterBFemale = 1.67;

// Edwards (1993): weight 1..5 for 50-60, 60-70, 70-80, 80-90, 90-100 % of HRmax.
int edwards_weight(double fraction_of_max) {
  if (fraction_of_max >= 0.9) return 5;
  if (fraction_of_max >= 0.8) return 4;
  if (fraction_of_max >= 0.7) return 3;
  if (fraction_of_max >= 0.6) return 2;
  if (fraction_of_max >= 0.5) return 1;
  return 0;
}

}  // namespace

std::optional<Trimp> trimp(std::span<const double> heart_rate_bpm, std::size_t samples,
                           const Thresholds& t) {
  const double b = t.female ? kBanisterBFemale : kBanisterBMale;
  const double a = t.female ? kBanisterAFemale : kBanisterAMale;
  const double reserve = t.hr_max_bpm - t.hr_rest_bpm;
  Trimp out;
  double sum = 0;
  std::size_t n = 0;
  for (double h : heart_rate_bpm) {
    if (!(h > 0)) continue;
    sum += h;
    ++n;
    const double y = std::max(0.0, (h - t.hr_rest_bpm) / reserve);
    out.banister_integrated += y * a * std::exp(b * y) / 60.0;
    out.edwards += edwards_weight(h / t.hr_max_bpm) / 60.0;
  }
  if (n == 0) return std::nullopt;
  const double avg = sum / static_cast<double>(n);
  const double x = (avg - t.hr_rest_bpm) / reserve;
  out.banister_gc = avg < t.hr_rest_bpm ? 0.0
                                        : static_cast<double>(samples) / 60.0 * x * kBanisterAMale *
                                              std::exp(b * x);
  return out;
}

}  // namespace podium::sensor::detail
