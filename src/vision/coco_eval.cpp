// COCO keypoint evaluation exactly as pycocotools' cocoeval.py (computeOks, evaluateImg,
// accumulate, summarize), operation by operation, including numpy's pairwise summation order and
// linspace thresholds, so that the numbers agree to the last bit wherever libm's exp() agrees with
// numpy's.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "coco_buckets.hpp"
#include "podium/core/error.hpp"
#include "podium/vision/coco_eval.hpp"

namespace podium::vision {
namespace {

constexpr std::size_t kMaxDetections = 20;  // pycocotools keypoint Params.maxDets
constexpr std::size_t kThresholds = 10;
constexpr std::size_t kRecallPoints = 101;
constexpr std::size_t kAreaRanges = 3;  // all, medium, large
// np.linspace(.5, 0.95, 10) as pycocotools' setKpParams makes it (not rounded: 0.8999...).
constexpr std::array<double, kThresholds> kOksThresholds = {
    0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95};
constexpr std::array<std::array<double, 2>, kAreaRanges> kAreaRangesPx2 = {
    {{0.0, 1e5 * 1e5}, {32.0 * 32.0, 96.0 * 96.0}, {96.0 * 96.0, 1e5 * 1e5}}};
constexpr double kNumpyEps = 2.220446049250313e-16;  // np.spacing(1)

// ---------------------------------------------------------------------------------------------
// numpy-exact arithmetic

// numpy's pairwise summation (np.sum / np.add.reduce of a contiguous float64 array).
double pairwise_sum(const double* a, std::size_t n) {
  if (n < 8) {
    double res = 0.;
    for (std::size_t i = 0; i < n; ++i)
      res += a[i];
    return res;
  }
  if (n <= 128) {
    double r[8];
    for (std::size_t j = 0; j < 8; ++j)
      r[j] = a[j];
    std::size_t i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (std::size_t j = 0; j < 8; ++j)
        r[j] += a[i + j];
    }
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i)
      res += a[i];
    return res;
  }
  std::size_t n2 = n / 2;
  n2 -= n2 % 8;
  return pairwise_sum(a, n2) + pairwise_sum(a + n2, n - n2);
}

// np.mean(values): the reduction runs in buffers of 8192 elements.
double numpy_mean(const std::vector<double>& v) {
  constexpr std::size_t kBuffer = 8192;
  double sum = 0;
  for (std::size_t i = 0; i < v.size(); i += kBuffer)
    sum += pairwise_sum(v.data() + i, std::min(kBuffer, v.size() - i));
  return sum / static_cast<double>(v.size());
}

// np.max((0, v), axis=0): NaN wins, as in np.maximum.
double max0(double v) {
  return std::isnan(v) ? v : std::max(0.0, v);
}

// ---------------------------------------------------------------------------------------------
// Evaluation

// One image, category and area range after matching (pycocotools' evalImgs entry).
struct EvalImage {
  std::vector<double> scores;  // best first, at most kMaxDetections
  std::array<std::vector<char>, kThresholds> matched;
  std::array<std::vector<char>, kThresholds> ignored;
  std::size_t counted_gt = 0;  // ground truth not ignored
};

double result_area(const CocoResult& r, bool from_box) {
  if (from_box) return (*r.bbox)[2] * (*r.bbox)[3];
  double x0 = r.keypoints[0], x1 = x0, y0 = r.keypoints[1], y1 = y0;
  for (std::size_t i = 1; i < std::size_t{kCocoKeypointCount}; ++i) {
    x0 = std::min(x0, r.keypoints[3 * i]);
    x1 = std::max(x1, r.keypoints[3 * i]);
    y0 = std::min(y0, r.keypoints[3 * i + 1]);
    y1 = std::max(y1, r.keypoints[3 * i + 1]);
  }
  return (x1 - x0) * (y1 - y0);
}

bool outside(double area, std::size_t range) {
  return area < kAreaRangesPx2[range][0] || area > kAreaRangesPx2[range][1];
}

EvalImage evaluate_image(const std::vector<const CocoAnnotation*>& gts,
                         const std::vector<const CocoResult*>& dts,
                         const std::vector<double>& dt_areas,
                         const std::vector<std::vector<double>>& oks, std::size_t range) {
  const std::size_t gt_count = gts.size(), dt_count = dts.size();
  std::vector<char> gt_ignore(gt_count);
  for (std::size_t g = 0; g < gt_count; ++g) {
    const CocoAnnotation& a = *gts[g];
    gt_ignore[g] = a.iscrowd || a.num_keypoints == 0 || outside(a.area, range);
  }
  std::vector<std::size_t> order(gt_count);  // ignored ground truth last, stable
  for (std::size_t g = 0; g < gt_count; ++g)
    order[g] = g;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return gt_ignore[a] < gt_ignore[b]; });

  EvalImage e;
  for (const CocoResult* d : dts)
    e.scores.push_back(d->score);
  for (std::size_t g = 0; g < gt_count; ++g)
    e.counted_gt += gt_ignore[g] ? 0 : 1;
  for (std::size_t t = 0; t < kThresholds; ++t) {
    std::vector<char>& dtm = e.matched[t];
    std::vector<char>& dtig = e.ignored[t];
    dtm.assign(dt_count, 0);
    dtig.assign(dt_count, 0);
    std::vector<char> gtm(gt_count, 0);
    if (gt_count > 0) {
      for (std::size_t d = 0; d < dt_count; ++d) {
        double best = std::min(kOksThresholds[t], 1 - 1e-10);
        std::ptrdiff_t m = -1;
        for (std::size_t s = 0; s < gt_count; ++s) {
          const std::size_t g = order[s];
          if (gtm[s] && !gts[g]->iscrowd) continue;
          if (m > -1 && !gt_ignore[order[m]] && gt_ignore[g]) break;
          if (oks[d][g] < best) continue;
          best = oks[d][g];
          m = static_cast<std::ptrdiff_t>(s);
        }
        if (m == -1) continue;
        dtig[d] = gt_ignore[order[m]];
        dtm[d] = 1;
        gtm[m] = 1;
      }
    }
    for (std::size_t d = 0; d < dt_count; ++d) {
      if (!dtm[d] && outside(dt_areas[d], range)) dtig[d] = 1;
    }
  }
  return e;
}

// Fills precision[t][r] (101 points) and recall[t] for one category and area range; leaves -1
// when there is no ground truth to find.
void accumulate(const std::vector<EvalImage>& images, double* precision, double* recall) {
  std::size_t counted = 0;
  struct Det {
    double score;
    const EvalImage* image;
    std::size_t index;
  };
  std::vector<Det> dets;
  for (const EvalImage& e : images) {
    counted += e.counted_gt;
    for (std::size_t d = 0; d < e.scores.size(); ++d)
      dets.push_back({e.scores[d], &e, d});
  }
  if (counted == 0) return;
  std::stable_sort(dets.begin(), dets.end(),
                   [](const Det& a, const Det& b) { return a.score > b.score; });
  const std::size_t nd = dets.size();
  std::vector<double> rc(nd), pr(nd);
  for (std::size_t t = 0; t < kThresholds; ++t) {
    double tp = 0, fp = 0;
    for (std::size_t i = 0; i < nd; ++i) {
      const EvalImage& e = *dets[i].image;
      const bool ig = e.ignored[t][dets[i].index];
      const bool m = e.matched[t][dets[i].index];
      tp += (m && !ig) ? 1 : 0;
      fp += (!m && !ig) ? 1 : 0;
      rc[i] = tp / static_cast<double>(counted);
      pr[i] = tp / (fp + tp + kNumpyEps);
    }
    recall[t] = nd > 0 ? rc[nd - 1] : 0;
    for (std::size_t i = nd; i-- > 1;) {
      if (pr[i] > pr[i - 1]) pr[i - 1] = pr[i];
    }
    double* q = precision + t * kRecallPoints;
    for (std::size_t r = 0; r < kRecallPoints; ++r) {
      // np.linspace(0, 1, 101): r * 0.01, the last one exactly 1.
      const double threshold = r == kRecallPoints - 1 ? 1.0 : static_cast<double>(r) * (1.0 / 100);
      const auto at =
          static_cast<std::size_t>(std::lower_bound(rc.begin(), rc.end(), threshold) - rc.begin());
      if (at >= nd) break;  // pycocotools: IndexError ends the loop, the rest stays 0
      q[r] = pr[at];
    }
  }
}

// Mean of the entries > -1, -1 when there is none (pycocotools' _summarize).
double summary_mean(const std::vector<double>& values) {
  std::vector<double> kept;
  for (double v : values) {
    if (v > -1) kept.push_back(v);
  }
  return kept.empty() ? -1 : numpy_mean(kept);
}

bool areas_from_boxes(std::span<const CocoResult> results) {
  if (results.empty() || !results.front().bbox) return false;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (!results[i].bbox) {
      throw Error(ErrorKind::InvalidInput,
                  "results[" + std::to_string(i) +
                      "] has no bbox but results[0] has one (pycocotools then takes every "
                      "detection's area from its bbox)");
    }
  }
  return true;
}

std::vector<const CocoResult*> top_detections(const CocoBucket& b,
                                              std::span<const CocoResult> results) {
  std::vector<const CocoResult*> dts;
  for (std::size_t i : b.dts)
    dts.push_back(&results[i]);
  std::stable_sort(dts.begin(), dts.end(),
                   [](const CocoResult* a, const CocoResult* c) { return a->score > c->score; });
  if (dts.size() > kMaxDetections) dts.resize(kMaxDetections);
  return dts;
}

}  // namespace

const std::array<double, kCocoKeypointCount>& coco_keypoint_sigmas() {
  // np.array([.26, .25, ...]) / 10.0, as pycocotools writes them.
  static const std::array<double, kCocoKeypointCount> sigmas = [] {
    const std::array<double, kCocoKeypointCount> tenfold = {
        .26, .25, .25, .35, .35, .79, .79, .72, .72, .62, .62, 1.07, 1.07, .87, .87, .89, .89};
    std::array<double, kCocoKeypointCount> s{};
    for (std::size_t i = 0; i < std::size_t{kCocoKeypointCount}; ++i)
      s[i] = tenfold[i] / 10.0;
    return s;
  }();
  return sigmas;
}

double coco_oks(const CocoAnnotation& gt, const std::array<double, kCocoKeypointValues>& kp) {
  const auto& sigmas = coco_keypoint_sigmas();
  int labelled = 0;
  for (std::size_t i = 0; i < std::size_t{kCocoKeypointCount}; ++i)
    labelled += gt.keypoints[3 * i + 2] > 0 ? 1 : 0;
  const double x0 = gt.bbox[0] - gt.bbox[2], x1 = gt.bbox[0] + gt.bbox[2] * 2;
  const double y0 = gt.bbox[1] - gt.bbox[3], y1 = gt.bbox[1] + gt.bbox[3] * 2;
  std::array<double, kCocoKeypointCount> terms{};
  std::size_t n = 0;
  for (std::size_t i = 0; i < std::size_t{kCocoKeypointCount}; ++i) {
    const double xd = kp[3 * i], yd = kp[3 * i + 1];
    double dx = 0, dy = 0;
    if (labelled > 0) {
      if (!(gt.keypoints[3 * i + 2] > 0)) continue;
      dx = xd - gt.keypoints[3 * i];
      dy = yd - gt.keypoints[3 * i + 1];
    } else {
      dx = max0(x0 - xd) + max0(xd - x1);
      dy = max0(y0 - yd) + max0(yd - y1);
    }
    const double var = (sigmas[i] * 2) * (sigmas[i] * 2);
    const double e = (dx * dx + dy * dy) / var / (gt.area + kNumpyEps) / 2;
    terms[n++] = std::exp(-e);
  }
  return pairwise_sum(terms.data(), n) / static_cast<double>(n);
}

CocoKeypointStats evaluate_coco_keypoints(const CocoGroundTruth& gt,
                                          std::span<const CocoResult> results) {
  const bool from_boxes = areas_from_boxes(results);
  const CocoBuckets ix = coco_buckets(gt, results);
  const std::size_t cats = ix.categories;
  // evals[k * kAreaRanges + a]: per image, in image id order.
  std::vector<std::vector<EvalImage>> evals(cats * kAreaRanges);
  for (const auto& [key, bucket] : ix.buckets) {
    std::vector<const CocoAnnotation*> gts;
    for (std::size_t i : bucket.gts)
      gts.push_back(&gt.annotations[i]);
    const std::vector<const CocoResult*> dts = top_detections(bucket, results);
    std::vector<double> dt_areas;
    dt_areas.reserve(dts.size());
    for (const CocoResult* d : dts)
      dt_areas.push_back(result_area(*d, from_boxes));
    std::vector<std::vector<double>> oks(dts.size(), std::vector<double>(gts.size()));
    for (std::size_t d = 0; d < dts.size(); ++d) {
      for (std::size_t g = 0; g < gts.size(); ++g)
        oks[d][g] = coco_oks(*gts[g], dts[d]->keypoints);
    }
    for (std::size_t a = 0; a < kAreaRanges; ++a)
      evals[key.first * kAreaRanges + a].push_back(evaluate_image(gts, dts, dt_areas, oks, a));
  }

  // precision[t][r][k][a] and recall[t][k][a], -1 where undefined, in numpy's memory order.
  std::vector<double> precision(kThresholds * kRecallPoints * cats * kAreaRanges, -1.0);
  std::vector<double> recall(kThresholds * cats * kAreaRanges, -1.0);
  std::vector<double> p(kThresholds * kRecallPoints), r(kThresholds);
  for (std::size_t k = 0; k < cats; ++k) {
    for (std::size_t a = 0; a < kAreaRanges; ++a) {
      std::fill(p.begin(), p.end(), 0.0);
      std::fill(r.begin(), r.end(), -1.0);
      accumulate(evals[k * kAreaRanges + a], p.data(), r.data());
      if (r[0] == -1.0) continue;
      for (std::size_t t = 0; t < kThresholds; ++t) {
        recall[(t * cats + k) * kAreaRanges + a] = r[t];
        for (std::size_t q = 0; q < kRecallPoints; ++q)
          precision[((t * kRecallPoints + q) * cats + k) * kAreaRanges + a] =
              p[t * kRecallPoints + q];
      }
    }
  }
  const auto ap = [&](std::size_t a, std::size_t t_begin, std::size_t t_end) {
    std::vector<double> s;
    for (std::size_t t = t_begin; t < t_end; ++t) {
      for (std::size_t q = 0; q < kRecallPoints; ++q) {
        for (std::size_t k = 0; k < cats; ++k)
          s.push_back(precision[((t * kRecallPoints + q) * cats + k) * kAreaRanges + a]);
      }
    }
    return summary_mean(s);
  };
  const auto ar = [&](std::size_t a, std::size_t t_begin, std::size_t t_end) {
    std::vector<double> s;
    for (std::size_t t = t_begin; t < t_end; ++t) {
      for (std::size_t k = 0; k < cats; ++k)
        s.push_back(recall[(t * cats + k) * kAreaRanges + a]);
    }
    return summary_mean(s);
  };
  CocoKeypointStats s;
  // Threshold indices: 0 is OKS 0.50, 5 is 0.75 (pycocotools finds them by exact equality).
  constexpr std::size_t kAll = 0, kMedium = 1, kLarge = 2, kT50 = 0, kT75 = 5;
  s.ap = ap(kAll, 0, kThresholds);
  s.ap50 = ap(kAll, kT50, kT50 + 1);
  s.ap75 = ap(kAll, kT75, kT75 + 1);
  s.ap_medium = ap(kMedium, 0, kThresholds);
  s.ap_large = ap(kLarge, 0, kThresholds);
  s.ar = ar(kAll, 0, kThresholds);
  s.ar50 = ar(kAll, kT50, kT50 + 1);
  s.ar75 = ar(kAll, kT75, kT75 + 1);
  s.ar_medium = ar(kMedium, 0, kThresholds);
  s.ar_large = ar(kLarge, 0, kThresholds);
  return s;
}

std::string coco_keypoint_stats_report(const CocoKeypointStats& s) {
  const struct {
    bool precision;
    const char* iou;
    const char* area;
    double value;
  } rows[] = {{true, "0.50:0.95", "all", s.ap},
              {true, "0.50", "all", s.ap50},
              {true, "0.75", "all", s.ap75},
              {true, "0.50:0.95", "medium", s.ap_medium},
              {true, "0.50:0.95", "large", s.ap_large},
              {false, "0.50:0.95", "all", s.ar},
              {false, "0.50", "all", s.ar50},
              {false, "0.75", "all", s.ar75},
              {false, "0.50:0.95", "medium", s.ar_medium},
              {false, "0.50:0.95", "large", s.ar_large}};
  std::string out;
  char line[128];
  for (const auto& row : rows) {
    std::snprintf(line, sizeof line, " %-18s %s @[ IoU=%-9s | area=%6s | maxDets= 20 ] = %0.3f\n",
                  row.precision ? "Average Precision" : "Average Recall",
                  row.precision ? "(AP)" : "(AR)", row.iou, row.area, row.value);
    out += line;
  }
  return out;
}

}  // namespace podium::vision
