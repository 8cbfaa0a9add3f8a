#include "podium/action/segment.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"

namespace podium::action {
namespace {

constexpr const char* kSegmentOwner = "segmentation";

struct SegmentRun {
  std::size_t start = 0, end = 0;
  std::string label;
};

std::vector<SegmentRun> segment_runs(const std::vector<std::string>& labels) {
  std::vector<SegmentRun> runs;
  for (std::size_t f = 0; f < labels.size(); ++f) {
    if (runs.empty() || runs.back().label != labels[f]) runs.push_back({f, f, labels[f]});
    runs.back().end = f + 1;
  }
  return runs;
}

// The mean over [start, end) of a label's probability (background: of the best class).
double segment_mean(const Segmentation& s, std::size_t start, std::size_t end,
                    const std::string& label) {
  const std::size_t classes = s.classes.size();
  const auto it = std::find(s.classes.begin(), s.classes.end(), label);
  double sum = 0;
  for (std::size_t f = start; f < end; ++f) {
    const double* p = &s.frame_probabilities[f * classes];
    sum += it != s.classes.end() ? p[it - s.classes.begin()] : *std::max_element(p, p + classes);
  }
  return sum / static_cast<double>(end - start);
}

// Shortest run first, so a short run between two long ones goes to the likelier of them before
// its neighbours change.
void merge_short_runs(Segmentation& s, std::size_t min_frames) {
  for (;;) {
    const std::vector<SegmentRun> runs = segment_runs(s.frame_labels);
    if (runs.size() < 2) return;
    std::size_t shortest = 0;
    for (std::size_t i = 1; i < runs.size(); ++i)
      if (runs[i].end - runs[i].start < runs[shortest].end - runs[shortest].start) shortest = i;
    const SegmentRun& r = runs[shortest];
    if (r.end - r.start >= min_frames) return;
    std::string into;
    if (shortest == 0) {
      into = runs[1].label;
    } else if (shortest + 1 == runs.size()) {
      into = runs[shortest - 1].label;
    } else {
      const std::string& before = runs[shortest - 1].label;
      const std::string& after = runs[shortest + 1].label;
      into = segment_mean(s, r.start, r.end, after) > segment_mean(s, r.start, r.end, before)
                 ? after
                 : before;
    }
    std::fill(s.frame_labels.begin() + static_cast<std::ptrdiff_t>(r.start),
              s.frame_labels.begin() + static_cast<std::ptrdiff_t>(r.end), into);
  }
}

}  // namespace

PoseSequence frame_range(const PoseSequence& s, std::size_t start, std::size_t end) {
  if (start >= end || end > s.frames) {
    throw Error(ErrorKind::InvalidInput, Place{.source = s.id, .field = "frames"},
                "range [" + std::to_string(start) + ", " + std::to_string(end) +
                    ") is empty or outside the sequence's " + std::to_string(s.frames) + " frames");
  }
  PoseSequence w{.id = s.id,
                 .source = s.source,
                 .group = s.group,
                 .layout = s.layout,
                 .coordinates = s.coordinates,
                 .fps = s.fps,
                 .frames = end - start};
  w.id.append("@").append(std::to_string(start)).append("-").append(std::to_string(end));
  const std::size_t k = s.keypoints();
  const auto from = static_cast<std::ptrdiff_t>(start * k),
             to = static_cast<std::ptrdiff_t>(end * k);
  w.x.assign(s.x.begin() + from, s.x.begin() + to);
  w.y.assign(s.y.begin() + from, s.y.begin() + to);
  w.score.assign(s.score.begin() + from, s.score.begin() + to);
  const auto lo = static_cast<std::int64_t>(start), hi = static_cast<std::int64_t>(end);
  for (const Segment& g : s.segments) {
    if (g.end <= lo || g.start >= hi) continue;
    w.segments.push_back(
        {.start = std::max(g.start, lo) - lo, .end = std::min(g.end, hi) - lo, .label = g.label});
  }
  return w;
}

std::size_t frames_of(std::string_view spec, double fps, std::string_view field) {
  const bool seconds = !spec.empty() && spec.back() == 's';
  const std::string_view number = seconds ? spec.substr(0, spec.size() - 1) : spec;
  double value = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  const std::string f(field);
  if (number.empty() || ec != std::errc() || end != number.data() + number.size() ||
      !std::isfinite(value) || value <= 0) {
    throw Error(ErrorKind::InvalidInput, Place{.field = f, .value = std::string(spec)},
                "must be a positive number of frames (45) or of seconds (1.5s)");
  }
  if (!seconds) {
    if (value != std::floor(value) || value > 1e9) {
      throw Error(ErrorKind::InvalidInput, Place{.field = f, .value = std::string(spec)},
                  "a number of frames must be a whole number up to 1e9");
    }
    return static_cast<std::size_t>(value);
  }
  if (fps <= 0) {
    throw Error(ErrorKind::InvalidInput, Place{.field = f, .value = std::string(spec)},
                "is in seconds but the sequence's fps is not known: give frames");
  }
  return static_cast<std::size_t>(std::max(1.0, std::round(std::min(value * fps, 1e9))));
}

Segmentation segment_sequence(const PoseSequence& sequence, std::span<const std::string> classes,
                              const WindowClassifier& classify, const SegmentOptions& o) {
  require_option(o.window >= 2, kSegmentOwner, "window", o.window, "must be >= 2 frames");
  const std::size_t stride = o.stride == 0 ? std::max<std::size_t>(1, o.window / 4) : o.stride;
  require_option(stride >= 1 && stride <= o.window, kSegmentOwner, "stride", stride,
                 "must be within 1..window (every frame covered)");
  require_option(o.min_frames >= 1, kSegmentOwner, "min_frames", o.min_frames, "must be >= 1");
  require_option(o.background_below >= 0 && o.background_below <= 1, kSegmentOwner,
                 "background_below", o.background_below, "must be within [0, 1]");
  require_option(!classes.empty(), kSegmentOwner, "classes", classes.size(), "must not be empty");
  require_option(std::find(classes.begin(), classes.end(), o.background) == classes.end(),
                 kSegmentOwner, "background", o.background, "is also a class of the model");
  validate(sequence);

  Segmentation s;
  s.classes.assign(classes.begin(), classes.end());
  const std::size_t frames = sequence.frames, n = classes.size();
  const std::size_t window = std::min(o.window, frames);
  std::vector<std::size_t> starts;
  for (std::size_t start = 0; start + window <= frames; start += stride)
    starts.push_back(start);
  if (starts.back() + window < frames) starts.push_back(frames - window);
  s.windows = starts.size();

  std::vector<double> sum(frames * n, 0.0);
  std::vector<std::size_t> cover(frames, 0);
  for (const std::size_t start : starts) {
    const std::vector<double> p = classify(frame_range(sequence, start, start + window));
    if (p.size() != n) {
      throw Error(ErrorKind::Model, Place{.source = sequence.id, .field = "probabilities"},
                  std::to_string(p.size()) + " from the window classifier for " +
                      std::to_string(n) + " classes");
    }
    for (std::size_t f = start; f < start + window; ++f) {
      ++cover[f];
      for (std::size_t c = 0; c < n; ++c)
        sum[f * n + c] += p[c];
    }
  }
  s.frame_probabilities.resize(frames * n);
  for (std::size_t f = 0; f < frames; ++f) {
    const double* p = &sum[f * n];
    for (std::size_t c = 0; c < n; ++c)
      s.frame_probabilities[f * n + c] = p[c] / static_cast<double>(cover[f]);
    const double* q = &s.frame_probabilities[f * n];
    const auto best = static_cast<std::size_t>(std::max_element(q, q + n) - q);
    s.frame_labels.push_back(q[best] < o.background_below ? o.background : s.classes[best]);
  }
  merge_short_runs(s, o.min_frames);
  for (const SegmentRun& r : segment_runs(s.frame_labels)) {
    s.segments.push_back({.start = static_cast<std::int64_t>(r.start),
                          .end = static_cast<std::int64_t>(r.end),
                          .label = r.label,
                          .probability = segment_mean(s, r.start, r.end, r.label)});
  }
  return s;
}

}  // namespace podium::action
