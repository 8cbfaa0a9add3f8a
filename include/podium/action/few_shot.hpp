// Few-shot classes on a trained deep action classifier: a class is added from a handful of
// examples (5 or 10 clips) without retraining, as the nearest prototype in the classifier's
// embedding space (prototypes.hpp). Implemented in podium_action_torch; no libtorch here.
//
// Contract: a model from ActionClassifier::train carries one prototype per training class (the
// mean embedding of every sequence it was trained and validated on, unaugmented: its card's
// "prototypes"). extend() adds one prototype per new label of `examples` (labels the base does
// not have, >= 1 example each, the base's layout) and classifies by the nearest prototype over
// every class, base and new (the classifier's own softmax head is not used: it knows only the
// base classes), measured about the mean of the base prototypes unless `centre` is off.
// probabilities() is the softmax of score / temperature (prototypes.hpp).
// Errors: Error(InvalidInput) naming the sequence or label for bad examples or options; a base
// without prototypes (trained before they were kept) is Error(Model) saying to retrain; a saved
// few-shot model holds its base's bytes and is checked like any learn container (Format, Model).
//
//   FewShotClassifier m = FewShotClassifier::extend(ActionClassifier::load(base), five_lobs);
//   write_file_atomic(out, m.save());
//   std::vector<double> p = m.probabilities(clip);  // one per m.classes(): base classes, then new
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "podium/action/classifier.hpp"
#include "podium/action/prototypes.hpp"
#include "podium/action/sequence.hpp"

namespace podium::action {

struct FewShotOptions {
  Metric metric = Metric::Cosine;
  // Cosine about the mean of the base classes' prototypes (each class once), not about 0.
  bool centre = true;
  double temperature = 0.1;  // of the softmax over prototype scores, > 0
};

class FewShotClassifier {
 public:
  static FewShotClassifier extend(ActionClassifier base, std::span<const PoseSequence> examples,
                                  const FewShotOptions& options = {});
  static FewShotClassifier load(std::string_view bytes);
  // Whether `bytes` are a saved few-shot model (its container's kind), for commands that take a
  // classifier or a few-shot model; other broken bytes throw what unpacking them throws.
  static bool is_saved(std::string_view bytes);

  std::string save() const;
  const std::vector<std::string>& classes() const;
  const std::vector<Prototype>& prototypes() const { return prototypes_; }
  // kind, base classes, added classes with their example counts, metric, temperature.
  const nlohmann::json& card() const { return card_; }
  const ActionClassifier& base() const { return base_; }

  std::vector<double> probabilities(const PoseSequence& sequence) const;
  std::vector<double> scores(const PoseSequence& sequence) const;  // per class, higher is nearer

 private:
  FewShotClassifier(ActionClassifier base, std::vector<Prototype> prototypes,
                    FewShotOptions options, nlohmann::json card);
  ActionClassifier base_;
  std::vector<Prototype> prototypes_;
  std::vector<std::string> classes_;
  std::vector<float> origin_;  // empty: scores about 0
  FewShotOptions options_;
  nlohmann::json card_;
};

}  // namespace podium::action
