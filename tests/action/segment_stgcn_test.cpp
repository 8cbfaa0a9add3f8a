// Sliding-window segmentation with the deep model: a recording stitched from fresh synthetic
// clips (wrist_clips.hpp) comes back as its clips' segments.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "action/wrist_clips.hpp"
#include "action/wrist_model.hpp"
#include "podium/action/segment.hpp"
#include "podium/action/segment_metrics.hpp"

namespace podium::action {
namespace {

TEST(SegmentationWithStgcn, RecoversStitchedClips) {
  const char* order[] = {"vertical", "vertical", "sideways", "vertical", "sideways",
                         "sideways", "sideways", "vertical", "sideways", "vertical"};
  std::vector<PoseSequence> clips;
  std::uint64_t seed = 20000;
  for (const char* label : order)
    clips.push_back(testing::wrist_clip(label, seed++, 24));
  const PoseSequence recording = testing::stitch(clips, "recording");
  const ActionClassifier& model = testing::wrist_model();
  const auto classify = [&](const PoseSequence& w) { return model.probabilities(w); };
  const Segmentation g = segment_sequence(recording, model.classes(), classify,
                                          {.window = 16, .stride = 4, .min_frames = 8});
  const SegmentScores s = segment_scores(frame_labels(recording), g.frame_labels);
  std::printf(
      "stitched synthetic: %zu frames, %zu windows, frame accuracy %.3f, edit %.3f, "
      "F1@50 %.3f (%zu segments, %zu true)\n",
      recording.frames, g.windows, s.frame_accuracy, s.edit, s.f1_at_50, s.predicted_segments,
      s.true_segments);
  EXPECT_GE(s.frame_accuracy, 0.85);
  EXPECT_GE(s.f1_at_50, 0.8);
  EXPECT_GE(s.edit, 0.8);
}

}  // namespace
}  // namespace podium::action
