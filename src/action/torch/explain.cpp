#include "podium/action/explain.hpp"

#include <algorithm>
#include <string>

#include "classifier_impl.hpp"
#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/learn/torch/integrated_gradients.hpp"

namespace podium::action {
namespace {

std::size_t explain_target(const std::vector<std::string>& classes, const std::vector<double>& p,
                           const ExplainOptions& o, const std::string& sequence) {
  if (o.target.empty()) {
    return static_cast<std::size_t>(std::max_element(p.begin(), p.end()) - p.begin());
  }
  const auto it = std::find(classes.begin(), classes.end(), o.target);
  if (it == classes.end()) {
    std::string known;
    for (const std::string& c : classes)
      known.append(known.empty() ? "" : ", ").append(c);
    throw Error(ErrorKind::InvalidInput,
                Place{.source = sequence, .field = "class", .value = o.target},
                "is not a class of the model (" + known + ")");
  }
  return static_cast<std::size_t>(it - classes.begin());
}

}  // namespace

ActionAttribution explain(const ActionClassifier& model, const PoseSequence& sequence,
                          const ExplainOptions& options) {
  require_option(options.steps >= 1 && options.steps <= kExplainSteps, "actions explain", "steps",
                 options.steps, "must be within 1..1024");
  ActionClassifier::Impl& m = model.impl();
  ActionAttribution a{.sequence = sequence.id,
                      .label = sequence.label,
                      .layout = sequence.layout,
                      .fps = sequence.fps,
                      .classes = model.classes(),
                      .probabilities = model.probabilities(sequence)};
  a.target = explain_target(a.classes, a.probabilities, options, sequence.id);
  a.baseline = options.baseline;
  a.steps = options.steps;

  const torch::Tensor x = m.one(sequence);  // [1, 3, T, V]
  const torch::Tensor x0 = options.baseline == AttributionBaseline::Zero
                               ? torch::zeros_like(x)
                               : x.mean(2, true).expand_as(x).contiguous();
  const std::int64_t frames = x.size(2), keypoints = x.size(3), width = 3 * frames * keypoints;
  const bool bones = static_cast<bool>(m.bones);
  // One input row holds both streams, so the bone stream's share is attributed to bone inputs
  // rather than hidden in the joints' gradients through bone = joint - parent.
  const auto row = [&](const torch::Tensor& joints) {
    return bones ? torch::cat({joints.flatten(1), m.bone_stream(joints).flatten(1)}, 1)
                 : joints.flatten(1);
  };
  const auto target = static_cast<std::int64_t>(a.target);
  const auto f = [&](const torch::Tensor& z) {
    torch::Tensor out = m.joints->forward(z.slice(1, 0, width).view({-1, 3, frames, keypoints}));
    if (bones) {
      out =
          (out + m.bones->forward(z.slice(1, width, 2 * width).view({-1, 3, frames, keypoints}))) /
          2;
    }
    return out.select(1, target);
  };
  const learn::IntegratedGradients ig =
      learn::integrated_gradients(f, row(x), row(x0), options.steps);

  a.frames = static_cast<std::size_t>(frames);
  a.keypoints = static_cast<std::size_t>(keypoints);
  a.values.assign(a.frames * a.keypoints, 0.0);
  const std::size_t plane = a.frames * a.keypoints;
  for (std::size_t i = 0; i < ig.attributions.size(); ++i) {
    const double v = ig.attributions[i];
    a.values[i % plane] += v;
    (i < 3 * plane ? a.joint_stream : a.bone_stream) += v;
  }
  const double last = static_cast<double>(sequence.frames - 1);
  for (std::size_t t = 0; t < a.frames; ++t)
    a.source_frame.push_back(last * static_cast<double>(t) / static_cast<double>(a.frames - 1));
  a.score = ig.score;
  a.baseline_score = ig.baseline_score;
  return a;
}

}  // namespace podium::action
