#include "podium/learn/xgboost_classifier.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <utility>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/learn/model_container.hpp"
#include "podium/learn/training.hpp"
#include "podium/learn/xgboost.hpp"

namespace podium::learn {
namespace {

constexpr const char* kKind = "xgboost-softprob";
constexpr int kFormatVersion = 1;
constexpr const char* kOptionsOwner = "xgboost classifier options";

[[noreturn]] void bad_row(const ClassDataset& d, std::size_t row, const char* field,
                          const std::string& rule) {
  throw Error(ErrorKind::InvalidInput, Place{.source = d.name, .record = row, .field = field},
              rule);
}

void configure(xgb::Booster& b, const XgbClassifierOptions& o, std::size_t classes) {
  b.set_param("objective", "multi:softprob");
  b.set_param("num_class", std::to_string(classes));
  b.set_param("eval_metric", "mlogloss");
  b.set_tree_params(o.tree);
}

// DMatrix cannot move: made where it lives, then given its rows' labels and weights.
void set_targets(xgb::DMatrix& m, const ClassDataset& d) {
  m.set_labels(d.labels);
  if (!d.weights.empty()) m.set_weights(d.weights);
}

nlohmann::json options_json(const XgbClassifierOptions& o) {
  nlohmann::json j = xgb::params_json(o.tree);
  j["rounds"] = o.rounds;
  j["early_stopping_rounds"] = o.early_stopping_rounds;
  return j;
}

}  // namespace

void check(const ClassDataset& d, std::size_t classes) {
  if (d.x.size() != d.rows() * d.features()) {
    throw Error(ErrorKind::InvalidInput, Place{.source = d.name, .field = "x"},
                "holds " + std::to_string(d.x.size()) + " values, expected rows x features = " +
                    std::to_string(d.rows()) + " x " + std::to_string(d.features()));
  }
  for (std::size_t r = 0; r < d.rows(); ++r) {
    const float label = d.labels[r];
    if (!(label >= 0 && label < static_cast<float>(classes) && label == std::floor(label))) {
      bad_row(d, r, "label",
              "must be a class index 0.." + std::to_string(classes - 1) + ", got " +
                  number_text(label));
    }
  }
  if (d.weights.empty()) return;
  if (d.weights.size() != d.rows()) {
    throw Error(ErrorKind::InvalidInput, Place{.source = d.name, .field = "weights"},
                "holds " + std::to_string(d.weights.size()) + " values, expected one per row (" +
                    std::to_string(d.rows()) + ")");
  }
  for (std::size_t r = 0; r < d.rows(); ++r) {
    if (!(std::isfinite(d.weights[r]) && d.weights[r] >= 0))
      bad_row(d, r, "weight", "must be finite and >= 0, got " + number_text(d.weights[r]));
  }
}

void validate(const XgbClassifierOptions& o) {
  require_option(o.rounds >= 1 && o.rounds <= 100000, kOptionsOwner, "rounds", o.rounds,
                 "must be in 1..100000");
  xgb::validate(o.tree, kOptionsOwner);
  require_option(o.early_stopping_rounds >= 0, kOptionsOwner, "early_stopping_rounds",
                 o.early_stopping_rounds, "must be >= 0");
}

struct XgbClassifier::Impl {
  xgb::Booster booster;
  nlohmann::json card;
  std::vector<std::string> feature_names;
  std::vector<std::string> class_names;
  int nthread = 1;

  xgb::Prediction run(std::span<const float> x, std::size_t rows, xgb::PredictType type,
                      std::size_t per_row) const {
    check_matrix(x, rows, feature_names.size());
    if (rows == 0) return {};
    const xgb::DMatrix d(x, rows, feature_names.size(), nthread);
    xgb::Prediction p = booster.predict(d, type);
    PODIUM_ASSERT(p.values.size() == rows * per_row);
    return p;
  }
};

XgbClassifier::XgbClassifier(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
XgbClassifier::XgbClassifier(XgbClassifier&&) noexcept = default;
XgbClassifier& XgbClassifier::operator=(XgbClassifier&&) noexcept = default;
XgbClassifier::~XgbClassifier() = default;

XgbClassifier XgbClassifier::train(const ClassDataset& train,
                                   const std::vector<std::string>& class_names,
                                   const XgbClassifierOptions& options,
                                   const ClassDataset* validation) {
  validate(options);
  if (class_names.size() < 2) {
    throw Error(ErrorKind::InvalidInput, Place{.field = "class_names"},
                "a classifier needs at least 2 classes, got " + std::to_string(class_names.size()));
  }
  check(train, class_names.size());
  if (train.rows() == 0)
    throw Error(ErrorKind::InvalidInput, Place{.source = train.name}, "has no rows");
  if (validation != nullptr) {
    check(*validation, class_names.size());
    check_feature_names(train.feature_names, validation->feature_names, validation->name);
  }
  const auto start = std::chrono::steady_clock::now();
  xgb::DMatrix dtrain(train.x, train.rows(), train.features(), options.tree.nthread);
  set_targets(dtrain, train);
  std::unique_ptr<xgb::DMatrix> dvalid;
  if (validation != nullptr && validation->rows() > 0) {
    dvalid = std::make_unique<xgb::DMatrix>(validation->x, validation->rows(),
                                            validation->features(), options.tree.nthread);
    set_targets(*dvalid, *validation);
  }
  xgb::Booster booster =
      dvalid != nullptr ? xgb::Booster({&dtrain, dvalid.get()}) : xgb::Booster({&dtrain});
  configure(booster, options, class_names.size());

  const bool early = dvalid != nullptr && options.early_stopping_rounds > 0;
  EarlyStopping stopping(early ? options.early_stopping_rounds : 0);
  for (int round = 0; round < options.rounds; ++round) {
    booster.update(round, dtrain);
    if (dvalid == nullptr) continue;
    // EarlyStopping keeps the highest score: the loss goes in negated.
    if (stopping.record(round, -booster.eval(round, *dvalid, "valid")) ==
        EarlyStopping::Verdict::Stop)
      break;
  }
  if (early && stopping.best_epoch() + 1 < booster.boosted_rounds())
    booster = booster.slice(stopping.best_epoch() + 1);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  nlohmann::json training = {{"rows", train.rows()},
                             {"rounds", booster.boosted_rounds()},
                             {"weighted", !train.weights.empty()},
                             {"seconds", seconds}};
  if (dvalid != nullptr) {
    std::vector<double> losses;
    for (double score : stopping.curve())
      losses.push_back(-score);
    training["validation_rows"] = validation->rows();
    training["best_round"] = stopping.best_epoch();
    training["validation_mlogloss"] = -stopping.best_score();
    training["validation_curve"] = losses;
  }
  nlohmann::json card = {{"kind", kKind},
                         {"format_version", kFormatVersion},
                         {"library", "xgboost " + xgb::version()},
                         {"objective", "multi:softprob"},
                         {"feature_names", train.feature_names},
                         {"class_names", class_names},
                         {"options", options_json(options)},
                         {"training", training}};
  return XgbClassifier(
      std::make_unique<Impl>(Impl{std::move(booster), std::move(card), train.feature_names,
                                  class_names, options.tree.nthread}));
}

XgbClassifier XgbClassifier::load(std::string_view bytes,
                                  const std::vector<std::string>& expected_features) {
  SavedModel c = unpack_model(bytes, kKind);
  std::vector<std::string> features = feature_names_from_card(c.card);
  check_feature_names(features, expected_features, "the caller's features");
  std::vector<std::string> classes = strings_from_card(c.card, "class_names");
  if (classes.size() < 2) {
    throw Error(ErrorKind::Format, Place{.source = "model card", .field = "class_names"},
                "a classifier needs at least 2 classes, got " + std::to_string(classes.size()));
  }
  // UBJSON and JSON models both open with '{'; anything else would reach XGBoost's deprecated
  // binary parser, which does not bound its counts.
  if (c.payload.empty() || c.payload.front() != '{') {
    throw Error(ErrorKind::Format,
                "xgboost classifier: payload is not an XGBoost JSON/UBJSON model");
  }
  xgb::Booster booster = xgb::Booster::from_bytes(c.payload);
  if (booster.num_features() != features.size()) {
    throw Error(ErrorKind::Model,
                "xgboost classifier: booster has " + std::to_string(booster.num_features()) +
                    " features, its card names " + std::to_string(features.size()));
  }
  // The saved model carries no runtime configuration: without this XGBoost uses every core.
  booster.set_param("nthread", "1");
  // The booster's class count shows in the shape of one prediction.
  const std::vector<float> probe(features.size(), std::numeric_limits<float>::quiet_NaN());
  const xgb::DMatrix one(probe, 1, features.size(), 1);
  const xgb::Prediction p = booster.predict(one, xgb::PredictType::Value);
  if (p.values.size() != classes.size()) {
    throw Error(ErrorKind::Model, "xgboost classifier: booster gives " +
                                      std::to_string(p.values.size()) +
                                      " values per row, its card names " +
                                      std::to_string(classes.size()) + " classes");
  }
  return XgbClassifier(std::make_unique<Impl>(
      Impl{std::move(booster), std::move(c.card), std::move(features), std::move(classes), 1}));
}

std::vector<float> XgbClassifier::predict(std::span<const float> x, std::size_t rows) const {
  return impl_->run(x, rows, xgb::PredictType::Value, classes()).values;
}

std::vector<float> XgbClassifier::margins(std::span<const float> x, std::size_t rows) const {
  return impl_->run(x, rows, xgb::PredictType::Margin, classes()).values;
}

std::vector<float> XgbClassifier::contributions(std::span<const float> x, std::size_t rows) const {
  return impl_->run(x, rows, xgb::PredictType::Contributions, classes() * (features() + 1)).values;
}

std::vector<double> XgbClassifier::gain_importance() const {
  return impl_->booster.gain_importance();
}

std::string XgbClassifier::save() const {
  return pack_model(impl_->card, impl_->booster.save_ubjson());
}

const nlohmann::json& XgbClassifier::card() const {
  return impl_->card;
}

const std::vector<std::string>& XgbClassifier::feature_names() const {
  return impl_->feature_names;
}

const std::vector<std::string>& XgbClassifier::class_names() const {
  return impl_->class_names;
}

}  // namespace podium::learn
