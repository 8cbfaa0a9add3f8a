#include <cmath>
#include <optional>

#include "count_signal.hpp"
#include "podium/core/error.hpp"

namespace podium::action {
namespace {

// Where a swing leaves (or comes back to) its rest level: the frame nearest the extreme, between
// the rest extreme and it, still within this share of the swing from the rest value. Frames of a
// pause at rest then belong to no repetition.
constexpr double kRestBand = 0.1;

struct Turn {
  std::size_t at = 0;
  bool high = false;
};

std::vector<Turn> turns(const std::vector<double>& s, double threshold) {
  std::vector<Turn> out;
  std::size_t hi = 0, lo = 0;
  int direction = 0;  // +1 rising to a high, -1 falling to a low, 0 not yet known
  for (std::size_t t = 1; t < s.size(); ++t) {
    if (direction >= 0 && s[t] > s[hi]) hi = t;
    if (direction <= 0 && s[t] < s[lo]) lo = t;
    if (direction <= 0 && s[t] - s[lo] >= threshold) {
      out.push_back({lo, false});
      direction = 1;
      hi = t;
    } else if (direction >= 0 && s[hi] - s[t] >= threshold) {
      out.push_back({hi, true});
      direction = -1;
      lo = t;
    }
  }
  if (direction > 0) out.push_back({hi, true});
  if (direction < 0) out.push_back({lo, false});
  return out;
}

}  // namespace

std::vector<Swing> swings(const std::vector<double>& s, double threshold) {
  const std::vector<Turn> p = turns(s, threshold);
  std::vector<Swing> out;
  if (p.empty()) return out;
  const bool rest_high = p.front().high;
  for (std::size_t i = 1; i + 1 < p.size(); i += 2) {
    PODIUM_ASSERT(p[i].high != rest_high && p[i + 1].high == rest_high);
    const std::size_t a = p[i].at;
    Swing w{.rest_before = p[i - 1].at,
            .start = p[i - 1].at,
            .extreme = a,
            .end = p[i + 1].at,
            .rest_after = p[i + 1].at};
    const double from = s[w.start], to = s[w.end];
    for (std::size_t t = a; t > w.start; --t) {
      if (std::abs(s[t] - from) <= kRestBand * std::abs(s[a] - from)) {
        w.start = t;
        break;
      }
    }
    for (std::size_t t = a; t < w.end; ++t) {
      if (std::abs(s[t] - to) <= kRestBand * std::abs(s[a] - to)) {
        w.end = t;
        break;
      }
    }
    out.push_back(w);
  }
  return out;
}

}  // namespace podium::action
