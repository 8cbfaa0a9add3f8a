// The detector decoders (NanoDet GFL heads, CenterNet's decoded detections) and NMS: pure
// functions of raw outputs.
#include <algorithm>
#include <array>
#include <cmath>

#include "podium/core/error.hpp"
#include "podium/vision/detect.hpp"

namespace podium::vision {
namespace {

constexpr std::array<int, 3> kDetectStrides = {8, 16, 32};
constexpr int kDetectSides = 4;

void detect_expect_shape(const char* model, const char* name, const nn::HostTensor& t,
                         const std::vector<std::int64_t>& want) {
  if (t.dtype != nn::DType::Float32 || t.shape != want) {
    throw Error(ErrorKind::Model, std::string(model)
                                      .append(": output ")
                                      .append(name)
                                      .append(" got ")
                                      .append(nn::dtype_name(t.dtype))
                                      .append(nn::shape_string(t.shape))
                                      .append(", expected float32")
                                      .append(nn::shape_string(want)));
  }
}

// The expectation of a softmax over kNanoDetBins logits, in bins; NaN when a logit is not finite.
double detect_gfl_distance(const float* logits) {
  double top = logits[0];
  for (int b = 0; b < kNanoDetBins; ++b) {
    if (!std::isfinite(logits[b])) return NAN;
    top = std::max<double>(top, logits[b]);
  }
  double total = 0, weighted = 0;
  for (int b = 0; b < kNanoDetBins; ++b) {
    const double e = std::exp(logits[b] - top);
    total += e;
    weighted += e * b;
  }
  return weighted / total;
}

Box detect_corners_box(const Letterbox& m, double x1, double y1, double x2, double y2) {
  const cv::Point2d a = m.to_original({x1, y1}), b = m.to_original({x2, y2});
  return {a.x, a.y, b.x - a.x, b.y - a.y};
}

}  // namespace

DetectorModel parse_detector_model(std::string_view name) {
  if (name == "nanodet") return DetectorModel::NanoDet;
  if (name == "centernet") return DetectorModel::CenterNet;
  throw Error(ErrorKind::InvalidInput,
              std::string("unknown detector '").append(name).append("': nanodet or centernet"));
}

const char* detector_model_name(DetectorModel model) {
  return model == DetectorModel::NanoDet ? "nanodet" : "centernet";
}

std::vector<Detection> decode_nanodet(const NanoDetRaw& raw, const Letterbox& mapping,
                                      double min_score) {
  const std::array<const nn::HostTensor*, 3> scores = {&raw.scores_8, &raw.scores_16,
                                                       &raw.scores_32};
  const std::array<const nn::HostTensor*, 3> boxes = {&raw.boxes_8, &raw.boxes_16, &raw.boxes_32};
  const std::array<const char*, 6> names = {"Identity",   "Identity_1", "Identity_2",
                                            "Identity_3", "Identity_4", "Identity_5"};
  constexpr int kValues = kDetectSides * kNanoDetBins;
  for (std::size_t level = 0; level < kDetectStrides.size(); ++level) {
    const std::int64_t n = kNanoDetInput / kDetectStrides[level];
    detect_expect_shape("nanodet", names[level], *scores[level], {1, n * n, kCocoClasses});
    detect_expect_shape("nanodet", names[level + 3], *boxes[level], {1, n * n, kValues});
  }
  std::vector<Detection> out;
  for (std::size_t level = 0; level < kDetectStrides.size(); ++level) {
    const int stride = kDetectStrides[level];
    const int n = kNanoDetInput / stride;
    const auto s = scores[level]->values<float>();
    const auto r = boxes[level]->values<float>();
    for (int cell = 0; cell < n * n; ++cell) {
      const float* cls = s.data() + static_cast<std::size_t>(cell) * kCocoClasses;
      if (std::none_of(cls, cls + kCocoClasses, [&](float v) { return v >= min_score; })) {
        continue;
      }
      std::array<double, kDetectSides> d{};
      for (int side = 0; side < kDetectSides; ++side) {
        d[side] = stride * detect_gfl_distance(r.data() + static_cast<std::size_t>(cell) * kValues +
                                               static_cast<std::size_t>(side) * kNanoDetBins);
      }
      if (!std::all_of(d.begin(), d.end(), [](double v) { return std::isfinite(v); })) continue;
      // The GFL-head NanoDet's cell centres (NanoDet-Plus later dropped the half cell).
      const int row = cell / n, col = cell % n;
      const double cx = (col + 0.5) * stride;
      const double cy = (row + 0.5) * stride;
      const Box box = detect_corners_box(mapping, cx - d[0], cy - d[1], cx + d[2], cy + d[3]);
      for (int c = 0; c < kCocoClasses; ++c) {
        if (cls[c] >= min_score) out.push_back({box, cls[c], c});  // NaN scores fail the test
      }
    }
  }
  return out;
}

std::vector<Detection> decode_centernet(const nn::HostTensor& detections, const Letterbox& mapping,
                                        double min_score) {
  constexpr std::int64_t kRows = 100, kValues = 6;
  detect_expect_shape("centernet", "tower_0/detections", detections, {1, kRows, kValues});
  const auto v = detections.values<float>();
  std::vector<Detection> out;
  for (std::int64_t i = 0; i < kRows; ++i) {
    const float* row = v.data() + i * kValues;
    if (!std::all_of(row, row + kValues, [](float x) { return std::isfinite(x); })) continue;
    if (!(row[4] >= min_score) || row[5] < 0 || row[5] >= kCocoClasses) continue;
    if (!(row[2] > row[0] && row[3] > row[1])) continue;  // no area
    out.push_back({detect_corners_box(mapping, row[0], row[1], row[2], row[3]), row[4],
                   static_cast<int>(row[5])});
  }
  return out;
}

std::vector<Detection> non_max_suppression(std::vector<Detection> detections, double iou_threshold,
                                           bool per_class) {
  std::stable_sort(detections.begin(), detections.end(),
                   [](const Detection& a, const Detection& b) { return a.score > b.score; });
  std::vector<Detection> kept;
  for (const Detection& d : detections) {
    const bool suppressed = std::any_of(kept.begin(), kept.end(), [&](const Detection& k) {
      return (!per_class || k.label == d.label) && box_iou(k.box, d.box) > iou_threshold;
    });
    if (!suppressed) kept.push_back(d);
  }
  return kept;
}

}  // namespace podium::vision
