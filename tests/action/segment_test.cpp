// Sliding-window segmentation with a window classifier whose answer the test controls, the
// segment scores on hand-counted cases, frame ranges and window specs.
#include "podium/action/segment.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "podium/action/segment_metrics.hpp"
#include "podium/core/error.hpp"

namespace podium::action {
namespace {

// A one-keypoint-wide signal: keypoint 0's x holds, per frame, the probability of class "b"
// (else "a"); every other keypoint is still.
PoseSequence signal(const std::vector<float>& b) {
  PoseSequence s{.id = "signal", .fps = 30, .frames = b.size()};
  for (const float v : b) {
    for (std::size_t k = 0; k < 17; ++k) {
      s.x.push_back(k == 0 ? v : 0.0F);
      s.y.push_back(0.0F);
      s.score.push_back(1.0F);
    }
  }
  return s;
}

std::vector<float> runs(std::initializer_list<std::pair<float, std::size_t>> parts) {
  std::vector<float> out;
  for (const auto& [v, n] : parts)
    out.insert(out.end(), n, v);
  return out;
}

// The window's mean signal as p(b).
std::vector<double> mean_signal(const PoseSequence& w) {
  double b = 0;
  for (std::size_t f = 0; f < w.frames; ++f)
    b += w.x[w.at(f, 0)];
  b /= static_cast<double>(w.frames);
  return {1 - b, b};
}

const std::vector<std::string> kAb = {"a", "b"};

TEST(Segmentation, FindsTheSegmentsOfAStitchedSignal) {
  const PoseSequence s = signal(runs({{0.0F, 60}, {1.0F, 45}, {0.0F, 30}, {1.0F, 90}}));
  std::size_t calls = 0;
  const auto classify = [&](const PoseSequence& w) {
    ++calls;
    EXPECT_EQ(w.frames, 20u);
    EXPECT_EQ(w.fps, 30);
    return mean_signal(w);
  };
  const Segmentation g = segment_sequence(s, kAb, classify, {.window = 20, .stride = 5});
  EXPECT_EQ(g.windows, calls);
  EXPECT_EQ(g.windows, 42u) << "starts 0, 5, ..., 205, and none moved: 205 + 20 = 225";
  ASSERT_EQ(g.segments.size(), 4u);
  const std::int64_t edges[] = {0, 60, 105, 135, 225};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(g.segments[i].label, i % 2 ? "b" : "a");
    EXPECT_NEAR(g.segments[i].start, edges[i], 1);
    EXPECT_NEAR(g.segments[i].end, edges[i + 1], 1);
    EXPECT_GT(g.segments[i].probability, 0.7);
    EXPECT_LE(g.segments[i].probability, 1.0);
  }
  PoseSequence truth = s;
  truth.segments = {{0, 60, "a"}, {60, 105, "b"}, {105, 135, "a"}, {135, 225, "b"}};
  const SegmentScores scores = segment_scores(frame_labels(truth), g.frame_labels);
  EXPECT_GE(scores.frame_accuracy, 0.97);
  EXPECT_DOUBLE_EQ(scores.edit, 1.0);
  EXPECT_DOUBLE_EQ(scores.f1_at_50, 1.0);
}

TEST(Segmentation, CoversTheTailAndShortSequences) {
  const PoseSequence s = signal(runs({{0.0F, 23}}));
  std::vector<std::size_t> sizes;
  const auto classify = [&](const PoseSequence& w) {
    sizes.push_back(w.frames);
    return mean_signal(w);
  };
  const Segmentation g = segment_sequence(s, kAb, classify, {.window = 10, .stride = 10});
  EXPECT_EQ(g.windows, 3u) << "0, 10 and the last moved back to 13";
  ASSERT_EQ(g.segments.size(), 1u);
  EXPECT_EQ(g.segments[0].end, 23);
  sizes.clear();
  const Segmentation short_one = segment_sequence(s, kAb, classify, {.window = 60});
  EXPECT_EQ(short_one.windows, 1u);
  EXPECT_EQ(sizes, std::vector<std::size_t>{23});
}

TEST(Segmentation, MergesShortRunsAndMarksBackground) {
  // A 3-frame blip of b inside a, then an unsure stretch.
  const PoseSequence s = signal(runs({{0.0F, 40}, {1.0F, 3}, {0.0F, 40}, {0.5F, 40}}));
  const Segmentation raw = segment_sequence(s, kAb, mean_signal, {.window = 2, .stride = 1});
  EXPECT_EQ(raw.segments.size(), 3u) << "a, the blip, a (the 0.5 stretch ties go to a)";
  const Segmentation merged =
      segment_sequence(s, kAb, mean_signal, {.window = 2, .stride = 1, .min_frames = 10});
  ASSERT_EQ(merged.segments.size(), 1u) << "the blip merged into the a around it";
  const Segmentation unsure = segment_sequence(
      s, kAb, mean_signal, {.window = 2, .stride = 1, .min_frames = 10, .background_below = 0.6});
  ASSERT_EQ(unsure.segments.size(), 2u);
  EXPECT_EQ(unsure.segments[1].label, "background");
  EXPECT_NEAR(unsure.segments[1].start, 84, 1);
  EXPECT_NEAR(unsure.segments[1].probability, 0.5, 0.02);
}

TEST(Segmentation, RefusesBadOptionsAndClassifiers) {
  const PoseSequence s = signal(runs({{0.0F, 30}}));
  EXPECT_THROW(segment_sequence(s, kAb, mean_signal, {.window = 1}), Error);
  EXPECT_THROW(segment_sequence(s, kAb, mean_signal, {.window = 10, .stride = 11}), Error);
  EXPECT_THROW(segment_sequence(s, kAb, mean_signal, {.window = 10, .min_frames = 0}), Error);
  EXPECT_THROW(segment_sequence(s, kAb, mean_signal, {.window = 10, .background_below = 1.5}),
               Error);
  EXPECT_THROW(segment_sequence(s, {}, mean_signal, {.window = 10}), Error);
  EXPECT_THROW(segment_sequence(s, kAb, mean_signal, {.window = 10, .background = "a"}), Error);
  const auto three = [](const PoseSequence&) { return std::vector<double>{0.2, 0.3, 0.5}; };
  try {
    segment_sequence(s, kAb, three, {.window = 10});
    ADD_FAILURE() << "took 3 probabilities for 2 classes";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Model);
  }
}

TEST(Segmentation, FrameRangeKeepsWhatOverlaps) {
  PoseSequence s = signal(runs({{0.0F, 10}, {1.0F, 10}}));
  s.segments = {{0, 10, "a"}, {10, 20, "b"}};
  const PoseSequence w = frame_range(s, 5, 15);
  EXPECT_EQ(w.frames, 10u);
  EXPECT_EQ(w.id, "signal@5-15");
  EXPECT_EQ(w.x[w.at(4, 0)], 0.0F);
  EXPECT_EQ(w.x[w.at(5, 0)], 1.0F);
  ASSERT_EQ(w.segments.size(), 2u);
  EXPECT_EQ(w.segments[0].end, 5);
  EXPECT_EQ(w.segments[1].start, 5);
  EXPECT_NO_THROW(validate(w));
  EXPECT_THROW(frame_range(s, 5, 5), Error);
  EXPECT_THROW(frame_range(s, 15, 21), Error);
}

TEST(Segmentation, ReadsWindowsInFramesOrSeconds) {
  EXPECT_EQ(frames_of("45", 0, "--window"), 45u);
  EXPECT_EQ(frames_of("1.5s", 30, "--window"), 45u);
  EXPECT_EQ(frames_of("0.01s", 30, "--window"), 1u);
  for (const char* bad : {"", "s", "-3", "0", "1.5", "abc", "2ss", "nan", "1e99"})
    EXPECT_THROW(frames_of(bad, 30, "--window"), Error) << bad;
  EXPECT_THROW(frames_of("1s", 0, "--window"), Error) << "seconds without an fps";
}

std::vector<std::string> labels(const std::string& letters) {
  std::vector<std::string> out;
  for (const char c : letters)
    out.emplace_back(1, c);
  return out;
}

TEST(SegmentScores, MatchHandCountedCases) {
  const SegmentScores same = segment_scores(labels("aaabbb"), labels("aaabbb"));
  EXPECT_DOUBLE_EQ(same.frame_accuracy, 1);
  EXPECT_DOUBLE_EQ(same.edit, 1);
  EXPECT_DOUBLE_EQ(same.f1_at_50, 1);
  // a [0,2) vs [0,3): IoU 2/3; b [2,6) vs [3,6): IoU 3/4: both hits at 50 %.
  const SegmentScores late = segment_scores(labels("aaabbb"), labels("aabbbb"));
  EXPECT_DOUBLE_EQ(late.frame_accuracy, 5.0 / 6);
  EXPECT_DOUBLE_EQ(late.edit, 1);
  EXPECT_DOUBLE_EQ(late.f1_at_50, 1);
  // Runs a b a b against a b: two insertions over 4 runs; hits: a [0,1) IoU 1/3 (miss at 50,
  // hit at 25), b [1,2) 1/3, a [2,3) 1/3, b [3,6) 1 (hit).
  const SegmentScores split = segment_scores(labels("aaabbb"), labels("ababbb"));
  EXPECT_DOUBLE_EQ(split.edit, 0.5);
  EXPECT_EQ(split.predicted_segments, 4u);
  EXPECT_EQ(split.true_segments, 2u);
  // At 50 %: 1 hit of 4 predicted and 2 true: P = 1/4, R = 1/2, F1 = 1/3.
  EXPECT_NEAR(split.f1_at_50, 1.0 / 3, 1e-12);
  // At 25 %: a [0,1) hits (1/3 >= 1/4), b [1,2) vs [3,6) IoU 0, a [2,3) finds a used, b hits.
  EXPECT_NEAR(split.f1_at_25, 2 * (0.5 * 1.0) / 1.5, 1e-12);
  EXPECT_THROW(segment_scores(labels("ab"), labels("a")), Error);
  EXPECT_THROW(segment_scores({}, {}), Error);
}

}  // namespace
}  // namespace podium::action
