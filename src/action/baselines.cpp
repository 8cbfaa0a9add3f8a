#include "podium/action/baselines.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "podium/action/balance.hpp"
#include "podium/action/features.hpp"

namespace podium::action {
namespace {

std::size_t baselines_class_of(const std::vector<std::string>& classes, const std::string& label) {
  return static_cast<std::size_t>(std::lower_bound(classes.begin(), classes.end(), label) -
                                  classes.begin());
}

class KnnDtwModel final : public ActionModel {
 public:
  explicit KnnDtwModel(const KnnOptions& options) : options_(options) { validate(options); }
  std::string name() const override { return "knn-dtw"; }
  void fit(std::span<const PoseSequence> train, const std::vector<std::string>& classes) override {
    classes_ = classes;
    knn_.emplace(KnnDtw::train(train, options_));
  }
  std::vector<double> predict(std::span<const PoseSequence> sequences) const override {
    std::vector<double> out(sequences.size() * classes_.size(), 0.0);
    for (std::size_t i = 0; i < sequences.size(); ++i) {
      const std::vector<double> p = knn_->probabilities(sequences[i]);
      for (std::size_t c = 0; c < p.size(); ++c)
        out[i * classes_.size() + baselines_class_of(classes_, knn_->classes()[c])] = p[c];
    }
    return out;
  }

 private:
  KnnOptions options_;
  std::vector<std::string> classes_;
  std::optional<KnnDtw> knn_;
};

learn::ClassDataset baselines_dataset(std::span<const PoseSequence> sequences,
                                      const std::vector<std::string>& classes, bool balanced) {
  learn::ClassDataset d;
  d.name = "training set";
  d.feature_names = feature_names();
  d.x = feature_matrix(sequences);
  std::vector<std::string> labels;
  for (const PoseSequence& s : sequences) {
    d.labels.push_back(static_cast<float>(baselines_class_of(classes, s.label)));
    labels.push_back(s.label);
  }
  if (balanced) {
    for (const double w : balanced_weights(labels))
      d.weights.push_back(static_cast<float>(w));
  }
  return d;
}

class XgboostModel final : public ActionModel {
 public:
  explicit XgboostModel(const XgbBaselineOptions& options) : options_(options) {
    learn::validate(options.classifier);
  }
  std::string name() const override { return "xgboost"; }
  void fit(std::span<const PoseSequence> train, const std::vector<std::string>& classes) override {
    model_.emplace(learn::XgbClassifier::train(baselines_dataset(train, classes, options_.balanced),
                                               classes, options_.classifier));
  }
  std::vector<double> predict(std::span<const PoseSequence> sequences) const override {
    const std::vector<float> p = model_->predict(feature_matrix(sequences), sequences.size());
    return {p.begin(), p.end()};
  }

 private:
  XgbBaselineOptions options_;
  std::optional<learn::XgbClassifier> model_;
};

}  // namespace

std::unique_ptr<ActionModel> make_knn_dtw_model(const KnnOptions& options) {
  return std::make_unique<KnnDtwModel>(options);
}

std::unique_ptr<ActionModel> make_xgboost_model(const XgbBaselineOptions& options) {
  return std::make_unique<XgboostModel>(options);
}

std::vector<FeatureImportance> xgboost_importances(std::span<const PoseSequence> sequences,
                                                   const XgbBaselineOptions& options) {
  const std::vector<std::string> classes = class_names(sequences);
  const learn::ClassDataset d = baselines_dataset(sequences, classes, options.balanced);
  const learn::XgbClassifier m = learn::XgbClassifier::train(d, classes, options.classifier);
  const std::vector<double> gain = m.gain_importance();
  const std::vector<float> shap = m.contributions(d.x, d.rows());
  const std::size_t features = d.features(), block = features + 1;
  std::vector<FeatureImportance> out(features);
  for (std::size_t f = 0; f < features; ++f) {
    out[f].feature = d.feature_names[f];
    out[f].gain = gain[f];
  }
  for (std::size_t r = 0; r < d.rows(); ++r)
    for (std::size_t c = 0; c < classes.size(); ++c)
      for (std::size_t f = 0; f < features; ++f)
        out[f].mean_abs_shap += std::abs(shap[(r * classes.size() + c) * block + f]);
  const auto n = static_cast<double>(d.rows() * classes.size());
  for (FeatureImportance& i : out)
    i.mean_abs_shap /= n;
  std::sort(out.begin(), out.end(), [](const FeatureImportance& a, const FeatureImportance& b) {
    return a.mean_abs_shap > b.mean_abs_shap ||
           (a.mean_abs_shap == b.mean_abs_shap && a.feature < b.feature);
  });
  return out;
}

}  // namespace podium::action
