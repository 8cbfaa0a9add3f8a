#include "podium/vision/face.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/nn/model.hpp"
#include "podium/nn/model_store.hpp"
#include "podium/nn/preprocess.hpp"
#include "podium/vision/pose.hpp"

namespace podium::vision {
namespace {

constexpr const char* kModelName = "blazeface";
constexpr int kRegressorValues = 4 + 2 * kFaceKeypoints;  // box centre, size, keypoints
constexpr double kScoreClip = 100.0;                      // MediaPipe's score_clipping_thresh
constexpr double kNmsIou = 0.3;                           // MediaPipe's min_suppression_threshold

// Input 256, strides 16 then 32 x 3 (merged): 16 x 16 x 2 and 8 x 8 x 6 anchors.
constexpr int kInputSize = 256;
constexpr std::array<int, 4> kStrides = {16, 32, 32, 32};
constexpr std::int64_t kAnchors16 = std::int64_t{16} * 16 * 2, kAnchors32 = std::int64_t{8} * 8 * 6;

struct Output {
  const char* name;
  const nn::HostTensor& tensor;
  std::int64_t anchors;
  std::int64_t values;
};

void expect_shape(const Output& o) {
  const std::vector<std::int64_t> want = {1, o.anchors, o.values};
  if (o.tensor.dtype != nn::DType::Float32 || o.tensor.shape != want) {
    throw Error(ErrorKind::Model, std::string(kModelName) + ": output " + o.name + " got " +
                                      nn::dtype_name(o.tensor.dtype) +
                                      nn::shape_string(o.tensor.shape) + ", expected float32" +
                                      nn::shape_string(want));
  }
}

double sigmoid(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}

// MediaPipe's WEIGHTED non-maximum suppression: the best remaining face absorbs every remaining
// face overlapping it by IoU > kNmsIou; box corners and keypoints become their score-weighted
// mean, the score stays the best one. Input sorted best first.
std::vector<Face> weighted_nms(std::vector<Face> remaining) {
  std::vector<Face> out;
  while (!remaining.empty()) {
    const Face best = remaining.front();
    std::vector<Face> rest;
    double total = 0, x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    std::array<cv::Point2d, kFaceKeypoints> kps{};
    for (std::size_t i = 0; i < remaining.size(); ++i) {
      const Face& f = remaining[i];
      // The best one always merges into itself, even as a degenerate (zero-area) box.
      if (i > 0 && box_iou(to_box(best.box), to_box(f.box)) <= kNmsIou) {
        rest.push_back(f);
        continue;
      }
      total += f.score;
      x0 += f.score * f.box.x;
      y0 += f.score * f.box.y;
      x1 += f.score * f.box.br().x;
      y1 += f.score * f.box.br().y;
      for (int k = 0; k < kFaceKeypoints; ++k)
        kps[k] += f.score * f.keypoints[k];
    }
    Face merged = best;
    if (total > 0) {
      merged.box =
          cv::Rect2d(cv::Point2d(x0 / total, y0 / total), cv::Point2d(x1 / total, y1 / total));
      for (int k = 0; k < kFaceKeypoints; ++k)
        merged.keypoints[k] = kps[k] / total;
    }
    out.push_back(merged);
    remaining = std::move(rest);
  }
  return out;
}

}  // namespace

const std::vector<FaceAnchor>& face_anchors() {
  static const std::vector<FaceAnchor> anchors = blazepose::ssd_anchors(kStrides, kInputSize);
  return anchors;
}

std::vector<Face> decode_faces(const FaceRaw& raw, const Letterbox& lb, double min_score) {
  const std::int64_t n16 = kAnchors16, n32 = kAnchors32;
  const std::array<Output, 4> outputs = {
      {{"Identity", raw.scores_16, n16, 1},
       {"Identity_2", raw.regressors_16, n16, kRegressorValues},
       {"Identity_1", raw.scores_32, n32, 1},
       {"Identity_3", raw.regressors_32, n32, kRegressorValues}}};
  for (const Output& o : outputs)
    expect_shape(o);
  PODIUM_ASSERT(lb.model_width > 0 && lb.model_height > 0);
  const auto& anchors = face_anchors();
  // Regressors are in model-input pixels, so the anchor centre is scaled to them too.
  const double mw = lb.model_width, mh = lb.model_height;
  std::vector<Face> cands;
  for (std::size_t part = 0; part < 2; ++part) {
    const auto scores = outputs[2 * part].tensor.values<float>();
    const auto regs = outputs[2 * part + 1].tensor.values<float>();
    const std::size_t first = part == 0 ? 0 : static_cast<std::size_t>(n16);
    for (std::size_t i = 0; i < scores.size(); ++i) {
      const double score = sigmoid(std::clamp<double>(scores[i], -kScoreClip, kScoreClip));
      if (!(score >= min_score)) continue;  // NaN logits too
      const float* r = regs.data() + i * kRegressorValues;
      if (!std::all_of(r, r + kRegressorValues, [](float v) { return std::isfinite(v); })) {
        continue;
      }
      const FaceAnchor& a = anchors[first + i];
      const double ax = a.x * mw, ay = a.y * mh;
      const double cx = ax + r[0], cy = ay + r[1], w = r[2], h = r[3];
      Face f;
      f.score = score;
      f.box = cv::Rect2d(lb.to_original({cx - w / 2, cy - h / 2}),
                         lb.to_original({cx + w / 2, cy + h / 2}));
      for (int k = 0; k < kFaceKeypoints; ++k)
        f.keypoints[k] = lb.to_original({ax + r[4 + 2 * k], ay + r[5 + 2 * k]});
      cands.push_back(f);
    }
  }
  std::stable_sort(cands.begin(), cands.end(),
                   [](const Face& a, const Face& b) { return a.score > b.score; });
  return weighted_nms(std::move(cands));
}

struct FaceDetector::Impl {
  FaceOptions options;
  std::optional<nn::Model> model;
  nn::InputPreset preset;
  std::array<std::size_t, 4> outputs{};  // indices of Identity, Identity_2, Identity_1, Identity_3

  std::vector<Face> run(const cv::Mat& rgb, const Letterbox& lb) {
    const cv::Mat input = lb.apply(rgb);
    PODIUM_ASSERT(input.isContinuous() && input.type() == CV_8UC3);
    const auto out =
        model->run({nn::make_input(input.data, input.rows, input.cols, input.step, preset)});
    return decode_faces(
        {out.at(outputs[0]), out.at(outputs[1]), out.at(outputs[2]), out.at(outputs[3])}, lb,
        options.min_score);
  }
};

FaceDetector FaceDetector::create(const FaceOptions& options) {
  require_option(options.min_score >= 0 && options.min_score <= 1, "face detector", "min_score",
                 options.min_score, "must be within 0..1");
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  const std::string dir = options.models_dir.empty() ? nn::models_dir() : options.models_dir;
  const nn::ModelEntry* entry = nn::ModelManifest::builtin().find(kModelName);
  PODIUM_ASSERT(entry != nullptr);
  const std::string path = nn::resolve_model(kModelName, dir);
  impl->model = nn::Model::load(path);
  impl->preset = entry->input;
  const auto& outs = impl->model->outputs();
  const std::array<const char*, 4> names = {"Identity", "Identity_2", "Identity_1", "Identity_3"};
  for (std::size_t k = 0; k < names.size(); ++k) {
    const auto it = std::find_if(outs.begin(), outs.end(),
                                 [&](const nn::TensorSpec& s) { return s.name == names[k]; });
    if (it == outs.end()) {
      throw Error(ErrorKind::Model, path + ": model has no output '" + names[k] + "'");
    }
    impl->outputs[k] = static_cast<std::size_t>(it - outs.begin());
  }
  return FaceDetector(std::move(impl));
}

std::vector<Face> FaceDetector::detect(const cv::Mat& rgb) {
  if (rgb.empty() || rgb.type() != CV_8UC3) {
    throw Error(ErrorKind::InvalidInput, "face detector: expected a non-empty 8-bit RGB image");
  }
  return impl_->run(rgb,
                    Letterbox::fit(rgb.cols, rgb.rows, impl_->preset.width, impl_->preset.height));
}

std::vector<Face> FaceDetector::detect(const cv::Mat& rgb, const cv::Rect& square) {
  if (rgb.empty() || rgb.type() != CV_8UC3) {
    throw Error(ErrorKind::InvalidInput, "face detector: expected a non-empty 8-bit RGB image");
  }
  require_option(square.width > 0 && square.width == square.height, "face detector", "region",
                 std::to_string(square.width) + "x" + std::to_string(square.height),
                 "must be a non-empty square");
  return impl_->run(rgb, Letterbox::crop(rgb.cols, rgb.rows, square.x, square.y, square.width,
                                         impl_->preset.width, impl_->preset.height));
}

FaceDetector::FaceDetector(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FaceDetector::~FaceDetector() = default;
FaceDetector::FaceDetector(FaceDetector&&) noexcept = default;
FaceDetector& FaceDetector::operator=(FaceDetector&&) noexcept = default;
const FaceOptions& FaceDetector::options() const {
  return impl_->options;
}

}  // namespace podium::vision
