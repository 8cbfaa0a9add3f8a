// CLEAR-MOT as TrackEval's clear.py counts it. Per frame, ground truth and predictions are
// matched by an optimal assignment that first keeps the previous frame's pairs (a bonus of 1000
// where IoU still passes), then maximises the summed IoU; pairs below the threshold never match.
// An id switch is a ground-truth id matched to another prediction than the last one it had (any
// number of frames before); a fragmentation is each re-start of being tracked after the first.
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "mot_detail.hpp"
#include "podium/vision/assignment.hpp"

namespace podium::vision::mot_detail {
namespace {

constexpr double kClearEps = std::numeric_limits<double>::epsilon();
constexpr double kClearContinueBonus = 1000;
constexpr double kClearMostlyTracked = 0.8;
constexpr double kClearPartlyTracked = 0.2;

double clear_ratio(double num, double den) {
  return num / std::max(1.0, den);
}

}  // namespace

void clear_metrics(const Sequence& s, double threshold, MotMetrics& m) {
  const auto gt_n = static_cast<std::size_t>(s.gt_ids);
  std::vector<std::int64_t> gt_count(gt_n, 0), matched_count(gt_n, 0), starts(gt_n, 0);
  std::vector<int> last_pred(gt_n, -1);      // for id switches: the last prediction ever matched
  std::vector<int> previous_pred(gt_n, -1);  // for matching: the one matched in the last frame
  std::vector<double> score;
  double iou_sum = 0;
  for (std::size_t t = 0; t < s.frames; ++t) {
    const MotFrame& f = s.frame(t);
    const int rows = static_cast<int>(f.gt.size()), cols = static_cast<int>(f.pred.size());
    if (rows == 0) {
      m.fp += cols;
      continue;
    }
    for (const int g : f.gt)
      ++gt_count[static_cast<std::size_t>(g)];
    if (cols == 0) {
      m.fn += rows;
      continue;
    }
    score.assign(f.similarity.size(), 0);
    const std::size_t width = f.pred.size();
    for (std::size_t i = 0; i < f.gt.size(); ++i) {
      const auto g = static_cast<std::size_t>(f.gt[i]);
      for (std::size_t j = 0; j < width; ++j) {
        const std::size_t k = i * width + j;
        if (f.similarity[k] < threshold - kClearEps) continue;
        const bool continues = previous_pred[g] == f.pred[j];
        score[k] = -((continues ? kClearContinueBonus : 0) + f.similarity[k]);  // minimised
      }
    }
    const std::vector<int> match = solve_assignment(score, rows, cols);
    std::vector<bool> was_tracked(gt_n);
    for (std::size_t g = 0; g < gt_n; ++g)
      was_tracked[g] = previous_pred[g] != -1;
    std::fill(previous_pred.begin(), previous_pred.end(), -1);
    std::int64_t matches = 0;
    for (std::size_t i = 0; i < f.gt.size(); ++i) {
      if (match[i] < 0) continue;
      const auto j = static_cast<std::size_t>(match[i]);
      const std::size_t k = i * width + j;
      if (-score[k] <= kClearEps) continue;
      const auto g = static_cast<std::size_t>(f.gt[i]);
      const int p = f.pred[j];
      if (last_pred[g] != -1 && last_pred[g] != p) ++m.id_switches;
      last_pred[g] = p;
      previous_pred[g] = p;
      ++matched_count[g];
      ++matches;
      iou_sum += f.similarity[k];
    }
    for (std::size_t g = 0; g < gt_n; ++g) {
      if (!was_tracked[g] && previous_pred[g] != -1) ++starts[g];
    }
    m.tp += matches;
    m.fn += rows - matches;
    m.fp += cols - matches;
  }
  for (std::size_t g = 0; g < gt_n; ++g) {
    if (gt_count[g] > 0) {
      const double tracked =
          static_cast<double>(matched_count[g]) / static_cast<double>(gt_count[g]);
      if (tracked > kClearMostlyTracked) {
        ++m.mostly_tracked;
      } else if (tracked >= kClearPartlyTracked) {
        ++m.partially_tracked;
      }
    }
    if (starts[g] > 0) m.fragmentations += starts[g] - 1;
  }
  m.mostly_lost = s.gt_ids - m.mostly_tracked - m.partially_tracked;
  const auto tp = static_cast<double>(m.tp), fp = static_cast<double>(m.fp);
  const auto gt_boxes = static_cast<double>(m.tp + m.fn);
  m.motp = clear_ratio(iou_sum, tp);
  m.mota = clear_ratio(tp - fp - static_cast<double>(m.id_switches), gt_boxes);
  m.moda = clear_ratio(tp - fp, gt_boxes);
  m.recall = clear_ratio(tp, gt_boxes);
  m.precision = clear_ratio(tp, tp + fp);
}

}  // namespace podium::vision::mot_detail
