// podium eval pose: COCO keypoint AP/AR (OKS, COCO sigmas) and PCK@0.2 of a pose model on a
// COCO-format ground-truth file and its images (top-down on ground-truth or detected boxes, with
// the detector's person-box AP). The protocol (top-down on ground-truth boxes or
// bottom-up) is vision::evaluate_pose_model's; this file parses the options and prints.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "commands.hpp"
#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/core/option.hpp"
#include "podium/vision/coco.hpp"
#include "podium/vision/coco_eval.hpp"
#include "podium/vision/pose_eval.hpp"

namespace podium::app {
namespace {

struct EvalArgs {
  std::string gt;
  std::string images;
  std::string model = "movenet-thunder";
  std::string out;
  bool json = false;
  int threads = 1;
  std::string boxes = "gt";
  std::string detector = "nanodet";
  int tiles = 0;
};

void eval_pose(const EvalArgs& a) {
  const vision::PoseModel model = vision::parse_pose_model(a.model);
  std::optional<vision::DetectorModel> detector;
  if (a.boxes == "detector") {
    detector = vision::parse_detector_model(a.detector);
  } else if (a.boxes != "gt") {
    reject_option("", "--boxes", a.boxes, "must be gt or detector");
  }
  const vision::PoseEvaluation e = vision::evaluate_pose_model({.gt_path = a.gt,
                                                                .images_dir = a.images,
                                                                .model = model,
                                                                .threads = a.threads,
                                                                .detector = detector,
                                                                .detector_tiles = a.tiles});
  const bool bottom_up = e.protocol == vision::PoseEvalProtocol::BottomUp;
  const bool detected = e.protocol == vision::PoseEvalProtocol::TopDownOnDetections;
  const std::string protocol =
      bottom_up  ? "bottom-up, whole image"
      : detected ? std::string("top-down on ").append(a.detector).append(" boxes x1.25")
                 : "top-down on ground-truth boxes x1.25";
  const vision::CocoKeypointStats& s = e.stats;
  const std::vector<vision::CocoResult>& results = e.results;
  const vision::CocoPck& pck = e.pck;
  if (!a.out.empty()) write_file_atomic(a.out, vision::write_coco_results(results));
  if (a.json) {
    nlohmann::json j = {{"gt", std::filesystem::path(a.gt).filename().string()},
                        {"model", a.model},
                        {"protocol", protocol},
                        {"images", e.images},
                        {"annotations", e.annotations},
                        {"non_coco_keypoints_unlabelled", e.non_coco_keypoints},
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
                        {"inferences", e.inferences},
                        {"seconds", e.seconds}};
    if (e.box_stats) {
      const vision::CocoBoxStats& b = *e.box_stats;
      j["detector"] = a.detector;
      j["detections"] = e.detections;
      j["box"] = {{"AP", b.ap},         {"AP50", b.ap50},      {"AP75", b.ap75},
                  {"AP_S", b.ap_small}, {"AP_M", b.ap_medium}, {"AP_L", b.ap_large},
                  {"AR", b.ar}};
    }
    std::printf("%s\n", j.dump(1).c_str());
    return;
  }
  std::printf(
      "%s on %s: %zu images, %zu people, %s%s\n", a.model.c_str(), a.gt.c_str(), e.images,
      e.annotations, protocol.c_str(),
      e.non_coco_keypoints
          ? (", " + std::to_string(e.non_coco_keypoints) + " non-COCO keypoints ignored").c_str()
          : "");
  std::printf("%s", vision::coco_keypoint_stats_report(s).c_str());
  std::printf(" PCK@0.2 (bbox) = %.3f (%zu/%zu keypoints)\n", pck.pck, pck.correct, pck.total);
  if (e.box_stats) {
    std::printf("person boxes of %s (%zu):\n%s", a.detector.c_str(), e.detections,
                vision::coco_box_stats_report(*e.box_stats).c_str());
  }
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
  pose->add_option("--boxes", a->boxes,
                   "Top-down crops around gt (ground-truth) or detector (detected) boxes")
      ->capture_default_str();
  pose->add_option("--detector", a->detector, "With --boxes detector: nanodet or centernet")
      ->capture_default_str();
  pose->add_option("--tiles", a->tiles, "Detector tiles: 0 auto, 1 none, 2..8 per longer side")
      ->capture_default_str();
  pose->callback([a] { eval_pose(*a); });
}

}  // namespace podium::app
