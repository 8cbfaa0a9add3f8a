#include "podium/action/stgcn_model.hpp"

#include <algorithm>
#include <optional>

namespace podium::action {
namespace {

class StgcnModel final : public ActionModel {
 public:
  StgcnModel(const ClassifierOptions& options, TrainingProgress progress)
      : options_(options), progress_(std::move(progress)) {}
  std::string name() const override { return "stgcn"; }
  void fit(std::span<const PoseSequence> train, const std::vector<std::string>& classes) override {
    classes_ = classes;
    // Validation by sequence: the evaluation already keeps the test groups out, and with two
    // training groups (the tennis folds) a held-out group would take half the training data.
    std::vector<PoseSequence> ungrouped(train.begin(), train.end());
    for (PoseSequence& s : ungrouped)
      s.group.clear();
    model_.emplace(ActionClassifier::train(ungrouped, options_, progress_));
  }
  std::vector<double> predict(std::span<const PoseSequence> sequences) const override {
    std::vector<double> out(sequences.size() * classes_.size(), 0.0);
    const std::vector<std::string>& own = model_->classes();
    for (std::size_t i = 0; i < sequences.size(); ++i) {
      const std::vector<double> p = model_->probabilities(sequences[i]);
      for (std::size_t c = 0; c < p.size(); ++c) {
        const auto at = static_cast<std::size_t>(
            std::lower_bound(classes_.begin(), classes_.end(), own[c]) - classes_.begin());
        out[i * classes_.size() + at] = p[c];
      }
    }
    return out;
  }

 private:
  ClassifierOptions options_;
  TrainingProgress progress_;
  std::vector<std::string> classes_;
  std::optional<ActionClassifier> model_;
};

}  // namespace

std::unique_ptr<ActionModel> make_stgcn_model(const ClassifierOptions& options,
                                              const TrainingProgress& progress) {
  return std::make_unique<StgcnModel>(options, progress);
}

}  // namespace podium::action
