// COCO keypoint evaluation exactly as pycocotools' cocoeval.py (computeOks here; evaluateImg,
// accumulate and summarize in coco_match.cpp), operation by operation, including numpy's
// pairwise summation order and linspace thresholds, so that the numbers agree to the last bit
// wherever libm's exp() agrees with numpy's.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "coco_buckets.hpp"
#include "coco_match.hpp"
#include "podium/core/error.hpp"
#include "podium/vision/coco_eval.hpp"

namespace podium::vision {
namespace {

using coco_match::kNumpyEps;
using coco_match::kThresholds;
constexpr std::size_t kMaxDetections = 20;  // pycocotools keypoint Params.maxDets
constexpr std::size_t kAreaRanges = 3;      // all, medium, large
constexpr std::array<coco_match::AreaRange, kAreaRanges> kAreaRangesPx2 = {
    {{0.0, 1e5 * 1e5}, {32.0 * 32.0, 96.0 * 96.0}, {96.0 * 96.0, 1e5 * 1e5}}};

// np.max((0, v), axis=0): NaN wins, as in np.maximum.
double max0(double v) {
  return std::isnan(v) ? v : std::max(0.0, v);
}

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
  return coco_match::pairwise_sum(terms.data(), n) / static_cast<double>(n);
}

CocoKeypointStats evaluate_coco_keypoints(const CocoGroundTruth& gt,
                                          std::span<const CocoResult> results) {
  const bool from_boxes = areas_from_boxes(results);
  const CocoBuckets ix = coco_buckets(gt, results);
  const std::size_t cats = ix.categories;
  // evals[k * kAreaRanges + a]: per image, in image id order.
  std::vector<std::vector<coco_match::EvalImage>> evals(cats * kAreaRanges);
  for (const auto& [key, bucket] : ix.buckets) {
    std::vector<const CocoAnnotation*> gts;
    std::vector<coco_match::MatchGt> match_gts;
    for (std::size_t i : bucket.gts) {
      const CocoAnnotation& a = gt.annotations[i];
      gts.push_back(&a);
      match_gts.push_back(
          {.crowd = a.iscrowd, .ignore = a.iscrowd || a.num_keypoints == 0, .area = a.area});
    }
    const std::vector<const CocoResult*> dts = top_detections(bucket, results);
    std::vector<double> dt_areas, scores;
    dt_areas.reserve(dts.size());
    for (const CocoResult* d : dts) {
      dt_areas.push_back(result_area(*d, from_boxes));
      scores.push_back(d->score);
    }
    std::vector<std::vector<double>> oks(dts.size(), std::vector<double>(gts.size()));
    for (std::size_t d = 0; d < dts.size(); ++d) {
      for (std::size_t g = 0; g < gts.size(); ++g)
        oks[d][g] = coco_oks(*gts[g], dts[d]->keypoints);
    }
    for (std::size_t a = 0; a < kAreaRanges; ++a) {
      evals[key.first * kAreaRanges + a].push_back(
          coco_match::evaluate_image(match_gts, scores, dt_areas, oks, kAreaRangesPx2[a]));
    }
  }
  const coco_match::Accumulated acc(evals, cats, kAreaRanges);
  CocoKeypointStats s;
  constexpr std::size_t kAll = 0, kMedium = 1, kLarge = 2;
  using coco_match::kT50;
  using coco_match::kT75;
  s.ap = acc.ap(kAll, 0, kThresholds);
  s.ap50 = acc.ap(kAll, kT50, kT50 + 1);
  s.ap75 = acc.ap(kAll, kT75, kT75 + 1);
  s.ap_medium = acc.ap(kMedium, 0, kThresholds);
  s.ap_large = acc.ap(kLarge, 0, kThresholds);
  s.ar = acc.ar(kAll, 0, kThresholds);
  s.ar50 = acc.ar(kAll, kT50, kT50 + 1);
  s.ar75 = acc.ar(kAll, kT75, kT75 + 1);
  s.ar_medium = acc.ar(kMedium, 0, kThresholds);
  s.ar_large = acc.ar(kLarge, 0, kThresholds);
  return s;
}

std::string coco_keypoint_stats_report(const CocoKeypointStats& s) {
  const coco_match::SummaryRow rows[] = {{true, "0.50:0.95", "all", s.ap},
                                         {true, "0.50", "all", s.ap50},
                                         {true, "0.75", "all", s.ap75},
                                         {true, "0.50:0.95", "medium", s.ap_medium},
                                         {true, "0.50:0.95", "large", s.ap_large},
                                         {false, "0.50:0.95", "all", s.ar},
                                         {false, "0.50", "all", s.ar50},
                                         {false, "0.75", "all", s.ar75},
                                         {false, "0.50:0.95", "medium", s.ar_medium},
                                         {false, "0.50:0.95", "large", s.ar_large}};
  return coco_match::summary_report(rows, 20);
}

}  // namespace podium::vision
