// Integrated gradients of the deep action model (classifier.hpp) over keypoints x time: why the
// model gave a sequence its class, as an ActionAttribution (attribution.hpp). Implemented in
// podium_action_torch (learn/torch/integrated_gradients.hpp); this header needs no libtorch.
//
// Contract: the sequence is normalised and resampled as for probabilities(); the score is the
// target class's logit (the two streams' logits averaged). Both streams' inputs form one input
// vector, the bone stream's baseline being the bones of the joint baseline, so completeness holds
// for the model as it is: sum of attributions = logit(x) - logit(baseline) up to the quadrature
// error of `steps` trapezoid intervals, which the result reports. target: a class name; empty
// means the predicted class. Errors: Error(InvalidInput) for steps outside 1..kExplainSteps
// (the whole path is one batch, steps + 1 networks wide) or a class the model does not have,
// what probabilities() throws for a sequence it cannot read (Error(Model) for another layout).
//
//   ActionAttribution a = explain(model, sequence, {.target = "serve", .steps = 128});
//   if (a.completeness_error() > 0.01 * std::fabs(a.score - a.baseline_score)) ...
#pragma once

#include <string>

#include "podium/action/attribution.hpp"
#include "podium/action/classifier.hpp"

namespace podium::action {

inline constexpr int kExplainSteps = 1024;

struct ExplainOptions {
  std::string target;  // "" : the predicted class
  int steps = 64;
  AttributionBaseline baseline = AttributionBaseline::MeanPose;
};

ActionAttribution explain(const ActionClassifier& model, const PoseSequence& sequence,
                          const ExplainOptions& options = {});

}  // namespace podium::action
