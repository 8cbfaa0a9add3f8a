// Multi-object tracking evaluation on MOTChallenge text files: the reader and writer of the
// format, and CLEAR-MOT, the identity metrics (IDF1) and HOTA of predicted tracks against ground
// truth, as TrackEval (the MOTChallenge evaluation kit) defines them.
//
// Format (docs/formats.md "MOTChallenge tracks"): one box per line, comma-separated,
//   frame, id, bb_left, bb_top, bb_width, bb_height, conf[, x, y, z]       (trackers, MOT15 GT)
//   frame, id, bb_left, bb_top, bb_width, bb_height, conf, class, visibility (MOT16/17/20 GT)
// frames 1-based, pixels with the origin top-left. A file has 6 to 10 fields on every line
// (6: conf is 1), the same number on each; blank lines are skipped, a CR before the LF is
// dropped. In a file of 8 or 9 fields the 8th is the MOTChallenge class and the 9th the
// visibility; the 8th to 10th of a 10-field file are world coordinates (read, not kept).
// Refused, each as one Error(Format) placed at the file, byte, line and column: a field that is
// not a number, a frame or id that is not a whole number, a frame < 1, an id < 0, a negative
// width or height, a value outside core/limits (frames, pixels, rows, boxes per frame), a line
// with another number of fields, a repeated (frame, id) pair (naming the first line).
//
// Evaluation (docs/tracking.md "Metrics"), the ground-truth rule of TrackEval's MotChallenge2DBox:
//   - a ground-truth row whose conf truncates to 0 (-1 < conf < 1) is ignored;
//   - when the ground truth has classes (8 or 9 fields) and gt_classes is on: only pedestrians
//     (class 1) are evaluated, and a predicted box matched (IoU >= 0.5, optimal assignment) to
//     a distractor (person on vehicle 2, static person 7, distractor 8, reflection 12; with
//     mot20_distractors also non-MOT vehicle 6) is removed first; a class outside 1..13 is an
//     error. Without classes, or with gt_classes off, every row with conf != 0 is evaluated.
//   - frames: ground truth and predictions that share no frame, or a prediction on a frame
//     after the ground truth's last, are one Error(InvalidInput) at the prediction's line (the
//     ground truth's range counts its ignored rows too, as a sequence's length would).
// Metrics follow TrackEval 1.0's clear.py, identity.py and hota.py (with which py-motmetrics
// >= 1.4 agrees to 1e-6, its tests/test_trackeval_parity.py): MOTP is the mean IoU of matches
// (py-motmetrics' motp is 1 - that), HOTA and its parts are means over alpha = 0.05..0.95.
//
//   const std::vector<MotRow> gt = read_mot("gt/gt.txt"), pred = read_mot("tracks_mot.txt");
//   const MotMetrics m = evaluate_mot(gt, pred, {.gt_source = "gt/gt.txt",
//                                                .pred_source = "tracks_mot.txt"});
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "podium/vision/person.hpp"

namespace podium::vision {

struct MotRow {
  std::int64_t frame = 0;  // 1-based (a video's frame index + 1)
  std::int64_t id = 0;     // track or object id, >= 0
  Box box;                 // pixels
  double score = 1;        // the conf column; in ground truth 0 marks a row to ignore
  int object_class = -1;   // 8th field of an 8/9-field file (MOTChallenge class 1..13); else -1
  double visibility = -1;  // 9th field of a 9-field file (0..1 in MOTChallenge GT); else -1
  std::int64_t line = 0;   // 1-based line of the file it was read from; 0 when made in memory
};

// Rows in file order. `source` names the text in messages.
std::vector<MotRow> parse_mot(std::string_view text, const std::string& source);
// The file at `path` (at most limits::kFileBytes), parsed; Error(NotFound/Io) as read_file.
std::vector<MotRow> read_mot(const std::string& path);

// One line per row: frame,id,left,top,width,height,conf,-1,-1,-1 (the 10-field layout trackers
// write), numbers as the shortest text that reads back to the same double, so parse_mot(format_mot
// (rows)) gives the rows back (class, visibility and line aside). Rows are written in the order
// given; write_mot writes the same text atomically (core/file).
std::string format_mot(std::span<const MotRow> rows);
void write_mot(const std::string& path, std::span<const MotRow> rows);

struct MotEvalOptions {
  double iou_threshold = 0.5;      // CLEAR-MOT and IDF1 matches need IoU >= this; (0, 1]
  bool gt_classes = true;          // apply the class rule above when the ground truth has classes
  bool mot20_distractors = false;  // class 6 (non-MOT vehicle) is a distractor too (MOT20)
  std::string gt_source = "ground truth";  // names in located errors
  std::string pred_source = "predictions";
};

inline constexpr int kHotaAlphas = 19;  // alpha = 0.05, 0.10, ..., 0.95

struct MotMetrics {
  // What was evaluated, after the ground-truth rule.
  std::int64_t frames = 0;  // frames holding a ground-truth or predicted box
  std::int64_t gt_boxes = 0, pred_boxes = 0;
  std::int64_t gt_ids = 0, pred_ids = 0;
  std::int64_t gt_ignored = 0;    // ground-truth rows left out (conf 0, not a pedestrian)
  std::int64_t pred_removed = 0;  // predicted boxes removed on distractors
  // CLEAR-MOT (Bernardin and Stiefelhagen 2008) at iou_threshold.
  std::int64_t tp = 0, fp = 0, fn = 0;
  std::int64_t id_switches = 0, fragmentations = 0;
  std::int64_t mostly_tracked = 0, partially_tracked = 0, mostly_lost = 0;  // > 80 %, >= 20 %
  double mota = 0, moda = 0;
  double motp = 0;  // mean IoU of the matches (TrackEval)
  double precision = 0, recall = 0;
  // Identity metrics (Ristani et al. 2016) at iou_threshold.
  std::int64_t idtp = 0, idfp = 0, idfn = 0;
  double idf1 = 0, idp = 0, idr = 0;
  // HOTA (Luiten et al. 2021): means over the alphas of the arrays below.
  double hota = 0, deta = 0, assa = 0, loca = 0;
  double det_re = 0, det_pr = 0, ass_re = 0, ass_pr = 0;
  std::array<double, kHotaAlphas> hota_by_alpha{}, deta_by_alpha{}, assa_by_alpha{};
};

// Throws Error(InvalidInput) for an option out of range (named), the frame-range rule above, a
// ground-truth class outside 1..13 (with classes on), or rows that parse_mot would refuse (a
// repeated (frame, id), too many boxes in a frame), placed at their source and line.
MotMetrics evaluate_mot(std::span<const MotRow> gt, std::span<const MotRow> pred,
                        const MotEvalOptions& options = {});

// The metrics on prepared frames, as TrackEval's metrics take a sequence: ids compacted to
// 0..gt_ids-1 and 0..pred_ids-1, each at most once per frame, and a gt x pred similarity (IoU for
// boxes) in [0, 1], row-major. Only iou_threshold of the options is used. For tests and for
// similarities other than box IoU. Throws Error(InvalidInput) naming the frame and the rule.
struct MotFrame {
  std::vector<int> gt, pred;
  std::vector<double> similarity;  // gt.size() x pred.size()
};
MotMetrics evaluate_mot_frames(std::span<const MotFrame> frames, int gt_ids, int pred_ids,
                               const MotEvalOptions& options = {});

}  // namespace podium::vision
