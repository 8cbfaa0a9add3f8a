// What COCO keypoint (OKS) and box (IoU) evaluation share, as pycocotools' cocoeval.py does it:
// per-image greedy matching at ten thresholds, accumulation at 101 recall points, the summary
// means, with numpy's summation order (internal to coco_eval.cpp and coco_box_eval.cpp).
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace podium::vision::coco_match {

inline constexpr std::size_t kThresholds = 10;
inline constexpr std::size_t kRecallPoints = 101;
// np.linspace(.5, 0.95, 10) as pycocotools makes it (not rounded: 0.8999...).
inline constexpr std::array<double, kThresholds> kSimilarityThresholds = {
    0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95};
inline constexpr double kNumpyEps = 2.220446049250313e-16;  // np.spacing(1)
// Threshold indices pycocotools finds by exact equality: 0.50 and 0.75.
inline constexpr std::size_t kT50 = 0, kT75 = 5;

using AreaRange = std::array<double, 2>;  // px², inclusive

// numpy's pairwise summation (np.sum of a contiguous float64 array) and np.mean.
double pairwise_sum(const double* a, std::size_t n);
double numpy_mean(const std::vector<double>& v);

// One image, category and area range after matching (pycocotools' evalImgs entry).
struct EvalImage {
  std::vector<double> scores;  // best first, at most maxDets
  std::array<std::vector<char>, kThresholds> matched;
  std::array<std::vector<char>, kThresholds> ignored;
  std::size_t counted_gt = 0;  // ground truth not ignored
};

// The ground truth of one image and category as matching sees it.
struct MatchGt {
  bool crowd = false;
  bool ignore = false;  // ignored whatever its area (crowd; keypoints: none labelled)
  double area = 0;
};

// pycocotools' evaluateImg: detections (scores best first, areas) against ground truth, with
// similarity[d][g] (OKS or IoU).
EvalImage evaluate_image(std::span<const MatchGt> gts, std::span<const double> scores,
                         std::span<const double> dt_areas,
                         const std::vector<std::vector<double>>& similarity, AreaRange range);

// pycocotools' accumulate and the means of summarize: evals[k * ranges + a] holds category k's
// images (id order) for area range a.
class Accumulated {
 public:
  Accumulated(const std::vector<std::vector<EvalImage>>& evals, std::size_t categories,
              std::size_t ranges);
  // Mean precision over thresholds [t_begin, t_end), recall points and categories; -1 if none.
  double ap(std::size_t range, std::size_t t_begin, std::size_t t_end) const;
  double ar(std::size_t range, std::size_t t_begin, std::size_t t_end) const;

 private:
  std::size_t cats_, ranges_;
  std::vector<double> precision_;  // [t][r][k][a], -1 where undefined (numpy's memory order)
  std::vector<double> recall_;     // [t][k][a]
};

// One line of pycocotools' summarize printout.
struct SummaryRow {
  bool precision;    // Average Precision, else Average Recall
  const char* iou;   // "0.50:0.95", "0.50", "0.75"
  const char* area;  // "all", "small", "medium", "large"
  double value;
};
// The rows as pycocotools prints them, maxDets as given (20 for keypoints, 100 for boxes).
std::string summary_report(std::span<const SummaryRow> rows, int max_dets);

}  // namespace podium::vision::coco_match
