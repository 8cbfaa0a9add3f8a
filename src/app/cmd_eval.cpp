// podium eval pose: COCO keypoint AP/AR (OKS, COCO sigmas) and PCK@0.2 of a pose model on a
// COCO-format ground-truth file and its images.
//
// Single-person models (MoveNet Lightning/Thunder, BlazePose) run top-down on each ground-truth
// person box (a square 1.25x the box's longer side, as top-down COCO evaluation with GT boxes
// does); MoveNet MultiPose runs bottom-up on the whole image. A ground truth whose keypoint names
// are not COCO-17's (PoseTrack18: head_bottom, head_top where COCO has eyes) is scored on the
// keypoints it shares with COCO-17: the others are treated as unlabelled.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/nn/model.hpp"
#include "podium/vision/coco.hpp"
#include "podium/vision/image.hpp"
#include "podium/vision/pose.hpp"

namespace podium::app {
namespace {

constexpr double kBoxExpand = 1.25;

struct EvalArgs {
  std::string gt;
  std::string images;
  std::string model = "movenet-thunder";
  std::string out;
  bool json = false;
  int threads = 1;
};

// Unlabels the keypoints whose names differ from COCO-17's; returns how many names differ.
int keep_coco_keypoints(vision::CocoGroundTruth& gt) {
  const auto& names = vision::layout_info(vision::Layout::Coco17).keypoints;
  std::array<bool, vision::kCocoKeypointCount> keep{};
  keep.fill(true);
  for (const vision::CocoCategory& c : gt.categories) {
    for (std::size_t k = 0; k < c.keypoints.size() && k < names.size(); ++k) {
      if (c.keypoints[k] != names[k]) keep[k] = false;
    }
  }
  const auto differ = static_cast<int>(std::count(keep.begin(), keep.end(), false));
  if (differ == 0) return 0;
  for (auto& a : gt.annotations) {
    int n = 0;
    for (std::size_t k = 0; k < keep.size(); ++k) {
      if (!keep[k]) a.keypoints[3 * k + 2] = 0;
      n += a.keypoints[3 * k + 2] > 0 ? 1 : 0;
    }
    a.num_keypoints = n;
  }
  return differ;
}

void eval_pose(const EvalArgs& a) {
  if (a.threads < 1 || a.threads > 256) {
    throw Error(ErrorKind::InvalidInput,
                "--threads " + std::to_string(a.threads) + " must be 1..256");
  }
  nn::set_threads(a.threads);
  const vision::PoseModel model = vision::parse_pose_model(a.model);
  vision::CocoGroundTruth gt = vision::parse_coco_ground_truth(read_file(a.gt), a.gt);
  const int unlabelled = keep_coco_keypoints(gt);
  // Every image must exist and decode before the model runs.
  std::vector<cv::Mat> images;
  for (const vision::CocoImage& im : gt.images) {
    if (im.file_name.empty()) {
      throw Error(ErrorKind::Format,
                  a.gt + ": image " + std::to_string(im.id) + " has no file_name");
    }
    images.push_back(
        vision::read_image_rgb((std::filesystem::path(a.images) / im.file_name).string()));
  }
  auto estimator = vision::PoseEstimator::create({.model = model, .min_score = 0.0});
  const bool bottom_up = model == vision::PoseModel::MoveNetMultiPose;
  std::vector<vision::CocoResult> results;
  const auto t0 = std::chrono::steady_clock::now();
  int inferences = 0;
  for (std::size_t i = 0; i < gt.images.size(); ++i) {
    const cv::Mat& rgb = images[i];
    const std::int64_t id = gt.images[i].id;
    if (bottom_up) {
      const auto people = estimator.estimate(rgb);
      ++inferences;
      for (auto& r : vision::coco_results_from_people(id, people))
        results.push_back(r);
      continue;
    }
    for (const vision::CocoAnnotation& ann : gt.annotations) {
      if (ann.image_id != id || ann.iscrowd || ann.bbox[2] <= 0 || ann.bbox[3] <= 0) continue;
      const int side = std::max(
          2, static_cast<int>(std::lround(kBoxExpand * std::max(ann.bbox[2], ann.bbox[3]))));
      const int x0 = static_cast<int>(std::lround(ann.bbox[0] + ann.bbox[2] / 2 - side / 2.0));
      const int y0 = static_cast<int>(std::lround(ann.bbox[1] + ann.bbox[3] / 2 - side / 2.0));
      // The crop at its own resolution; the estimator letterboxes it to the model size.
      const cv::Mat crop =
          vision::Letterbox::crop(rgb.cols, rgb.rows, x0, y0, side, side, side).apply(rgb);
      auto people = estimator.estimate(crop);
      ++inferences;
      if (people.empty()) continue;
      for (vision::Keypoint& k : people.front().keypoints) {
        k.x += x0;
        k.y += y0;
      }
      people.resize(1);
      for (auto& r : vision::coco_results_from_people(id, people))
        results.push_back(r);
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const vision::CocoKeypointStats s = vision::evaluate_coco_keypoints(gt, results);
  const vision::CocoPck pck = vision::coco_pck(gt, results, 0.2);
  if (!a.out.empty()) write_file_atomic(a.out, vision::write_coco_results(results));
  if (a.json) {
    const nlohmann::json j = {
        {"gt", std::filesystem::path(a.gt).filename().string()},
        {"model", a.model},
        {"protocol", bottom_up ? "bottom-up, whole image" : "top-down on ground-truth boxes x1.25"},
        {"images", gt.images.size()},
        {"annotations", gt.annotations.size()},
        {"non_coco_keypoints_unlabelled", unlabelled},
        {"results", results.size()},
        {"AP", s.ap},
        {"AP50", s.ap50},
        {"AP75", s.ap75},
        {"AP_M", s.ap_medium},
        {"AP_L", s.ap_large},
        {"AR", s.ar},
        {"AR50", s.ar50},
        {"AR75", s.ar75},
        {"AR_M", s.ar_medium},
        {"AR_L", s.ar_large},
        {"PCK@0.2", pck.pck},
        {"pck_correct", pck.correct},
        {"pck_total", pck.total},
        {"inferences", inferences},
        {"seconds", seconds}};
    std::printf("%s\n", j.dump(1).c_str());
    return;
  }
  std::printf(
      "%s on %s: %zu images, %zu people, %s%s\n", a.model.c_str(), a.gt.c_str(), gt.images.size(),
      gt.annotations.size(), bottom_up ? "bottom-up" : "top-down on ground-truth boxes",
      unlabelled ? (", " + std::to_string(unlabelled) + " non-COCO keypoints ignored").c_str()
                 : "");
  std::printf("%s", vision::coco_keypoint_stats_report(s).c_str());
  std::printf(" PCK@0.2 (bbox) = %.3f (%zu/%zu keypoints)\n", pck.pck, pck.correct, pck.total);
}

}  // namespace

void add_eval_commands(CLI::App& group) {
  CLI::App* eval = &group;
  eval->require_subcommand(1);
  auto a = std::make_shared<EvalArgs>();
  auto* pose = eval->add_subcommand("pose", "COCO keypoint AP/AR and PCK@0.2 of a pose model");
  pose->add_option("--gt", a->gt, "COCO keypoints ground truth (JSON)")->required();
  pose->add_option("--images", a->images, "Folder of the images the ground truth names")
      ->required();
  pose->add_option("--model", a->model,
                   "movenet-thunder, movenet-lightning, movenet-multipose or blazepose")
      ->capture_default_str();
  pose->add_option("--out", a->out, "Also write the predictions (COCO results JSON)");
  pose->add_flag("--json", a->json, "Print the metrics as JSON");
  pose->add_option("--threads", a->threads, "Intra-op threads")->capture_default_str();
  pose->callback([a] { eval_pose(*a); });
}

}  // namespace podium::app
