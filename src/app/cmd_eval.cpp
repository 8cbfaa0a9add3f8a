// podium eval pose: COCO keypoint AP/AR (OKS, COCO sigmas) and PCK@0.2 of a pose model on a
// COCO-format ground-truth file and its images (top-down on ground-truth or detected boxes, with
// the detector's person-box AP). The protocol (top-down on ground-truth boxes or
// bottom-up) is vision::evaluate_pose_model's; this file parses the options and prints.
// podium eval track: CLEAR-MOT, IDF1 and HOTA of MOTChallenge tracks against ground truth
// (vision::evaluate_mot); this file reads the two files and prints.
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
#include "podium/vision/mot.hpp"
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

struct TrackEvalArgs {
  std::string gt;
  std::string pred;
  double iou = 0.5;
  bool no_classes = false;
  bool mot20 = false;
  bool json = false;
};

nlohmann::json track_metrics_json(const vision::MotMetrics& m) {
  return {{"frames", m.frames},
          {"gt_boxes", m.gt_boxes},
          {"gt_ids", m.gt_ids},
          {"gt_ignored", m.gt_ignored},
          {"pred_boxes", m.pred_boxes},
          {"pred_ids", m.pred_ids},
          {"pred_removed", m.pred_removed},
          {"HOTA", m.hota},
          {"DetA", m.deta},
          {"AssA", m.assa},
          {"LocA", m.loca},
          {"DetRe", m.det_re},
          {"DetPr", m.det_pr},
          {"AssRe", m.ass_re},
          {"AssPr", m.ass_pr},
          {"HOTA_by_alpha", m.hota_by_alpha},
          {"MOTA", m.mota},
          {"MODA", m.moda},
          {"MOTP", m.motp},
          {"TP", m.tp},
          {"FP", m.fp},
          {"FN", m.fn},
          {"IDSW", m.id_switches},
          {"Frag", m.fragmentations},
          {"MT", m.mostly_tracked},
          {"PT", m.partially_tracked},
          {"ML", m.mostly_lost},
          {"precision", m.precision},
          {"recall", m.recall},
          {"IDF1", m.idf1},
          {"IDP", m.idp},
          {"IDR", m.idr},
          {"IDTP", m.idtp},
          {"IDFP", m.idfp},
          {"IDFN", m.idfn}};
}

void eval_track(const TrackEvalArgs& a) {
  if (!(a.iou > 0 && a.iou <= 1)) reject_option("", "--iou", a.iou, "must be in (0, 1]");
  const std::vector<vision::MotRow> gt = vision::read_mot(a.gt);
  if (gt.empty()) {
    throw Error(ErrorKind::InvalidInput, Place{.source = a.gt},
                "no boxes: an empty ground truth has nothing to evaluate against");
  }
  const std::vector<vision::MotRow> pred = vision::read_mot(a.pred);
  const vision::MotMetrics m = vision::evaluate_mot(gt, pred,
                                                    {.iou_threshold = a.iou,
                                                     .gt_classes = !a.no_classes,
                                                     .mot20_distractors = a.mot20,
                                                     .gt_source = a.gt,
                                                     .pred_source = a.pred});
  if (a.json) {
    nlohmann::json j = {{"gt", a.gt}, {"pred", a.pred}, {"iou", a.iou}};
    j.update(track_metrics_json(m));
    std::printf("%s\n", j.dump(1).c_str());
    return;
  }
  std::printf(
      "%s against %s: %lld frames; ground truth %lld boxes, %lld ids (%lld ignored); "
      "predictions %lld boxes, %lld ids (%lld removed on distractors)\n",
      a.pred.c_str(), a.gt.c_str(), static_cast<long long>(m.frames),
      static_cast<long long>(m.gt_boxes), static_cast<long long>(m.gt_ids),
      static_cast<long long>(m.gt_ignored), static_cast<long long>(m.pred_boxes),
      static_cast<long long>(m.pred_ids), static_cast<long long>(m.pred_removed));
  std::printf(" HOTA %6.3f  DetA %6.3f  AssA %6.3f  LocA %6.3f  (alpha 0.05..0.95)\n", m.hota,
              m.deta, m.assa, m.loca);
  std::printf(" MOTA %6.3f  MOTP %6.3f  IDF1 %6.3f  IDP  %6.3f  IDR %6.3f  (IoU >= %g)\n", m.mota,
              m.motp, m.idf1, m.idp, m.idr, a.iou);
  std::printf(
      " TP %lld  FP %lld  FN %lld  IDSW %lld  Frag %lld  MT %lld  PT %lld  ML %lld  "
      "precision %.3f  recall %.3f\n",
      static_cast<long long>(m.tp), static_cast<long long>(m.fp), static_cast<long long>(m.fn),
      static_cast<long long>(m.id_switches), static_cast<long long>(m.fragmentations),
      static_cast<long long>(m.mostly_tracked), static_cast<long long>(m.partially_tracked),
      static_cast<long long>(m.mostly_lost), m.precision, m.recall);
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

  auto t = std::make_shared<TrackEvalArgs>();
  auto* track = eval->add_subcommand(
      "track", "CLEAR-MOT, IDF1 and HOTA of MOTChallenge tracks against ground truth (TrackEval)");
  track->add_option("--gt", t->gt, "Ground truth, MOTChallenge text (gt.txt)")->required();
  track->add_option("--pred", t->pred, "Predicted tracks, MOTChallenge text (tracks_mot.txt)")
      ->required();
  track->add_option("--iou", t->iou, "IoU a CLEAR-MOT or IDF1 match needs")->capture_default_str();
  track->add_flag("--no-classes", t->no_classes,
                  "Evaluate every ground-truth row with conf != 0, whatever its class");
  track->add_flag("--mot20", t->mot20, "Class 6 (non-MOT vehicle) is a distractor too (MOT20)");
  track->add_flag("--json", t->json, "Print the metrics as JSON");
  track->callback([t] { eval_track(*t); });
}

}  // namespace podium::app
