// evaluate_mot: the MOTChallenge ground-truth rule and frame-range rule on rows, then the three
// metric families on the frames that remain (mot_clear.cpp, mot_identity.cpp, mot_hota.cpp).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <string>

#include "mot_detail.hpp"
#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/vision/assignment.hpp"
#include "podium/vision/mot.hpp"

namespace podium::vision {
namespace {

constexpr double kMotEvalEps = std::numeric_limits<double>::epsilon();
constexpr int kMotPedestrian = 1;
constexpr int kMotLastClass = 13;  // crowd
// TrackEval's matching threshold for removing predictions on distractors, whatever the
// evaluation's own threshold.
constexpr double kMotDistractorIou = 0.5;

bool mot_is_distractor(int object_class, bool mot20) {
  // person on vehicle, static person, distractor, reflection; MOT20 adds non-MOT vehicle.
  return object_class == 2 || object_class == 7 || object_class == 8 || object_class == 12 ||
         (mot20 && object_class == 6);
}

// TrackEval reads the conf column of ground truth as int: 0.7 is 0 and marks the row ignored.
bool mot_zero_marked(double score) {
  return std::trunc(score) == 0;
}

Place mot_eval_place(const std::string& source, const MotRow& row, std::size_t index) {
  if (row.line > 0) return Place{.source = source, .line = static_cast<std::uint64_t>(row.line)};
  return Place{.source = source, .record = index + 1};
}

void check_mot_frame_ranges(std::span<const MotRow> gt, std::span<const MotRow> pred,
                            const MotEvalOptions& o) {
  if (gt.empty() || pred.empty()) return;
  const auto by_frame = [](const MotRow& a, const MotRow& b) { return a.frame < b.frame; };
  const auto [gt_first, gt_last] = std::minmax_element(gt.begin(), gt.end(), by_frame);
  for (std::size_t i = 0; i < pred.size(); ++i) {
    if (pred[i].frame > gt_last->frame) {
      throw Error(ErrorKind::InvalidInput, mot_eval_place(o.pred_source, pred[i], i),
                  "frame " + std::to_string(pred[i].frame) + " is after the last frame of " +
                      o.gt_source + " (" + std::to_string(gt_last->frame) +
                      "): the predictions are not of this sequence or not 1-based");
    }
  }
  const auto pred_last = std::max_element(pred.begin(), pred.end(), by_frame);
  if (pred_last->frame < gt_first->frame) {
    throw Error(ErrorKind::InvalidInput, Place{.source = o.pred_source},
                "frames end at " + std::to_string(pred_last->frame) +
                    ", before the first frame of " + o.gt_source + " (" +
                    std::to_string(gt_first->frame) + "): no frame in common");
  }
}

// Indices of rows sorted by frame (then file order).
std::vector<std::size_t> mot_frame_order(std::span<const MotRow> rows) {
  std::vector<std::size_t> order(rows.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return rows[a].frame < rows[b].frame; });
  return order;
}

std::vector<int> mot_compact_ids(std::span<const MotRow> rows, const std::vector<std::size_t>& kept,
                                 int& count) {
  std::vector<std::int64_t> ids;
  ids.reserve(kept.size());
  for (const std::size_t i : kept)
    ids.push_back(rows[i].id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  count = static_cast<int>(ids.size());
  std::vector<int> compact;
  compact.reserve(kept.size());
  for (const std::size_t i : kept) {
    compact.push_back(
        static_cast<int>(std::lower_bound(ids.begin(), ids.end(), rows[i].id) - ids.begin()));
  }
  return compact;
}

void fill_mot_frame_metrics(const mot_detail::Sequence& s, const MotEvalOptions& o, MotMetrics& m) {
  m.frames = static_cast<std::int64_t>(s.frames);
  m.gt_ids = s.gt_ids;
  m.pred_ids = s.pred_ids;
  for (std::size_t t = 0; t < s.frames; ++t) {
    const MotFrame& f = s.frame(t);
    m.gt_boxes += static_cast<std::int64_t>(f.gt.size());
    m.pred_boxes += static_cast<std::int64_t>(f.pred.size());
  }
  mot_detail::clear_metrics(s, o.iou_threshold, m);
  mot_detail::identity_metrics(s, o.iou_threshold, m);
  mot_detail::hota_metrics(s, m);
}

void check_mot_options(const MotEvalOptions& o) {
  require_option(std::isfinite(o.iou_threshold) && o.iou_threshold > 0 && o.iou_threshold <= 1,
                 "tracking evaluation", "iou_threshold", o.iou_threshold, "must be in (0, 1]");
}

}  // namespace

MotMetrics evaluate_mot(std::span<const MotRow> gt, std::span<const MotRow> pred,
                        const MotEvalOptions& options) {
  check_mot_options(options);
  mot_detail::check_rows(gt, options.gt_source, ErrorKind::InvalidInput);
  mot_detail::check_rows(pred, options.pred_source, ErrorKind::InvalidInput);
  check_mot_frame_ranges(gt, pred, options);
  const bool has_classes =
      std::any_of(gt.begin(), gt.end(), [](const MotRow& r) { return r.object_class != -1; });
  const bool classes = has_classes && options.gt_classes;
  if (classes) {
    for (std::size_t i = 0; i < gt.size(); ++i) {
      if (gt[i].object_class < 1 || gt[i].object_class > kMotLastClass) {
        Place p = mot_eval_place(options.gt_source, gt[i], i);
        p.field = "class";
        p.value = std::to_string(gt[i].object_class);
        throw Error(ErrorKind::InvalidInput, std::move(p),
                    "not a MOTChallenge class (1..13); evaluate without the class rule to keep it");
      }
    }
  }

  // Per frame: the rows kept, as [begin, end) ranges into kept_gt and kept_pred.
  const std::vector<std::size_t> gt_order = mot_frame_order(gt), pred_order = mot_frame_order(pred);
  std::vector<std::size_t> kept_gt, kept_pred, gt_begin, pred_begin;
  MotMetrics m;
  std::vector<double> cost;
  std::size_t a = 0, b = 0;
  while (a < gt_order.size() || b < pred_order.size()) {
    const std::int64_t frame = std::min(
        a < gt_order.size() ? gt[gt_order[a]].frame : std::numeric_limits<std::int64_t>::max(),
        b < pred_order.size() ? pred[pred_order[b]].frame
                              : std::numeric_limits<std::int64_t>::max());
    std::size_t a_end = a, b_end = b;
    while (a_end < gt_order.size() && gt[gt_order[a_end]].frame == frame)
      ++a_end;
    while (b_end < pred_order.size() && pred[pred_order[b_end]].frame == frame)
      ++b_end;
    const int rows = static_cast<int>(a_end - a), cols = static_cast<int>(b_end - b);
    std::vector<bool> removed(static_cast<std::size_t>(cols), false);
    if (classes && rows > 0 && cols > 0) {
      const std::size_t width = b_end - b;
      cost.assign((a_end - a) * width, 0);
      for (std::size_t i = 0; i < a_end - a; ++i) {
        for (std::size_t j = 0; j < width; ++j) {
          const double iou = box_iou(gt[gt_order[a + i]].box, pred[pred_order[b + j]].box);
          cost[i * width + j] = iou < kMotDistractorIou - kMotEvalEps ? 0 : -iou;
        }
      }
      const std::vector<int> match = solve_assignment(cost, rows, cols);
      for (std::size_t i = 0; i < a_end - a; ++i) {
        if (match[i] < 0) continue;
        const auto j = static_cast<std::size_t>(match[i]);
        if (-cost[i * width + j] <= kMotEvalEps) continue;
        if (mot_is_distractor(gt[gt_order[a + i]].object_class, options.mot20_distractors)) {
          removed[j] = true;
        }
      }
    }
    gt_begin.push_back(kept_gt.size());
    pred_begin.push_back(kept_pred.size());
    for (std::size_t k = a; k < a_end; ++k) {
      const MotRow& r = gt[gt_order[k]];
      const bool kept = !mot_zero_marked(r.score) && (!classes || r.object_class == kMotPedestrian);
      if (kept) kept_gt.push_back(gt_order[k]);
      m.gt_ignored += kept ? 0 : 1;
    }
    for (std::size_t k = b; k < b_end; ++k) {
      if (removed[k - b]) {
        ++m.pred_removed;
      } else {
        kept_pred.push_back(pred_order[k]);
      }
    }
    // A frame whose rows were all left out holds nothing to count: TrackEval skips it too.
    if (kept_gt.size() == gt_begin.back() && kept_pred.size() == pred_begin.back()) {
      gt_begin.pop_back();
      pred_begin.pop_back();
    }
    a = a_end;
    b = b_end;
  }
  gt_begin.push_back(kept_gt.size());
  pred_begin.push_back(kept_pred.size());

  mot_detail::Sequence s;
  s.frames = gt_begin.size() - 1;
  const std::vector<int> gt_ids = mot_compact_ids(gt, kept_gt, s.gt_ids);
  const std::vector<int> pred_ids = mot_compact_ids(pred, kept_pred, s.pred_ids);
  MotFrame scratch;
  s.frame = [&](std::size_t t) -> const MotFrame& {
    scratch.gt.assign(gt_ids.begin() + static_cast<std::ptrdiff_t>(gt_begin[t]),
                      gt_ids.begin() + static_cast<std::ptrdiff_t>(gt_begin[t + 1]));
    scratch.pred.assign(pred_ids.begin() + static_cast<std::ptrdiff_t>(pred_begin[t]),
                        pred_ids.begin() + static_cast<std::ptrdiff_t>(pred_begin[t + 1]));
    scratch.similarity.clear();
    for (std::size_t i = gt_begin[t]; i < gt_begin[t + 1]; ++i) {
      for (std::size_t j = pred_begin[t]; j < pred_begin[t + 1]; ++j)
        scratch.similarity.push_back(box_iou(gt[kept_gt[i]].box, pred[kept_pred[j]].box));
    }
    return scratch;
  };
  fill_mot_frame_metrics(s, options, m);
  return m;
}

MotMetrics evaluate_mot_frames(std::span<const MotFrame> frames, int gt_ids, int pred_ids,
                               const MotEvalOptions& options) {
  check_mot_options(options);
  require_option(gt_ids >= 0, "tracking evaluation", "gt_ids", gt_ids, "must be >= 0");
  require_option(pred_ids >= 0, "tracking evaluation", "pred_ids", pred_ids, "must be >= 0");
  for (std::size_t t = 0; t < frames.size(); ++t) {
    const MotFrame& f = frames[t];
    const Place where{.record = t + 1};
    if (f.similarity.size() != f.gt.size() * f.pred.size()) {
      throw Error(ErrorKind::InvalidInput, where, "similarity is not gt x pred");
    }
    for (const double v : f.similarity) {
      if (!(v >= 0 && v <= 1))
        throw Error(ErrorKind::InvalidInput, where, "similarity not in [0, 1]");
    }
    for (const auto& [ids, count] : {std::pair{&f.gt, gt_ids}, std::pair{&f.pred, pred_ids}}) {
      std::vector<int> sorted = *ids;
      std::sort(sorted.begin(), sorted.end());
      if (!sorted.empty() && (sorted.front() < 0 || sorted.back() >= count)) {
        throw Error(ErrorKind::InvalidInput, where, "an id outside 0..count-1");
      }
      if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
        throw Error(ErrorKind::InvalidInput, where, "an id twice in one frame");
      }
    }
  }
  mot_detail::Sequence s;
  s.frames = frames.size();
  s.gt_ids = gt_ids;
  s.pred_ids = pred_ids;
  s.frame = [&](std::size_t t) -> const MotFrame& { return frames[t]; };
  MotMetrics m;
  fill_mot_frame_metrics(s, options, m);
  return m;
}

}  // namespace podium::vision
