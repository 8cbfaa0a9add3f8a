// The deep action classifier: a two-stream ST-GCN (joints and bones, logits averaged) trained in
// C++ on labelled pose sequences, saved in learn's model container with its model card. Its
// header does not include libtorch; podium_action_torch implements it.
//
// Contract: every sequence is normalised first (normalize.hpp, options in the card) and
// resampled to `frames` frames (the network input, src/action/torch/input.hpp). Training needs
// labelled sequences of one layout and at least two classes; the classes are the sorted distinct
// labels. The validation set is held out by group (a group's sequences stay on one side, so a
// source video never feeds both), or by sequence when there is one group; training stops when
// validation accuracy has not improved for `patience` epochs and keeps the best epoch's weights.
// The same sequences, options and seed at one thread give the same weights. Errors:
// Error(InvalidInput) for bad options or data (naming the sequence), Error(Model) for a saved
// model of another kind or a sequence in another layout than the model's.
//
//   ActionClassifier m = ActionClassifier::train(clips, {.frames = 32, .seed = 7});
//   std::vector<double> p = m.probabilities(clip);  // one per m.classes()
//   write_file_atomic(path, m.save());
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "podium/action/normalize.hpp"
#include "podium/action/sequence.hpp"

namespace podium::action {

struct ClassifierOptions {
  std::vector<std::int64_t> channels = {32, 32, 64, 64};  // one ST-GCN block each
  std::int64_t frames = 32;                               // each sequence resampled to this
  bool bones = true;                                      // add the bone stream
  NormalizeOptions normalize;
  int max_epochs = 200;
  int patience = 20;
  std::int64_t batch = 16;
  double learning_rate = 1e-3;
  double weight_decay = 1e-4;
  double dropout = 0.1;
  double validation_fraction = 0.2;
  std::uint64_t seed = 42;
  int threads = 1;
};

// After each epoch: its number (from 0), the mean training loss, the validation accuracy.
using TrainingProgress =
    std::function<void(int epoch, int max_epochs, double loss, double validation_accuracy)>;

class ActionClassifier {
 public:
  static ActionClassifier train(std::span<const PoseSequence> sequences,
                                const ClassifierOptions& options,
                                const TrainingProgress& progress = {});
  static ActionClassifier load(std::string_view bytes);

  ActionClassifier(ActionClassifier&&) noexcept;
  ActionClassifier& operator=(ActionClassifier&&) noexcept;
  ~ActionClassifier();

  std::string save() const;
  const std::vector<std::string>& classes() const;
  vision::Layout layout() const;
  // The model card: kind, classes, layout, options, data summary, validation curve, date.
  const nlohmann::json& card() const;

  std::vector<double> probabilities(const PoseSequence& sequence) const;  // softmax, per class
  // The pooled features of the last block of each stream, concatenated (few-shot prototypes).
  std::vector<float> embedding(const PoseSequence& sequence) const;

  // Internal (src/action/torch/classifier_impl.hpp): the network, for podium_action_torch's
  // attributions; an incomplete type everywhere else.
  struct Impl;
  Impl& impl() const { return *impl_; }

 private:
  explicit ActionClassifier(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace podium::action
