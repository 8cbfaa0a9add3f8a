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
// Each epoch every training sequence is drawn through augment() (augment.hpp) on its normalised,
// hip-centred form (so the pivot is the body's centre) with a seed derived from `seed`, the epoch
// and the sequence; validation sequences never are. With `balance` every class is oversampled to
// the largest each epoch (balance.hpp). `checkpoint`, when set, receives the saved bytes of the
// model as it stands whenever validation accuracy improves (what save() would write had training
// stopped there), so a caller can keep the best model so far on disk.
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
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "podium/action/augment.hpp"
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
  // Drawn anew per training sequence and epoch; nullopt: the sequences as they are. Mirroring
  // swaps left and right (a right-hander's forehand becomes a left-hander's): fine for most
  // actions, wrong when a class names a side (then set mirror_probability to 0).
  std::optional<AugmentOptions> augment = AugmentOptions{.pivot = Pivot::Origin};
  bool balance = false;  // oversample every class to the largest, each epoch
  // Called with the model's saved bytes and the epoch whenever validation accuracy improves.
  std::function<void(const std::string& model, int epoch)> checkpoint;
  // The card's training date, seconds since 1970 UTC; nullopt: now. Reproducible builds pin it.
  std::optional<double> trained_utc_s;
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

  struct Impl;

 private:
  explicit ActionClassifier(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace podium::action
