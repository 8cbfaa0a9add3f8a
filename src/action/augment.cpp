#include "podium/action/augment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <string_view>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/vision/skeleton.hpp"

namespace podium::action {
namespace {

constexpr const char* kOwner = "augment options";

struct Box {
  double min_x = std::numeric_limits<double>::infinity();
  double max_x = -std::numeric_limits<double>::infinity();
  double min_y = std::numeric_limits<double>::infinity();
  double max_y = -std::numeric_limits<double>::infinity();
  bool empty() const { return min_x > max_x; }
};

Box seen_box(const PoseSequence& s) {
  Box b;
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    if (std::isnan(s.x[i])) continue;
    b.min_x = std::min(b.min_x, static_cast<double>(s.x[i]));
    b.max_x = std::max(b.max_x, static_cast<double>(s.x[i]));
    b.min_y = std::min(b.min_y, static_cast<double>(s.y[i]));
    b.max_y = std::max(b.max_y, static_cast<double>(s.y[i]));
  }
  return b;
}

struct Centre {
  double x = 0;
  double y = 0;
};

Centre pivot_of(const PoseSequence& s, Pivot pivot) {
  if (pivot == Pivot::Origin) return {};
  const Box b = seen_box(s);
  if (b.empty()) return {};
  return {(b.min_x + b.max_x) / 2, (b.min_y + b.max_y) / 2};
}

// x' = c + a * (p - c) for the 2x2 matrix a, on every seen keypoint; NaN stays NaN by itself.
PoseSequence linear_map(const PoseSequence& s, Pivot pivot, double axx, double axy, double ayx,
                        double ayy) {
  validate(s);
  const Centre c = pivot_of(s, pivot);
  PoseSequence out = s;
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    const double dx = s.x[i] - c.x;
    const double dy = s.y[i] - c.y;
    out.x[i] = static_cast<float>(c.x + axx * dx + axy * dy);
    out.y[i] = static_cast<float>(c.y + ayx * dx + ayy * dy);
  }
  validate(out);  // a finite input with a huge factor can overflow float
  return out;
}

// The keypoint on the other side of the body: the name with "left" and "right" exchanged.
std::vector<std::size_t> mirror_permutation(vision::Layout layout) {
  const auto names = vision::layout_info(layout).keypoints;
  std::vector<std::size_t> other(names.size());
  for (std::size_t k = 0; k < names.size(); ++k) {
    other[k] = k;
    const vision::Side side = vision::keypoint_side(names[k]);
    if (side == vision::Side::Centre) continue;
    std::string twin(names[k]);
    const std::string_view from = side == vision::Side::Left ? "left" : "right";
    const std::string_view to = side == vision::Side::Left ? "right" : "left";
    twin.replace(twin.find(from), from.size(), to);
    const auto it = std::find(names.begin(), names.end(), twin);
    PODIUM_ASSERT(it != names.end());  // every layout podium defines names both sides
    other[k] = static_cast<std::size_t>(it - names.begin());
  }
  return other;
}

double uniform_in(Rng& rng, double low, double high) {
  return low + (high - low) * rng.uniform();
}

}  // namespace

void validate(const AugmentOptions& o) {
  const auto probability = [](double p, const char* field) {
    require_option(p >= 0 && p <= 1, kOwner, field, p, "must be a probability in [0, 1]");
  };
  probability(o.mirror_probability, "mirror_probability");
  probability(o.rotate_probability, "rotate_probability");
  probability(o.scale_probability, "scale_probability");
  probability(o.shear_probability, "shear_probability");
  probability(o.time_warp_probability, "time_warp_probability");
  probability(o.crop_probability, "crop_probability");
  probability(o.jitter_probability, "jitter_probability");
  probability(o.dropout_probability, "dropout_probability");
  probability(o.dropout_rate, "dropout_rate");
  require_option(o.max_rotation_deg >= 0 && o.max_rotation_deg <= 180, kOwner, "max_rotation_deg",
                 o.max_rotation_deg, "must be in [0, 180]");
  require_option(o.min_scale > 0 && std::isfinite(o.min_scale), kOwner, "min_scale", o.min_scale,
                 "must be finite and > 0");
  require_option(o.max_scale >= o.min_scale && std::isfinite(o.max_scale), kOwner, "max_scale",
                 o.max_scale, "must be finite and >= min_scale");
  require_option(o.max_shear >= 0 && o.max_shear <= 1, kOwner, "max_shear", o.max_shear,
                 "must be in [0, 1]");
  require_option(o.max_time_warp >= 0 && o.max_time_warp < 1, kOwner, "max_time_warp",
                 o.max_time_warp, "must be in [0, 1) (a larger warp is not monotone)");
  require_option(o.min_crop_fraction > 0 && o.min_crop_fraction <= 1, kOwner, "min_crop_fraction",
                 o.min_crop_fraction, "must be in (0, 1]");
  require_option(o.jitter_std >= 0 && std::isfinite(o.jitter_std), kOwner, "jitter_std",
                 o.jitter_std, "must be finite and >= 0");
}

PoseSequence mirror(const PoseSequence& s, Pivot pivot) {
  PoseSequence flipped = linear_map(s, pivot, -1, 0, 0, 1);
  const std::vector<std::size_t> other = mirror_permutation(s.layout);
  PoseSequence out = flipped;
  for (std::size_t f = 0; f < s.frames; ++f) {
    for (std::size_t k = 0; k < other.size(); ++k) {
      out.x[s.at(f, k)] = flipped.x[s.at(f, other[k])];
      out.y[s.at(f, k)] = flipped.y[s.at(f, other[k])];
      out.score[s.at(f, k)] = flipped.score[s.at(f, other[k])];
    }
  }
  return out;
}

PoseSequence rotate(const PoseSequence& s, double degrees, Pivot pivot) {
  require_option(std::isfinite(degrees), "rotate", "degrees", degrees, "must be finite");
  const double a = degrees * std::numbers::pi / 180;
  // y points down, so anticlockwise on screen is clockwise in (x, y).
  return linear_map(s, pivot, std::cos(a), std::sin(a), -std::sin(a), std::cos(a));
}

PoseSequence scale(const PoseSequence& s, double factor, Pivot pivot) {
  require_option(factor > 0 && std::isfinite(factor), "scale", "factor", factor,
                 "must be finite and > 0");
  return linear_map(s, pivot, factor, 0, 0, factor);
}

PoseSequence shear(const PoseSequence& s, double shear_x, double shear_y, Pivot pivot) {
  require_option(std::isfinite(shear_x), "shear", "shear_x", shear_x, "must be finite");
  require_option(std::isfinite(shear_y), "shear", "shear_y", shear_y, "must be finite");
  require_option(shear_x * shear_y != 1, "shear", "shear_y", shear_y,
                 "must not be 1 / shear_x (the map would collapse the skeleton onto a line)");
  return linear_map(s, pivot, 1, shear_x, shear_y, 1);
}

PoseSequence jitter(const PoseSequence& s, double std, Rng& rng) {
  require_option(std >= 0 && std::isfinite(std), "jitter", "std", std, "must be finite and >= 0");
  validate(s);
  PoseSequence out = s;
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    if (std::isnan(s.x[i])) continue;
    out.x[i] = static_cast<float>(s.x[i] + std * rng.normal());
    out.y[i] = static_cast<float>(s.y[i] + std * rng.normal());
  }
  validate(out);
  return out;
}

PoseSequence dropout(const PoseSequence& s, double rate, Rng& rng) {
  require_option(rate >= 0 && rate <= 1, "dropout", "rate", rate, "must be in [0, 1]");
  validate(s);
  PoseSequence out = s;
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    if (std::isnan(s.x[i])) continue;
    if (rng.uniform() >= rate) continue;
    out.x[i] = out.y[i] = std::numeric_limits<float>::quiet_NaN();
    if (!std::isnan(out.score[i])) out.score[i] = 0;
  }
  return out;
}

PoseSequence augment(const PoseSequence& s, const AugmentOptions& o, std::uint64_t seed) {
  validate(o);
  validate(s);
  Rng rng(seed);
  // Every draw happens whatever the probabilities say, in a fixed order, so that one
  // probability does not shift what the other transforms draw.
  const auto chance = [&rng](double p) { return rng.uniform() < p; };
  const bool do_crop = chance(o.crop_probability);
  const double crop_fraction = uniform_in(rng, o.min_crop_fraction, 1);
  const double crop_start = rng.uniform();
  const bool do_warp = chance(o.time_warp_probability);
  const double warp = uniform_in(rng, -o.max_time_warp, o.max_time_warp);
  const bool do_mirror = chance(o.mirror_probability);
  const bool do_rotate = chance(o.rotate_probability);
  const double degrees = uniform_in(rng, -o.max_rotation_deg, o.max_rotation_deg);
  const bool do_scale = chance(o.scale_probability);
  const double factor = uniform_in(rng, o.min_scale, o.max_scale);
  const bool do_shear = chance(o.shear_probability);
  const double shear_x = uniform_in(rng, -o.max_shear, o.max_shear);
  const double shear_y = uniform_in(rng, -o.max_shear, o.max_shear);
  const bool do_jitter = chance(o.jitter_probability);
  const bool do_dropout = chance(o.dropout_probability);
  Rng noise(seed, 1);  // its own stream: its draws depend on the sequence's size

  PoseSequence out = s;
  if (do_crop) {
    const auto count = std::clamp<std::size_t>(
        static_cast<std::size_t>(std::lround(crop_fraction * static_cast<double>(s.frames))), 1,
        s.frames);
    const auto first =
        static_cast<std::size_t>(crop_start * static_cast<double>(s.frames - count + 1));
    out = crop(out, std::min(first, s.frames - count), count);
  }
  if (do_warp) out = time_warp(out, warp);
  if (do_mirror) out = mirror(out, o.pivot);
  if (do_rotate) out = rotate(out, degrees, o.pivot);
  if (do_scale) out = scale(out, factor, o.pivot);
  if (do_shear && shear_x * shear_y < 1) out = shear(out, shear_x, shear_y, o.pivot);
  if (do_jitter) {
    const Box b = seen_box(out);
    const double diagonal = b.empty() ? 0 : std::hypot(b.max_x - b.min_x, b.max_y - b.min_y);
    out = jitter(out, o.jitter_std * diagonal, noise);
  }
  if (do_dropout) out = dropout(out, o.dropout_rate, noise);
  return out;
}

}  // namespace podium::action
