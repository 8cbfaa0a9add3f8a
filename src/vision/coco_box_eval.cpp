// COCO box evaluation (iouType "bbox") on coco_match's matching: bbIou, the area ranges and the
// summary numbers of pycocotools' COCOeval for boxes.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "coco_buckets.hpp"
#include "coco_match.hpp"
#include "podium/vision/coco_eval.hpp"

namespace podium::vision {
namespace {

constexpr std::size_t kBoxMaxDetections = 100;  // pycocotools bbox Params.maxDets[-1]
constexpr std::size_t kBoxAreaRanges = 4;       // all, small, medium, large
constexpr std::array<coco_match::AreaRange, kBoxAreaRanges> kBoxAreaRangesPx2 = {
    {{0.0, 1e5 * 1e5}, {0.0, 32.0 * 32.0}, {32.0 * 32.0, 96.0 * 96.0}, {96.0 * 96.0, 1e5 * 1e5}}};

}  // namespace

double coco_box_iou(const std::array<double, 4>& d, const std::array<double, 4>& g, bool crowd) {
  const double w = std::min(d[0] + d[2], g[0] + g[2]) - std::max(d[0], g[0]);
  if (w <= 0) return 0;
  const double h = std::min(d[1] + d[3], g[1] + g[3]) - std::max(d[1], g[1]);
  if (h <= 0) return 0;
  const double inter = w * h;
  const double uni = crowd ? d[2] * d[3] : d[2] * d[3] + g[2] * g[3] - inter;
  return inter / uni;
}

CocoBoxStats evaluate_coco_boxes(const CocoGroundTruth& gt,
                                 std::span<const CocoBoxResult> results) {
  // Buckets are made from keypoint results that carry the boxes.
  std::vector<CocoResult> as_results;
  as_results.reserve(results.size());
  for (const CocoBoxResult& r : results) {
    CocoResult c;
    c.image_id = r.image_id;
    c.category_id = r.category_id;
    c.score = r.score;
    c.bbox = r.bbox;
    as_results.push_back(c);
  }
  const CocoBuckets ix = coco_buckets(gt, as_results);
  const std::size_t cats = ix.categories;
  std::vector<std::vector<coco_match::EvalImage>> evals(cats * kBoxAreaRanges);
  for (const auto& [key, bucket] : ix.buckets) {
    std::vector<coco_match::MatchGt> gts;
    for (std::size_t i : bucket.gts) {
      const CocoAnnotation& a = gt.annotations[i];
      gts.push_back({.crowd = a.iscrowd, .ignore = a.iscrowd, .area = a.area});
    }
    std::vector<const CocoBoxResult*> dts;
    for (std::size_t i : bucket.dts)
      dts.push_back(&results[i]);
    std::stable_sort(dts.begin(), dts.end(), [](const CocoBoxResult* a, const CocoBoxResult* b) {
      return a->score > b->score;
    });
    if (dts.size() > kBoxMaxDetections) dts.resize(kBoxMaxDetections);
    std::vector<double> scores, areas;
    std::vector<std::vector<double>> iou(dts.size(), std::vector<double>(gts.size()));
    for (std::size_t d = 0; d < dts.size(); ++d) {
      scores.push_back(dts[d]->score);
      areas.push_back(dts[d]->bbox[2] * dts[d]->bbox[3]);
      for (std::size_t g = 0; g < gts.size(); ++g) {
        const CocoAnnotation& a = gt.annotations[bucket.gts[g]];
        iou[d][g] = coco_box_iou(dts[d]->bbox, a.bbox, a.iscrowd);
      }
    }
    for (std::size_t a = 0; a < kBoxAreaRanges; ++a) {
      evals[key.first * kBoxAreaRanges + a].push_back(
          coco_match::evaluate_image(gts, scores, areas, iou, kBoxAreaRangesPx2[a]));
    }
  }
  const coco_match::Accumulated acc(evals, cats, kBoxAreaRanges);
  constexpr std::size_t kAll = 0, kSmall = 1, kMedium = 2, kLarge = 3;
  using coco_match::kT50;
  using coco_match::kT75;
  using coco_match::kThresholds;
  CocoBoxStats s;
  s.ap = acc.ap(kAll, 0, kThresholds);
  s.ap50 = acc.ap(kAll, kT50, kT50 + 1);
  s.ap75 = acc.ap(kAll, kT75, kT75 + 1);
  s.ap_small = acc.ap(kSmall, 0, kThresholds);
  s.ap_medium = acc.ap(kMedium, 0, kThresholds);
  s.ap_large = acc.ap(kLarge, 0, kThresholds);
  s.ar = acc.ar(kAll, 0, kThresholds);
  return s;
}

std::string coco_box_stats_report(const CocoBoxStats& s) {
  const coco_match::SummaryRow rows[] = {{true, "0.50:0.95", "all", s.ap},
                                         {true, "0.50", "all", s.ap50},
                                         {true, "0.75", "all", s.ap75},
                                         {true, "0.50:0.95", "small", s.ap_small},
                                         {true, "0.50:0.95", "medium", s.ap_medium},
                                         {true, "0.50:0.95", "large", s.ap_large},
                                         {false, "0.50:0.95", "all", s.ar}};
  return coco_match::summary_report(rows, 100);
}

}  // namespace podium::vision
