#include "podium/action/sequence.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "podium/core/error.hpp"
#include "sequence_test_util.hpp"

namespace podium::action {
namespace {

using test_sequences::numbered;

constexpr float kNaNf = std::numeric_limits<float>::quiet_NaN();

PoseSequence two_frames() {
  PoseSequence s;
  s.id = "clip";
  s.layout = vision::Layout::Coco17;
  s.frames = 2;
  s.x.assign(2 * 17, 10.0F);
  s.y.assign(2 * 17, 20.0F);
  s.score.assign(2 * 17, 0.5F);
  return s;
}

std::string error_of(const PoseSequence& s) {
  try {
    validate(s);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
    return e.what();
  }
  return "(no error)";
}

TEST(PoseSequence, AValidSequencePasses) {
  PoseSequence s = two_frames();
  s.x[3] = kNaNf;  // not seen
  s.y[3] = kNaNf;
  s.score.assign(s.score.size(), kNaNf);  // no scores in the source
  s.segments = {{0, 1, "a"}, {1, 2, "b"}};
  EXPECT_NO_THROW(validate(s));
  EXPECT_EQ(s.keypoints(), 17u);
  EXPECT_EQ(s.at(1, 2), 19u);
}

TEST(PoseSequence, EachBrokenRuleIsNamed) {
  PoseSequence s = two_frames();
  s.frames = 0;
  s.x.clear();
  s.y.clear();
  s.score.clear();
  EXPECT_EQ(error_of(s), "clip: frames: a sequence needs at least one frame");

  s = two_frames();
  s.y.pop_back();
  EXPECT_EQ(error_of(s),
            "clip: keypoints: x, y and score must hold frames x keypoints = 34 values each (got "
            "34, 33, 34)");

  s = two_frames();
  s.x[20] = kNaNf;  // y still finite
  EXPECT_EQ(error_of(s),
            "clip: frame 1 keypoint 3: x and y must both be finite, or both NaN (not seen)");

  s = two_frames();
  s.y[0] = std::numeric_limits<float>::infinity();
  EXPECT_NE(error_of(s).find("frame 0 keypoint 0"), std::string::npos);

  s = two_frames();
  s.score[5] = 1.5F;
  EXPECT_EQ(error_of(s),
            "clip: frame 0 keypoint 5 score: must be within 0..1 (NaN: the source has none)");

  s = two_frames();
  s.fps = -30;
  EXPECT_EQ(error_of(s), "clip: fps: must be finite and >= 0 (0: not known)");

  for (const std::vector<Segment>& bad :
       {std::vector<Segment>{{0, 0, "empty"}}, std::vector<Segment>{{0, 3, "past the end"}},
        std::vector<Segment>{{1, 2, "b"}, {0, 1, "unsorted"}},
        std::vector<Segment>{{0, 2, "a"}, {1, 2, "overlapping"}},
        std::vector<Segment>{{-1, 1, "negative"}}}) {
    s = two_frames();
    s.segments = bad;
    EXPECT_NE(error_of(s).find("must be a non-empty frame range within [0, 2)"), std::string::npos)
        << bad.back().label;
  }
}

TEST(ToCoco17, EveryNamedKeypointLandsOnItsCocoNameAndMissingOnesAreMasked) {
  const auto& coco = vision::layout_info(vision::Layout::Coco17).keypoints;
  for (const vision::Layout layout : {vision::Layout::Coco17, vision::Layout::BlazePose33,
                                      vision::Layout::OpenPose18, vision::Layout::MoveNet13}) {
    const PoseSequence in = numbered(layout);
    const PoseSequence out = to_coco17(in);
    const auto& names = vision::layout_info(layout).keypoints;
    EXPECT_EQ(out.layout, vision::Layout::Coco17);
    EXPECT_EQ(out.frames, 2u);
    EXPECT_EQ(out.label, "serve");
    EXPECT_EQ(out.fps, 30);
    EXPECT_NO_THROW(validate(out));
    for (std::size_t f = 0; f < out.frames; ++f) {
      for (std::size_t c = 0; c < coco.size(); ++c) {
        const std::size_t o = out.at(f, c);
        const auto it = std::find(names.begin(), names.end(), coco[c]);
        if (it == names.end()) {
          EXPECT_TRUE(std::isnan(out.x[o]) && std::isnan(out.y[o]) && std::isnan(out.score[o]))
              << names.size() << " " << coco[c];
          continue;
        }
        const auto k = static_cast<std::size_t>(it - names.begin());
        const std::size_t i = in.at(f, k);
        EXPECT_TRUE(test_sequences::same_values({out.x[o], out.y[o]}, {in.x[i], in.y[i]}))
            << in.id << " " << coco[c];
        EXPECT_EQ(out.score[o], in.score[in.at(f, k)]) << in.id << " " << coco[c];
      }
    }
  }
}

TEST(ToCoco17, OpenPoseRightBeforeLeftBecomesCocoLeftBeforeRight) {
  const PoseSequence out = to_coco17(numbered(vision::Layout::OpenPose18));
  EXPECT_EQ(out.x[5], 105);   // COCO left_shoulder <- OpenPose 5 (left_shoulder)
  EXPECT_EQ(out.x[6], 102);   // COCO right_shoulder <- OpenPose 2
  EXPECT_EQ(out.x[1], 115);   // COCO left_eye <- OpenPose 15
  EXPECT_EQ(out.x[16], 110);  // COCO right_ankle <- OpenPose 10
  const PoseSequence movenet = to_coco17(numbered(vision::Layout::MoveNet13));
  EXPECT_EQ(movenet.x[6], 102);           // right_shoulder <- MoveNet 2
  EXPECT_TRUE(std::isnan(movenet.x[3]));  // left_ear
}

TEST(ToCoco17, ABrokenSequenceIsRefusedAsValidateRefusesIt) {
  PoseSequence s = numbered(vision::Layout::MoveNet13);
  s.x.pop_back();
  EXPECT_THROW(to_coco17(s), Error);
}

}  // namespace
}  // namespace podium::action
