#include "podium/vision/pose_eval.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <filesystem>

#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/vision/image.hpp"
#include "podium/vision/letterbox.hpp"
#include "podium/vision/skeleton.hpp"

namespace podium::vision {

PoseEvalProtocol pose_eval_protocol(PoseModel model) {
  return model == PoseModel::MoveNetMultiPose ? PoseEvalProtocol::BottomUp
                                              : PoseEvalProtocol::TopDownOnBoxes;
}

int unlabel_non_coco_keypoints(CocoGroundTruth& gt) {
  const auto& names = layout_info(Layout::Coco17).keypoints;
  std::array<bool, kCocoKeypointCount> keep{};
  keep.fill(true);
  for (const CocoCategory& c : gt.categories) {
    for (std::size_t k = 0; k < c.keypoints.size() && k < names.size(); ++k) {
      if (c.keypoints[k] != names[k]) keep[k] = false;
    }
  }
  const auto differ = static_cast<int>(std::count(keep.begin(), keep.end(), false));
  if (differ == 0) return 0;
  for (CocoAnnotation& a : gt.annotations) {
    int n = 0;
    for (std::size_t k = 0; k < keep.size(); ++k) {
      if (!keep[k]) a.keypoints[3 * k + 2] = 0;
      n += a.keypoints[3 * k + 2] > 0 ? 1 : 0;
    }
    a.num_keypoints = n;
  }
  return differ;
}

std::optional<TopDownCrop> top_down_crop(const CocoAnnotation& ann) {
  if (ann.iscrowd) return std::nullopt;
  return top_down_crop(Box{ann.bbox[0], ann.bbox[1], ann.bbox[2], ann.bbox[3]});
}

std::optional<TopDownCrop> top_down_crop(const Box& box) {
  if (!(box.width > 0 && box.height > 0)) return std::nullopt;
  TopDownCrop c;
  c.side = std::max(
      2, static_cast<int>(std::lround(kTopDownBoxExpand * std::max(box.width, box.height))));
  c.x0 = static_cast<int>(std::lround(box.x + box.width / 2 - c.side / 2.0));
  c.y0 = static_cast<int>(std::lround(box.y + box.height / 2 - c.side / 2.0));
  return c;
}

std::vector<cv::Mat> read_coco_images(const CocoGroundTruth& gt, const std::string& folder) {
  std::vector<cv::Mat> images;
  for (const CocoImage& im : gt.images) {
    if (im.file_name.empty()) {
      throw Error(ErrorKind::Format,
                  gt.source + ": image " + std::to_string(im.id) + " has no file_name");
    }
    images.push_back(read_image_rgb((std::filesystem::path(folder) / im.file_name).string()));
  }
  return images;
}

CocoPredictions predict_coco_keypoints(const CocoGroundTruth& gt, std::span<const cv::Mat> images,
                                       PoseEvalProtocol protocol, const PoseEstimate& estimate,
                                       const PersonBoxes& detect) {
  PODIUM_ASSERT(images.size() == gt.images.size());
  PODIUM_ASSERT(protocol != PoseEvalProtocol::TopDownOnDetections || detect);
  CocoPredictions out;
  const auto add = [&](std::int64_t image_id, const std::vector<Person>& people) {
    for (const CocoResult& r : coco_results_from_people(image_id, people))
      out.results.push_back(r);
  };
  // The model's best person in the crop, in image pixels; empty when it finds nobody.
  const auto pose_in = [&](const cv::Mat& rgb, const TopDownCrop& c) {
    // The crop at its own resolution; the estimator letterboxes it to the model size.
    const cv::Mat crop =
        Letterbox::crop(rgb.cols, rgb.rows, c.x0, c.y0, c.side, c.side, c.side).apply(rgb);
    std::vector<Person> people = estimate(crop);
    ++out.inferences;
    if (people.empty()) return people;
    for (Keypoint& k : people.front().keypoints) {
      k.x += c.x0;
      k.y += c.y0;
    }
    people.resize(1);
    return people;
  };
  for (std::size_t i = 0; i < gt.images.size(); ++i) {
    const cv::Mat& rgb = images[i];
    const std::int64_t id = gt.images[i].id;
    if (protocol == PoseEvalProtocol::BottomUp) {
      const std::vector<Person> people = estimate(rgb);
      ++out.inferences;
      add(id, people);
      continue;
    }
    if (protocol == PoseEvalProtocol::TopDownOnDetections) {
      for (const Detection& d : detect(rgb)) {
        out.boxes.push_back({.image_id = id,
                             .category_id = 1,
                             .bbox = {d.box.x, d.box.y, d.box.width, d.box.height},
                             .score = d.score});
        const std::optional<TopDownCrop> c = top_down_crop(d.box);
        if (!c) continue;
        std::vector<Person> people = pose_in(rgb, *c);
        if (people.empty()) continue;
        people.front().score *= d.score;
        add(id, people);
      }
      continue;
    }
    for (const CocoAnnotation& ann : gt.annotations) {
      if (ann.image_id != id) continue;
      const std::optional<TopDownCrop> c = top_down_crop(ann);
      if (!c) continue;
      add(id, pose_in(rgb, *c));
    }
  }
  return out;
}

PoseEvaluation evaluate_pose_model(const PoseEvalOptions& o) {
  CocoGroundTruth gt =
      parse_coco_ground_truth(read_file(o.gt_path, limits::kCocoJsonBytes), o.gt_path);
  PoseEvaluation e;
  e.non_coco_keypoints = unlabel_non_coco_keypoints(gt);
  e.images = gt.images.size();
  e.annotations = gt.annotations.size();
  const std::vector<cv::Mat> images = read_coco_images(gt, o.images_dir);
  e.protocol = pose_eval_protocol(o.model);
  if (o.detector && e.protocol == PoseEvalProtocol::BottomUp) {
    throw Error(ErrorKind::InvalidInput,
                std::string(pose_model_name(o.model))
                    .append(" is bottom-up: detected boxes apply to single-person models"));
  }
  std::optional<PersonDetector> detector;
  if (o.detector) {
    e.protocol = PoseEvalProtocol::TopDownOnDetections;
    detector = PersonDetector::create({.model = *o.detector,
                                       .models_dir = o.models_dir,
                                       .tiles = o.detector_tiles,
                                       .threads = o.threads});
  }
  PoseEstimator estimator = PoseEstimator::create(
      {.model = o.model, .models_dir = o.models_dir, .min_score = 0.0, .threads = o.threads});
  const auto t0 = std::chrono::steady_clock::now();
  CocoPredictions p = predict_coco_keypoints(
      gt, images, e.protocol, [&](const cv::Mat& rgb) { return estimator.estimate(rgb); },
      [&](const cv::Mat& rgb) { return detector->detect(rgb); });
  e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  e.results = std::move(p.results);
  e.inferences = p.inferences;
  e.stats = evaluate_coco_keypoints(gt, e.results);
  e.pck = coco_pck(gt, e.results, o.pck_threshold);
  if (detector) {
    e.detections = p.boxes.size();
    e.box_stats = evaluate_coco_boxes(gt, p.boxes);
  }
  return e;
}

}  // namespace podium::vision
