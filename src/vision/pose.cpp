#include "podium/vision/pose.hpp"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <optional>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/core/threads.hpp"
#include "podium/nn/model.hpp"
#include "podium/nn/model_store.hpp"
#include "podium/nn/preprocess.hpp"
#include "podium/vision/blazepose.hpp"

namespace podium::vision {
namespace {

constexpr int kCocoKeypoints = 17;
constexpr int kMultiPoseValues = 56;  // 17 x 3 + box (4) + score
constexpr double kBlazePoseDetectorMinScore = 0.5;
constexpr int kBlazePoseCropSize = 256;
constexpr double kCropMinKeypointScore = 0.2;
constexpr double kCropTorsoFactor = 1.9;
constexpr double kCropBodyFactor = 1.2;
constexpr int kCropMinSidePx = 16;
constexpr int kBlazePoseWorkMin = 224, kBlazePoseWorkMax = 512;
// The top-down expansion of eval pose's ground-truth-box protocol (pose_eval.hpp).
constexpr double kFollowBoxExpand = 1.25;
// COCO-17 indices.
constexpr int kLeftShoulder = 5, kRightShoulder = 6, kLeftHip = 11, kRightHip = 12;

void expect_shape(const nn::HostTensor& t, std::initializer_list<std::int64_t> shape,
                  const char* what) {
  if (t.dtype != nn::DType::Float32 ||
      !std::equal(t.shape.begin(), t.shape.end(), shape.begin(), shape.end())) {
    throw Error(ErrorKind::Model, std::string(what) + ": output got " + nn::dtype_name(t.dtype) +
                                      nn::shape_string(t.shape) + ", expected float32" +
                                      nn::shape_string(std::vector<std::int64_t>(shape)));
  }
}

// Index of the output named `name` or keyed `key`.
std::size_t output_index(const nn::Model& m, std::string_view name, std::string_view key) {
  const auto& outs = m.outputs();
  for (std::size_t i = 0; i < outs.size(); ++i) {
    if (outs[i].name == name || (!key.empty() && outs[i].key == key)) return i;
  }
  throw Error(ErrorKind::Model,
              "model has no output '" + std::string(key.empty() ? name : key) + "'");
}

struct LoadedModel {
  nn::Model model;
  nn::InputPreset preset;
};

LoadedModel load(std::string_view name, const std::string& dir) {
  const nn::ModelEntry* entry = nn::ModelManifest::builtin().find(name);
  PODIUM_ASSERT(entry != nullptr);
  return {nn::Model::load(nn::resolve_model(name, dir)), entry->input};
}

std::vector<nn::HostTensor> infer(LoadedModel& m, const cv::Mat& model_rgb) {
  PODIUM_ASSERT(model_rgb.isContinuous() && model_rgb.type() == CV_8UC3);
  return m.model.run(
      {nn::make_input(model_rgb.data, model_rgb.rows, model_rgb.cols, model_rgb.step, m.preset)});
}

}  // namespace

PoseModel parse_pose_model(std::string_view name) {
  if (name == "movenet-lightning") return PoseModel::MoveNetLightning;
  if (name == "movenet-thunder") return PoseModel::MoveNetThunder;
  if (name == "movenet-multipose") return PoseModel::MoveNetMultiPose;
  if (name == "blazepose") return PoseModel::BlazePose;
  throw Error(
      ErrorKind::InvalidInput,
      "--model '" + std::string(name) +
          "' is not one of movenet-thunder, movenet-lightning, movenet-multipose, blazepose");
}

const char* pose_model_name(PoseModel model) {
  switch (model) {
    case PoseModel::MoveNetLightning:
      return "movenet-lightning";
    case PoseModel::MoveNetThunder:
      return "movenet-thunder";
    case PoseModel::MoveNetMultiPose:
      return "movenet-multipose";
    case PoseModel::BlazePose:
      return "blazepose";
  }
  return "?";
}

Person decode_movenet_single(const nn::HostTensor& out, const Letterbox& lb) {
  expect_shape(out, {1, 1, kCocoKeypoints, 3}, "movenet");
  const auto v = out.values<float>();
  Person p;
  p.layout = Layout::Coco17;
  double sum = 0;
  for (std::size_t k = 0; k < kCocoKeypoints; ++k) {
    const cv::Point2d m(v[3 * k + 1] * lb.model_width, v[3 * k] * lb.model_height);
    const cv::Point2d o = lb.to_original(m);
    p.keypoints.push_back({o.x, o.y, v[3 * k + 2], 0});
    sum += v[3 * k + 2];
  }
  p.score = sum / kCocoKeypoints;
  p.box = keypoint_box(p.keypoints, 0.2);
  return p;
}

std::vector<Person> decode_movenet_multi(const nn::HostTensor& out, const Letterbox& lb,
                                         double min_score) {
  if (out.dtype != nn::DType::Float32 || out.shape.size() != 3 || out.shape[0] != 1 ||
      out.shape[2] != kMultiPoseValues) {
    throw Error(ErrorKind::Model, "movenet-multipose: output got " + nn::shape_string(out.shape) +
                                      ", expected [1,N,56]");
  }
  const auto v = out.values<float>();
  std::vector<Person> people;
  for (std::int64_t i = 0; i < out.shape[1]; ++i) {
    const float* r = v.data() + i * kMultiPoseValues;
    Person p;
    p.layout = Layout::Coco17;
    p.score = r[55];
    if (p.score < min_score) continue;
    for (std::size_t k = 0; k < kCocoKeypoints; ++k) {
      const cv::Point2d o =
          lb.to_original({r[3 * k + 1] * lb.model_width, r[3 * k] * lb.model_height});
      p.keypoints.push_back({o.x, o.y, r[3 * k + 2], 0});
    }
    const cv::Point2d a = lb.to_original({r[52] * lb.model_width, r[51] * lb.model_height});
    const cv::Point2d b = lb.to_original({r[54] * lb.model_width, r[53] * lb.model_height});
    p.box = to_box(cv::Rect2d(a, b));
    people.push_back(std::move(p));
  }
  std::stable_sort(people.begin(), people.end(),
                   [](const Person& a, const Person& b) { return a.score > b.score; });
  return people;
}

std::optional<Letterbox> movenet_crop(const Person& previous, int image_width, int image_height,
                                      int model_width, int model_height) {
  const auto& k = previous.keypoints;
  if (previous.layout != Layout::Coco17 || k.size() != kCocoKeypoints) return std::nullopt;
  auto seen = [&](int i) { return k[static_cast<std::size_t>(i)].score >= kCropMinKeypointScore; };
  if (!(seen(kLeftHip) || seen(kRightHip)) || !(seen(kLeftShoulder) || seen(kRightShoulder))) {
    return std::nullopt;
  }
  const double cx = (k[kLeftHip].x + k[kRightHip].x) / 2;
  const double cy = (k[kLeftHip].y + k[kRightHip].y) / 2;
  double torso_x = 0, torso_y = 0, body_x = 0, body_y = 0;
  for (int i : {kLeftShoulder, kRightShoulder, kLeftHip, kRightHip}) {
    torso_x = std::max(torso_x, std::abs(k[static_cast<std::size_t>(i)].x - cx));
    torso_y = std::max(torso_y, std::abs(k[static_cast<std::size_t>(i)].y - cy));
  }
  for (int i = 0; i < kCocoKeypoints; ++i) {
    if (!seen(i)) continue;
    body_x = std::max(body_x, std::abs(k[static_cast<std::size_t>(i)].x - cx));
    body_y = std::max(body_y, std::abs(k[static_cast<std::size_t>(i)].y - cy));
  }
  double half = std::max({torso_x * kCropTorsoFactor, torso_y * kCropTorsoFactor,
                          body_x * kCropBodyFactor, body_y * kCropBodyFactor});
  half = std::min(half, std::max({cx, image_width - cx, cy, image_height - cy}));
  if (!std::isfinite(half) || half > std::max(image_width, image_height) / 2.0) return std::nullopt;
  const int side = std::max(kCropMinSidePx, static_cast<int>(std::lround(2 * half)));
  return Letterbox::crop(image_width, image_height, static_cast<int>(std::lround(cx - side / 2.0)),
                         static_cast<int>(std::lround(cy - side / 2.0)), side, model_width,
                         model_height);
}

struct PoseEstimator::Impl {
  PoseOptions options;
  std::optional<LoadedModel> main;      // MoveNet, or BlazePose's landmark model
  std::optional<LoadedModel> detector;  // BlazePose only

  std::vector<Person> estimate(const cv::Mat& rgb, const Person* previous);
  std::vector<Person> estimate_blazepose(const cv::Mat& rgb);
  std::optional<Person> movenet_single(const cv::Mat& rgb, const Letterbox& lb);
  std::optional<Person> in_square(const cv::Mat& rgb, int x0, int y0, int side);
};

std::optional<Person> PoseEstimator::Impl::movenet_single(const cv::Mat& rgb, const Letterbox& lb) {
  Person p = decode_movenet_single(infer(*main, lb.apply(rgb)).at(0), lb);
  if (p.score < options.min_score) return std::nullopt;
  return p;
}

std::vector<Person> PoseEstimator::Impl::estimate(const cv::Mat& rgb, const Person* previous) {
  if (rgb.empty() || rgb.type() != CV_8UC3) {
    throw Error(ErrorKind::InvalidInput, "pose: expected a non-empty 8-bit RGB image");
  }
  if (options.model == PoseModel::BlazePose) return estimate_blazepose(rgb);
  const int mw = main->preset.width, mh = main->preset.height;
  const Letterbox lb = Letterbox::fit(rgb.cols, rgb.rows, mw, mh);
  if (options.model == PoseModel::MoveNetMultiPose) {
    return decode_movenet_multi(infer(*main, lb.apply(rgb)).at(0), lb, options.min_score);
  }
  if (previous) {
    if (const auto crop = movenet_crop(*previous, rgb.cols, rgb.rows, mw, mh)) {
      if (auto p = movenet_single(rgb, *crop)) return {std::move(*p)};
    }
  }
  if (auto p = movenet_single(rgb, lb)) return {std::move(*p)};
  return {};
}

std::vector<Person> PoseEstimator::Impl::estimate_blazepose(const cv::Mat& rgb) {
  const int ds = detector->preset.width;
  const Letterbox lb = Letterbox::fit(rgb.cols, rgb.rows, ds, detector->preset.height);
  const auto det_out = infer(*detector, lb.apply(rgb));
  const auto dets =
      blazepose::decode_detections(det_out.at(output_index(detector->model, "Identity", "person")),
                                   kBlazePoseDetectorMinScore, ds);
  if (dets.empty()) return {};
  const auto to_px = [&](cv::Point2d n) { return lb.to_original({n.x * ds, n.y * ds}); };
  const blazepose::RotatedRoi roi =
      blazepose::roi_from_alignment(to_px(dets[0].keypoints[0]), to_px(dets[0].keypoints[1]));
  const cv::Matx23d to_crop = blazepose::roi_to_crop(roi, kBlazePoseCropSize);
  cv::Mat crop;
  cv::warpAffine(rgb, crop, cv::Mat(to_crop), cv::Size(kBlazePoseCropSize, kBlazePoseCropSize),
                 cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0, 0, 0));
  const auto out = infer(*main, crop);
  const nn::HostTensor& flag = out.at(output_index(main->model, "", "output_poseflag"));
  const nn::HostTensor& ld = out.at(output_index(main->model, "", "ld_3d"));
  const nn::HostTensor& world = out.at(output_index(main->model, "", "world_3d"));
  expect_shape(flag, {1, 1}, "blazepose output_poseflag");
  expect_shape(world, {1, 117}, "blazepose world_3d");
  Person p;
  p.layout = Layout::BlazePose33;
  p.score = flag.values<float>()[0];
  if (p.score < options.min_score) return {};
  p.keypoints = blazepose::decode_landmarks(ld, to_crop);
  const auto w = world.values<float>();
  for (std::size_t k = 0; k < 33; ++k)
    p.world.push_back(Point3{w[3 * k], w[3 * k + 1], w[3 * k + 2]});
  p.box = keypoint_box(p.keypoints, 0.5);
  return {std::move(p)};
}

std::optional<Person> PoseEstimator::Impl::in_square(const cv::Mat& rgb, int x0, int y0, int side) {
  if (options.model == PoseModel::MoveNetMultiPose) {
    throw Error(ErrorKind::InvalidInput,
                "pose: movenet-multipose is bottom-up and has no per-box (top-down) mode");
  }
  if (side < 2) {
    throw Error(ErrorKind::InvalidInput,
                "pose: top-down square side " + std::to_string(side) + " is below 2 pixels");
  }
  if (rgb.empty() || rgb.type() != CV_8UC3) {
    throw Error(ErrorKind::InvalidInput, "pose: expected a non-empty 8-bit RGB image");
  }
  if (options.model != PoseModel::BlazePose) {
    return movenet_single(rgb, Letterbox::crop(rgb.cols, rgb.rows, x0, y0, side, main->preset.width,
                                               main->preset.height));
  }
  // BlazePose finds its own region of interest inside the square; below its detector's input
  // size the square is enlarged, above 512 pixels shrunk (the landmark crop is 256 anyway).
  const int work = std::clamp(side, kBlazePoseWorkMin, kBlazePoseWorkMax);
  const Letterbox lb = Letterbox::crop(rgb.cols, rgb.rows, x0, y0, side, work, work);
  std::vector<Person> found = estimate_blazepose(lb.apply(rgb));
  if (found.empty()) return std::nullopt;
  Person p = std::move(found.front());
  for (Keypoint& k : p.keypoints) {
    const cv::Point2d o = lb.to_original({k.x, k.y});
    k.x = o.x;
    k.y = o.y;
    k.z /= lb.scale_x;  // z shares x's scale
  }
  p.box = keypoint_box(p.keypoints, 0.5);
  return p;
}

PoseEstimator PoseEstimator::create(const PoseOptions& options) {
  require_option(options.min_score >= 0 && options.min_score <= 1, "", "--min-score",
                 options.min_score, "must be within 0..1");
  nn::set_threads(checked_threads(options.threads));
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  const std::string dir = options.models_dir.empty() ? nn::models_dir() : options.models_dir;
  if (options.model == PoseModel::BlazePose) {
    impl->detector = load("blazepose-detector", dir);
    impl->main = load("blazepose-full", dir);
  } else {
    impl->main = load(pose_model_name(options.model), dir);
  }
  return PoseEstimator(std::move(impl));
}

PoseEstimator::PoseEstimator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PoseEstimator::~PoseEstimator() = default;
PoseEstimator::PoseEstimator(PoseEstimator&&) noexcept = default;
PoseEstimator& PoseEstimator::operator=(PoseEstimator&&) noexcept = default;
std::vector<Person> PoseEstimator::estimate(const cv::Mat& rgb) {
  return impl_->estimate(rgb, nullptr);
}
std::vector<Person> PoseEstimator::estimate(const cv::Mat& rgb, const Person* previous) {
  return impl_->estimate(rgb, previous);
}
std::optional<Person> PoseEstimator::estimate_in_square(const cv::Mat& rgb, int x0, int y0,
                                                        int side) {
  return impl_->in_square(rgb, x0, y0, side);
}
std::optional<Person> PoseEstimator::estimate_following(const cv::Mat& rgb,
                                                        const Person& previous) {
  if (impl_->options.model == PoseModel::MoveNetLightning ||
      impl_->options.model == PoseModel::MoveNetThunder) {
    if (const auto crop = movenet_crop(previous, rgb.cols, rgb.rows, impl_->main->preset.width,
                                       impl_->main->preset.height)) {
      return impl_->movenet_single(rgb, *crop);
    }
  }
  const Box& b = previous.box;
  const int side =
      std::max(2, static_cast<int>(std::lround(kFollowBoxExpand * std::max(b.width, b.height))));
  return impl_->in_square(rgb, static_cast<int>(std::lround(b.x + b.width / 2 - side / 2.0)),
                          static_cast<int>(std::lround(b.y + b.height / 2 - side / 2.0)), side);
}
const PoseOptions& PoseEstimator::options() const {
  return impl_->options;
}

}  // namespace podium::vision
