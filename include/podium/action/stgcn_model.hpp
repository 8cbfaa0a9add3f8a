// The ST-GCN (classifier.hpp) as an evaluation model (evaluation.hpp), in podium_action_torch.
//
// Contract: fit trains ActionClassifier::train(train, options) from scratch, with the training
// sequences' groups cleared so that its validation split for early stopping (classifier.hpp) is
// by sequence: the evaluation's folds already keep every test group unseen, and holding out a
// whole group as well would leave one video of two to learn from in the tennis folds; predict
// gives its softmax probabilities placed at the evaluation's classes (0 for a class the training
// sequences lacked). `progress`, when set, is passed to every training. Errors: the classifier's.
//
//   auto stgcn = make_stgcn_model({.frames = 32, .seed = 7});
//   const Evaluation e = evaluate(*stgcn, clips, folds);
#pragma once

#include <memory>

#include "podium/action/classifier.hpp"
#include "podium/action/evaluation.hpp"

namespace podium::action {

std::unique_ptr<ActionModel> make_stgcn_model(const ClassifierOptions& options,
                                              const TrainingProgress& progress = {});

}  // namespace podium::action
