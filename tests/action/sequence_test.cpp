#include "podium/action/sequence.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "podium/core/error.hpp"

namespace podium::action {
namespace {

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

}  // namespace
}  // namespace podium::action
