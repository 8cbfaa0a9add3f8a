// podium eval pose: COCO keypoint AP/AR (OKS, COCO sigmas) and PCK@0.2 of a pose model on a
// COCO-format ground-truth file and its images. The protocol (top-down on ground-truth boxes or
// bottom-up) is vision::evaluate_pose_model's; this file parses the options and prints.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
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
};

void eval_pose(const EvalArgs& a) {
  const vision::PoseModel model = vision::parse_pose_model(a.model);
  const vision::PoseEvaluation e = vision::evaluate_pose_model(
      {.gt_path = a.gt, .images_dir = a.images, .model = model, .threads = a.threads});
  const bool bottom_up = e.protocol == vision::PoseEvalProtocol::BottomUp;
  const vision::CocoKeypointStats& s = e.stats;
  const std::vector<vision::CocoResult>& results = e.results;
  const vision::CocoPck& pck = e.pck;
  if (!a.out.empty()) write_file_atomic(a.out, vision::write_coco_results(results));
  if (a.json) {
    const nlohmann::json j = {
        {"gt", std::filesystem::path(a.gt).filename().string()},
        {"model", a.model},
        {"protocol", bottom_up ? "bottom-up, whole image" : "top-down on ground-truth boxes x1.25"},
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
    std::printf("%s\n", j.dump(1).c_str());
    return;
  }
  std::printf(
      "%s on %s: %zu images, %zu people, %s%s\n", a.model.c_str(), a.gt.c_str(), e.images,
      e.annotations, bottom_up ? "bottom-up" : "top-down on ground-truth boxes",
      e.non_coco_keypoints
          ? (", " + std::to_string(e.non_coco_keypoints) + " non-COCO keypoints ignored").c_str()
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
