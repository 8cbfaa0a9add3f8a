// CLEAR-MOT, IDF1 and HOTA on hand-computed cases (the arithmetic beside each), their edge cases,
// and py-motmetrics' README example. Conventions: TrackEval's (vision/mot.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "podium/vision/mot.hpp"
#include "vision/mot_test_util.hpp"

namespace podium::vision {
namespace {

using mot_test::add_track;
using mot_test::row;

constexpr double kTol = 1e-12;

TEST(MotMetrics, PerfectTrackingScoresOne) {
  // Two people on frames 1-3, predicted exactly under other ids.
  std::vector<MotRow> gt, pred;
  add_track(gt, 1, 1, 3, 0);
  add_track(gt, 2, 1, 3, 50);
  add_track(pred, 7, 1, 3, 0);
  add_track(pred, 8, 1, 3, 50);
  const MotMetrics m = evaluate_mot(gt, pred);
  EXPECT_EQ(m.frames, 3);
  EXPECT_EQ(m.gt_boxes, 6);
  EXPECT_EQ(m.gt_ids, 2);
  EXPECT_EQ(m.pred_ids, 2);
  EXPECT_EQ(m.tp, 6);
  EXPECT_EQ(m.fp + m.fn + m.id_switches + m.fragmentations, 0);
  EXPECT_EQ(m.mostly_tracked, 2);
  EXPECT_DOUBLE_EQ(m.mota, 1);
  EXPECT_DOUBLE_EQ(m.motp, 1);
  EXPECT_DOUBLE_EQ(m.idf1, 1);
  // Each pair: potential 3 (a per-frame alignment of 1 x 3 frames), Jaccard 3 / (3 + 3 - 3) = 1.
  EXPECT_DOUBLE_EQ(m.hota, 1);
  EXPECT_DOUBLE_EQ(m.deta, 1);
  EXPECT_DOUBLE_EQ(m.assa, 1);
  EXPECT_DOUBLE_EQ(m.loca, 1);
}

TEST(MotMetrics, NoPredictions) {
  std::vector<MotRow> gt;
  add_track(gt, 1, 1, 3, 0);
  add_track(gt, 2, 1, 3, 50);
  const MotMetrics m = evaluate_mot(gt, {});
  EXPECT_EQ(m.fn, 6);
  EXPECT_EQ(m.tp + m.fp, 0);
  EXPECT_EQ(m.mostly_lost, 2);
  EXPECT_DOUBLE_EQ(m.mota, 0);  // (0 - 0 - 0) / 6
  EXPECT_DOUBLE_EQ(m.recall, 0);
  EXPECT_EQ(m.idfn, 6);
  EXPECT_DOUBLE_EQ(m.idf1, 0);
  EXPECT_DOUBLE_EQ(m.hota, 0);
  EXPECT_DOUBLE_EQ(m.loca, 1);  // TrackEval: 1e-10 / 1e-10 with no match
}

TEST(MotMetrics, AllFalsePositives) {
  std::vector<MotRow> gt, pred;
  add_track(gt, 1, 1, 2, 0);
  add_track(pred, 5, 1, 2, 100);  // never overlaps
  const MotMetrics m = evaluate_mot(gt, pred);
  EXPECT_EQ(m.fp, 2);
  EXPECT_EQ(m.fn, 2);
  EXPECT_DOUBLE_EQ(m.mota, -1);  // (0 - 2 - 0) / 2
  EXPECT_DOUBLE_EQ(m.precision, 0);
  EXPECT_EQ(m.idfp, 2);
  EXPECT_EQ(m.idfn, 2);
  EXPECT_DOUBLE_EQ(m.idf1, 0);
  EXPECT_DOUBLE_EQ(m.hota, 0);
}

TEST(MotMetrics, OneIdSwitch) {
  // One person on frames 1-4; the tracker calls it 10, then 11 from frame 3.
  std::vector<MotRow> gt, pred;
  add_track(gt, 1, 1, 4, 0);
  add_track(pred, 10, 1, 2, 0);
  add_track(pred, 11, 3, 4, 0);
  const MotMetrics m = evaluate_mot(gt, pred);
  EXPECT_EQ(m.tp, 4);
  EXPECT_EQ(m.id_switches, 1);
  EXPECT_EQ(m.fragmentations, 0);  // tracked on every frame: one start
  EXPECT_DOUBLE_EQ(m.mota, 0.75);  // (4 - 0 - 1) / 4
  EXPECT_EQ(m.mostly_tracked, 1);
  // IDF1: 1 pairs with 10 or 11 (2 shared boxes each): IDTP 2, IDFN 2, IDFP 2 -> 2 / (2 + 1 + 1).
  EXPECT_EQ(m.idtp, 2);
  EXPECT_DOUBLE_EQ(m.idf1, 0.5);
  EXPECT_DOUBLE_EQ(m.idp, 0.5);
  EXPECT_DOUBLE_EQ(m.idr, 0.5);
  // HOTA: every box matched at IoU 1, so DetA = 1 at every alpha. Pairs (1,10), (1,11): 2
  // matches each, |gt 1| = 4, |10| = |11| = 2: AssA = (2 x 2/(4+2-2) + 2 x 2/(4+2-2)) / 4 = 0.5,
  // AssRe = (2 x 2/4 + 2 x 2/4) / 4 = 0.5, AssPr = (2 x 2/2 + 2 x 2/2) / 4 = 1.
  EXPECT_NEAR(m.deta, 1, kTol);
  EXPECT_NEAR(m.assa, 0.5, kTol);
  EXPECT_NEAR(m.ass_re, 0.5, kTol);
  EXPECT_NEAR(m.ass_pr, 1, kTol);
  EXPECT_NEAR(m.hota, std::sqrt(0.5), kTol);
}

TEST(MotMetrics, AFragmentationAndTheEightyPercentLine) {
  // One person on frames 1-5, predicted as 10 except on frame 3, where a false positive elsewhere
  // makes a frame with both ground truth and predictions and no match.
  std::vector<MotRow> gt, pred;
  add_track(gt, 1, 1, 5, 0);
  add_track(pred, 10, 1, 2, 0);
  add_track(pred, 10, 4, 5, 0);
  pred.push_back(row(3, 99, 200));
  const MotMetrics m = evaluate_mot(gt, pred);
  EXPECT_EQ(m.tp, 4);
  EXPECT_EQ(m.fn, 1);
  EXPECT_EQ(m.fp, 1);
  EXPECT_EQ(m.id_switches, 0);  // the same id resumes
  EXPECT_EQ(m.fragmentations, 1);
  EXPECT_DOUBLE_EQ(m.mota, 0.6);  // (4 - 1 - 0) / 5
  // Tracked 4 of 5 frames = 0.8, not more than 0.8: partially tracked.
  EXPECT_EQ(m.mostly_tracked, 0);
  EXPECT_EQ(m.partially_tracked, 1);
  EXPECT_EQ(m.mostly_lost, 0);
}

TEST(MotMetrics, AFrameWithoutPredictionsDoesNotBreakATrack) {
  // TrackEval's clear.py keeps the previous frame's pairs across a frame where nothing was
  // predicted at all, so this gap is a miss but not a fragmentation.
  std::vector<MotRow> gt, pred;
  add_track(gt, 1, 1, 5, 0);
  add_track(pred, 10, 1, 2, 0);
  add_track(pred, 10, 4, 5, 0);
  const MotMetrics m = evaluate_mot(gt, pred);
  EXPECT_EQ(m.fn, 1);
  EXPECT_EQ(m.fragmentations, 0);
}

TEST(MotMetrics, CrossingTracksSwapIdsTwice) {
  // A stays left, B stays right; prediction 1 follows A then B, prediction 2 the reverse.
  std::vector<MotRow> gt, pred;
  add_track(gt, 1, 1, 4, 0);
  add_track(gt, 2, 1, 4, 50);
  add_track(pred, 1, 1, 2, 0);
  add_track(pred, 1, 3, 4, 50);
  add_track(pred, 2, 1, 2, 50);
  add_track(pred, 2, 3, 4, 0);
  const MotMetrics m = evaluate_mot(gt, pred);
  EXPECT_EQ(m.id_switches, 2);
  EXPECT_DOUBLE_EQ(m.mota, 0.75);  // (8 - 0 - 2) / 8
  // Every gt/pred pair shares 2 boxes: IDTP 4 of 8 -> IDF1 4 / (4 + 2 + 2).
  EXPECT_EQ(m.idtp, 4);
  EXPECT_DOUBLE_EQ(m.idf1, 0.5);
}

TEST(MotMetrics, HotaOverAlphasOnHalfOverlap) {
  // One box, predicted at IoU 0.5 (top half). Alphas 0.05..0.50 (10 of 19) count it (0.50 by
  // TrackEval's eps), the other 9 do not: HOTA = DetA = AssA = 10/19; LocA = (10 x 0.5 + 9 x 1)/19
  // (an alpha without a match has LocA 1).
  const std::vector<MotRow> gt = {row(1, 1, 0)}, pred = {row(1, 1, 0, 0, 10, 5)};
  const MotMetrics m = evaluate_mot(gt, pred);
  EXPECT_NEAR(m.hota, 10.0 / 19, kTol);
  EXPECT_NEAR(m.deta, 10.0 / 19, kTol);
  EXPECT_NEAR(m.assa, 10.0 / 19, kTol);
  EXPECT_NEAR(m.loca, 14.0 / 19, kTol);
  EXPECT_DOUBLE_EQ(m.hota_by_alpha[9], 1);
  EXPECT_DOUBLE_EQ(m.hota_by_alpha[10], 0);
  EXPECT_EQ(m.tp, 1);  // CLEAR at 0.5: IoU >= threshold matches
  EXPECT_DOUBLE_EQ(m.motp, 0.5);
  EXPECT_EQ(m.idtp, 1);
  // At a threshold of 0.6 the same box is a miss and a false positive.
  const MotMetrics strict = evaluate_mot(gt, pred, {.iou_threshold = 0.6});
  EXPECT_EQ(strict.tp, 0);
  EXPECT_EQ(strict.idtp, 0);
  EXPECT_DOUBLE_EQ(strict.hota, m.hota);  // HOTA has no threshold
}

TEST(MotMetrics, EmptyFramesBetweenDoNotCount) {
  // Frames 2-4 hold nothing in either file.
  const std::vector<MotRow> gt = {row(1, 1, 0), row(5, 1, 0)};
  const std::vector<MotRow> pred = {row(1, 3, 0), row(5, 3, 0)};
  const MotMetrics m = evaluate_mot(gt, pred);
  EXPECT_EQ(m.frames, 2);
  EXPECT_DOUBLE_EQ(m.mota, 1);
  EXPECT_EQ(m.fragmentations, 0);
  EXPECT_DOUBLE_EQ(m.hota, 1);
}

TEST(MotMetrics, TiesGiveTheSameAnswerEveryTime) {
  // Two people in the same place, two predictions there too: any pairing is optimal.
  std::vector<MotRow> gt, pred;
  add_track(gt, 1, 1, 3, 0);
  add_track(gt, 2, 1, 3, 0);
  add_track(pred, 5, 1, 3, 0);
  add_track(pred, 6, 1, 3, 0);
  const MotMetrics a = evaluate_mot(gt, pred), b = evaluate_mot(gt, pred);
  EXPECT_DOUBLE_EQ(a.mota, 1);
  EXPECT_EQ(a.id_switches, 0);  // the previous frame's pairs are kept
  EXPECT_DOUBLE_EQ(a.idf1, 1);
  EXPECT_EQ(a.hota, b.hota);
  EXPECT_EQ(a.assa, b.assa);
}

// py-motmetrics' README example (its "Populating the accumulator" and "Computing metrics"
// sections): distances d, here similarities 1 - d, NaN as 0. Three frames: 2 matches and a false
// alarm; a match and a miss; a match kept from history and a switch. The README prints mota 0.5 and
// motp 0.34 (mean distance); TrackEval's MOTP is the mean similarity, 1 - 0.34 = 0.66.
TEST(MotMetrics, PyMotmetricsReadmeExample) {
  const std::vector<MotFrame> frames = {
      {{0, 1}, {0, 1, 2}, {0.9, 0.0, 0.7, 0.5, 0.8, 0.7}},
      {{0, 1}, {0}, {0.8, 0.6}},
      {{0, 1}, {0, 2}, {0.4, 0.8, 0.9, 0.4}},
  };
  // Every pair the README gives a distance (<= 0.6) may match: a similarity threshold of 0.4.
  const MotMetrics m = evaluate_mot_frames(frames, 2, 3, {.iou_threshold = 0.4});
  EXPECT_EQ(m.tp, 5);
  EXPECT_EQ(m.fp, 1);
  EXPECT_EQ(m.fn, 1);
  EXPECT_EQ(m.id_switches, 1);
  EXPECT_NEAR(m.mota, 0.5, kTol);
  EXPECT_NEAR(m.motp, 1 - 0.34, kTol);
}

TEST(MotMetrics, FramesAreChecked) {
  const std::vector<MotFrame> bad_size = {{{0}, {0}, {0.5, 0.5}}};
  mot_test::error_of([&] { evaluate_mot_frames(bad_size, 1, 1); }, ErrorKind::InvalidInput);
  const std::vector<MotFrame> twice = {{{0, 0}, {}, {}}};
  mot_test::error_of([&] { evaluate_mot_frames(twice, 1, 1); }, ErrorKind::InvalidInput);
  const std::vector<MotFrame> outside = {{{1}, {}, {}}};
  mot_test::error_of([&] { evaluate_mot_frames(outside, 1, 1); }, ErrorKind::InvalidInput);
  const std::vector<MotFrame> ok = {{{0}, {0}, {1}}};
  EXPECT_EQ(mot_test::error_of([&] { evaluate_mot_frames(ok, 1, 1, {.iou_threshold = 0}); },
                               ErrorKind::InvalidInput),
            "tracking evaluation: iou_threshold = 0: must be in (0, 1]");
}

}  // namespace
}  // namespace podium::vision
