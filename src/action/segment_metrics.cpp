#include "podium/action/segment_metrics.hpp"

#include <algorithm>

#include "podium/core/error.hpp"

namespace podium::action {
namespace {

struct ScoredRun {
  std::size_t start = 0, end = 0;
  std::string label;
};

std::vector<ScoredRun> scored_runs(std::span<const std::string> labels) {
  std::vector<ScoredRun> runs;
  for (std::size_t f = 0; f < labels.size(); ++f) {
    if (runs.empty() || runs.back().label != labels[f]) runs.push_back({f, f, labels[f]});
    runs.back().end = f + 1;
  }
  return runs;
}

double scored_edit(const std::vector<ScoredRun>& p, const std::vector<ScoredRun>& t) {
  std::vector<std::size_t> row(t.size() + 1), next(t.size() + 1);
  for (std::size_t j = 0; j <= t.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= p.size(); ++i) {
    next[0] = i;
    for (std::size_t j = 1; j <= t.size(); ++j) {
      const std::size_t swap = row[j - 1] + (p[i - 1].label == t[j - 1].label ? 0 : 1);
      next[j] = std::min({row[j] + 1, next[j - 1] + 1, swap});
    }
    std::swap(row, next);
  }
  const auto longest = static_cast<double>(std::max(p.size(), t.size()));
  return 1.0 - static_cast<double>(row[t.size()]) / longest;
}

double scored_f1(const std::vector<ScoredRun>& p, const std::vector<ScoredRun>& t, double iou) {
  std::vector<bool> used(t.size(), false);
  std::size_t hits = 0;
  for (const ScoredRun& r : p) {
    double best = 0;
    std::size_t at = t.size();
    for (std::size_t j = 0; j < t.size(); ++j) {
      if (t[j].label != r.label) continue;
      const std::size_t inter = std::min(r.end, t[j].end) > std::max(r.start, t[j].start)
                                    ? std::min(r.end, t[j].end) - std::max(r.start, t[j].start)
                                    : 0;
      const std::size_t uni = std::max(r.end, t[j].end) - std::min(r.start, t[j].start);
      const double o = static_cast<double>(inter) / static_cast<double>(uni);
      if (o > best) {
        best = o;
        at = j;
      }
    }
    if (at < t.size() && best >= iou && !used[at]) {
      used[at] = true;
      ++hits;
    }
  }
  const double precision = static_cast<double>(hits) / static_cast<double>(p.size());
  const double recall = static_cast<double>(hits) / static_cast<double>(t.size());
  return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
}

}  // namespace

SegmentScores segment_scores(std::span<const std::string> truth,
                             std::span<const std::string> predicted) {
  if (truth.empty() || truth.size() != predicted.size()) {
    throw Error(ErrorKind::InvalidInput,
                "segment scores: " + std::to_string(predicted.size()) + " predicted labels for " +
                    std::to_string(truth.size()) + " true ones (one per frame, at least one)");
  }
  std::size_t right = 0;
  for (std::size_t f = 0; f < truth.size(); ++f)
    right += truth[f] == predicted[f] ? 1 : 0;
  const std::vector<ScoredRun> t = scored_runs(truth), p = scored_runs(predicted);
  return {.frame_accuracy = static_cast<double>(right) / static_cast<double>(truth.size()),
          .edit = scored_edit(p, t),
          .f1_at_10 = scored_f1(p, t, 0.10),
          .f1_at_25 = scored_f1(p, t, 0.25),
          .f1_at_50 = scored_f1(p, t, 0.50),
          .true_segments = t.size(),
          .predicted_segments = p.size()};
}

std::vector<std::string> frame_labels(const PoseSequence& sequence) {
  std::vector<std::string> out(sequence.frames);
  for (const Segment& g : sequence.segments)
    for (std::int64_t f = std::max<std::int64_t>(g.start, 0);
         f < std::min<std::int64_t>(g.end, static_cast<std::int64_t>(sequence.frames)); ++f)
      out[static_cast<std::size_t>(f)] = g.label;
  return out;
}

}  // namespace podium::action
