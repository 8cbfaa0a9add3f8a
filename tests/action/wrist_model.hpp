// A small two-stream ST-GCN trained once per test binary on wrist_clips.hpp's clips (16 frames,
// "vertical" / "sideways"): the model the attribution and segmentation tests read.
#pragma once

#include "action/wrist_clips.hpp"
#include "podium/action/classifier.hpp"

namespace podium::action::testing {

inline const ActionClassifier& wrist_model() {
  static const ActionClassifier model =
      ActionClassifier::train(wrist_clips(1000, 24), ClassifierOptions{.channels = {8, 16},
                                                                       .frames = 16,
                                                                       .max_epochs = 40,
                                                                       .patience = 10,
                                                                       .learning_rate = 3e-3,
                                                                       .seed = 5});
  return model;
}

}  // namespace podium::action::testing
