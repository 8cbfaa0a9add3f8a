#include "podium/rank/xgboost_ranker.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/learn/model_container.hpp"
#include "podium/learn/training.hpp"
#include "podium/learn/xgboost.hpp"

namespace podium::rank {
namespace {

namespace xgb = learn::xgb;

constexpr const char* kKind = "xgboost-lambdamart";
constexpr int kFormatVersion = 1;

template <typename T>
void require(bool ok, const char* field, const T& value, const char* rule) {
  require_option(ok, "xgboost ranker options", field, value, rule);
}

nlohmann::json options_json(const XgbRankerOptions& o) {
  nlohmann::json j = xgb::params_json(o.tree);
  j["objective"] = objective_name(o.objective);
  j["rounds"] = o.rounds;
  j["early_stopping_rounds"] = o.early_stopping_rounds;
  j["ndcg_at"] = o.ndcg_at;
  return j;
}

void configure(xgb::Booster& b, const XgbRankerOptions& o) {
  b.set_param("objective", objective_name(o.objective));
  b.set_tree_params(o.tree);
  b.set_param("eval_metric", "ndcg@" + std::to_string(o.ndcg_at));
}

}  // namespace

const char* objective_name(XgbObjective objective) {
  return objective == XgbObjective::Ndcg ? "rank:ndcg" : "rank:pairwise";
}

void validate(const XgbRankerOptions& o) {
  require(o.rounds >= 1 && o.rounds <= 100000, "rounds", o.rounds, "must be in 1..100000");
  xgb::validate(o.tree, "xgboost ranker options");
  require(o.early_stopping_rounds >= 0, "early_stopping_rounds", o.early_stopping_rounds,
          "must be >= 0");
  require(o.ndcg_at >= 1 && o.ndcg_at <= 1000, "ndcg_at", o.ndcg_at, "must be in 1..1000");
}

struct XgbRanker::Impl {
  xgb::Booster booster;
  nlohmann::json card;
  std::vector<std::string> feature_names;
  int nthread = 1;
};

XgbRanker::XgbRanker(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
XgbRanker::XgbRanker(XgbRanker&&) noexcept = default;
XgbRanker& XgbRanker::operator=(XgbRanker&&) noexcept = default;
XgbRanker::~XgbRanker() = default;

XgbRanker XgbRanker::train(const RankDataset& train, const XgbRankerOptions& options,
                           const RankDataset* validation) {
  validate(options);
  check_dataset(train, "training set");
  if (validation != nullptr) {
    check_dataset(*validation, "validation set");
    learn::check_feature_names(train.feature_names, validation->feature_names,
                               "the validation set");
  }
  const auto start = std::chrono::steady_clock::now();

  xgb::DMatrix dtrain(train.x, train.rows(), train.features(), options.tree.nthread);
  dtrain.set_labels(train.labels);
  dtrain.set_groups(train.query_offsets);
  std::unique_ptr<xgb::DMatrix> dvalid;
  if (validation != nullptr) {
    dvalid = std::make_unique<xgb::DMatrix>(validation->x, validation->rows(),
                                            validation->features(), options.tree.nthread);
    dvalid->set_labels(validation->labels);
    dvalid->set_groups(validation->query_offsets);
  }
  xgb::Booster booster =
      dvalid != nullptr ? xgb::Booster({&dtrain, dvalid.get()}) : xgb::Booster({&dtrain});
  configure(booster, options);

  const bool early = dvalid != nullptr && options.early_stopping_rounds > 0;
  learn::EarlyStopping stopping(early ? options.early_stopping_rounds : 0);
  for (int round = 0; round < options.rounds; ++round) {
    booster.update(round, dtrain);
    if (dvalid == nullptr) continue;
    const double score = booster.eval(round, *dvalid, "valid");
    if (stopping.record(round, score) == learn::EarlyStopping::Verdict::Stop) break;
  }
  const int best_round = stopping.best_epoch();
  if (early && best_round + 1 < booster.boosted_rounds()) booster = booster.slice(best_round + 1);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  auto impl = std::make_unique<Impl>(
      Impl{std::move(booster), {}, train.feature_names, options.tree.nthread});
  nlohmann::json training = {{"rows", train.rows()},
                             {"queries", train.queries()},
                             {"rounds", impl->booster.boosted_rounds()},
                             {"seconds", seconds}};
  if (validation != nullptr) {
    training["validation_rows"] = validation->rows();
    training["validation_queries"] = validation->queries();
    training["best_round"] = best_round;
    training["validation_ndcg"] = stopping.best_score();
    training["validation_curve"] = stopping.curve();
  }
  impl->card = {{"kind", kKind},
                {"format_version", kFormatVersion},
                {"library", "xgboost " + xgb::version()},
                {"gain", "exponential 2^label - 1 (XGBoost 1.7 rank:ndcg and ndcg@k)"},
                {"feature_names", train.feature_names},
                {"options", options_json(options)},
                {"seed", options.tree.seed},
                {"training", training}};
  return XgbRanker(std::move(impl));
}

XgbRanker XgbRanker::load(std::string_view bytes,
                          const std::vector<std::string>& expected_features) {
  learn::SavedModel c = learn::unpack_model(bytes, kKind);
  std::vector<std::string> names = learn::feature_names_from_card(c.card);
  learn::check_feature_names(names, expected_features, "the caller's features");
  // UBJSON and JSON models both open with '{'; anything else would reach XGBoost's deprecated
  // binary parser, which does not bound its counts.
  if (c.payload.empty() || c.payload.front() != '{') {
    throw Error(ErrorKind::Format, "xgboost ranker: payload is not an XGBoost JSON/UBJSON model");
  }
  xgb::Booster booster = xgb::Booster::from_bytes(c.payload);
  if (booster.num_features() != names.size()) {
    throw Error(ErrorKind::Model, "xgboost ranker: booster has " +
                                      std::to_string(booster.num_features()) +
                                      " features, its card names " + std::to_string(names.size()));
  }
  int nthread = 1;
  if (const auto o = c.card.find("options");
      o != c.card.end() && o->contains("nthread") && (*o)["nthread"].is_number_integer()) {
    nthread = std::clamp((*o)["nthread"].get<int>(), 1, 256);
  }
  // The saved model carries no runtime configuration: without this XGBoost uses every core.
  booster.set_param("nthread", std::to_string(nthread));
  return XgbRanker(std::make_unique<Impl>(
      Impl{std::move(booster), std::move(c.card), std::move(names), nthread}));
}

std::vector<float> XgbRanker::predict(std::span<const float> x, std::size_t rows) const {
  learn::check_matrix(x, rows, features());
  if (rows == 0) return {};
  const xgb::DMatrix d(x, rows, features(), impl_->nthread);
  xgb::Prediction p = impl_->booster.predict(d, xgb::PredictType::Margin);
  PODIUM_ASSERT(p.values.size() == rows);
  return std::move(p.values);
}

std::vector<float> XgbRanker::predict(const RankDataset& data) const {
  learn::check_feature_names(feature_names(), data.feature_names, "the dataset");
  return predict(data.x, data.rows());
}

std::vector<float> XgbRanker::contributions(std::span<const float> x, std::size_t rows) const {
  learn::check_matrix(x, rows, features());
  if (rows == 0) return {};
  const xgb::DMatrix d(x, rows, features(), impl_->nthread);
  xgb::Prediction p = impl_->booster.predict(d, xgb::PredictType::Contributions);
  PODIUM_ASSERT(p.values.size() == rows * (features() + 1));
  return std::move(p.values);
}

std::vector<double> XgbRanker::importance(std::span<const float> x, std::size_t rows) const {
  const std::vector<float> shap = contributions(x, rows);
  const std::size_t width = features() + 1;
  std::vector<double> mean(features(), 0.0);
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t f = 0; f < features(); ++f)
      mean[f] += std::fabs(shap[i * width + f]);
  }
  if (rows > 0) {
    for (double& m : mean)
      m /= static_cast<double>(rows);
  }
  return mean;
}

std::string XgbRanker::save() const {
  return learn::pack_model(impl_->card, impl_->booster.save_ubjson());
}

const nlohmann::json& XgbRanker::card() const {
  return impl_->card;
}

const std::vector<std::string>& XgbRanker::feature_names() const {
  return impl_->feature_names;
}

}  // namespace podium::rank
