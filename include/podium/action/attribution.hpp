// What integrated gradients say about one pose sequence and one class of the deep action model
// (explain.hpp computes it): an attribution per network frame x keypoint, and its two renderings,
// JSON for machines and an SVG heatmap for people. Pure: no libtorch, no I/O.
//
// Contract: `values` holds frames x keypoints attributions, frame-major, in logit units of the
// target class; they sum to score - baseline_score up to completeness_error(). A frame is a frame
// of the network input (the sequence resampled to the model's `frames`); source_frame[t] is where
// it lies in the sequence's own frames (fractional), and seconds are source_frame / fps when the
// fps is known. Each value sums the x, y and score channels of the joint stream at that keypoint
// and of the bone stream's bone that ends there (the bone from its parent, action/torch/input.hpp):
// a bone is charged to its far end (the root's "bone" is its score channel alone).
//
//   ActionAttribution a = explain(model, sequence, {.steps = 64});
//   write_file_atomic(dir + "/" + name + ".json", attribution_json(a).dump(2));
//   write_file_atomic(dir + "/" + name + ".svg", attribution_svg(a));
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "podium/vision/skeleton.hpp"

namespace podium::action {

// The pose the path of integrated gradients starts from.
enum class AttributionBaseline {
  MeanPose,  // each keypoint at its mean over the sequence's frames: explains the motion
  Zero,      // every keypoint at the mid-hip and not seen: explains pose and motion together
};
const char* baseline_name(AttributionBaseline baseline);  // "mean_pose", "zero"

struct ActionAttribution {
  std::string sequence;  // its id
  std::string label;     // the sequence's own label ("" when unlabelled)
  vision::Layout layout = vision::Layout::Coco17;
  double fps = 0;  // 0: not known
  std::vector<std::string> classes;
  std::vector<double> probabilities;  // per class, at the sequence
  std::size_t target = 0;             // index into classes
  std::size_t frames = 0;             // network frames
  std::size_t keypoints = 0;
  std::vector<double> source_frame;  // per network frame
  std::vector<double> values;        // frames x keypoints, frame-major
  double joint_stream = 0;           // the joint stream's share of the sum
  double bone_stream = 0;            // the bone stream's share
  double score = 0;                  // the target's logit at the sequence
  double baseline_score = 0;         // ... and at the baseline
  AttributionBaseline baseline = AttributionBaseline::MeanPose;
  int steps = 0;

  double completeness_error() const;         // |sum(values) - (score - baseline_score)|
  std::vector<double> per_keypoint() const;  // summed over frames
  std::vector<double> per_frame() const;     // summed over keypoints
};

// {"sequence", "label", "layout", "fps", "classes", "probabilities", "target", "baseline",
//  "steps", "score", "baseline_score", "completeness": {"sum", "expected", "error", "relative"},
//  "streams": {"joints", "bones"}, "keypoints": [names], "frames": [{"index", "source_frame",
//  "seconds" (null without fps)}], "values": [[per keypoint] per frame], "per_keypoint": [...],
//  "per_frame": [...]}.
nlohmann::json attribution_json(const ActionAttribution& attribution);

// A standalone SVG 1.1 document: keypoints down, time across (seconds when the fps is known,
// else source frames), blue for attributions against the target class, red for those for it,
// white at zero, the colour scale symmetric around zero at the largest |value|; a title with the
// sequence, the class and its probability, and a colour bar. Text is XML-escaped.
std::string attribution_svg(const ActionAttribution& attribution);

}  // namespace podium::action
