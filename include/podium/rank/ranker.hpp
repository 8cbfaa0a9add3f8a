// One interface for every race ranker (XGBoost LambdaMART, the neural listwise ranker, the
// baselines), created by kind from a small registry, so that callers never name a model library:
// a kind whose library is not loaded is a clear error, and loading libtorch is left to the one
// caller that needs the neural ranker.
//
// Contract: create_ranker(kind) returns an empty ranker of that kind; train() or load() gives it a
// model (baselines need neither: they score from the dataset's own columns, baseline.hpp), then
// score(), explain(), importance(), attributions(), save() and card() use it; calling them before
// is Error(InvalidInput). Scores: one per dataset row, only the order within a query means
// anything. explain(row): per-feature attributions in score units with the method's base and the
// row's score (TreeSHAP for XGBoost: exact, base = the bias; integrated gradients for the neural
// ranker: base = the training-mean rider, completeness_error = the quadrature error; linear
// ranker: coefficient x standardised value, exact, base 0 = the training-mean rider).
// importance(data): mean |attribution| per feature over the rows. attributions(data): rows x
// (features + 1), the last column the base (strategies.hpp's layout). Baselines explain nothing:
// Error(Unsupported). Kinds register their factory with register_ranker (baselines and linear
// are built in;
// XGBoost: register_xgboost_rankers() in xgboost_ranker.hpp; neural:
// podium_register_neural_ranker() in neural_ranker_plugin.hpp); create_ranker of a kind not
// registered is Error(NotFound) naming it. Registration is thread-safe and may repeat. TrueSkill
// scores from the whole results table, not from a dataset's columns: create_ranker(TrueSkill) is
// Error(InvalidInput) pointing to make_trueskill_ranker(table) (rating.hpp).
//
//   register_xgboost_rankers();
//   std::unique_ptr<Ranker> r = create_ranker(*parse_ranker_kind("xgboost"));
//   r->train(fit, &validation, {.seed = 42});  std::vector<float> s = r->score(test);
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "podium/rank/dataset.hpp"

namespace podium::rank {

enum class RankerKind {
  XgboostNdcg,
  XgboostPairwise,
  Neural,
  BaselinePoints,
  BaselineLastEdition,
  TrueSkill,  // rating.hpp: scores from the results table, made by make_trueskill_ranker(table)
  Linear,
};
// "xgboost" (= xgboost-ndcg), "xgboost-ndcg", "xgboost-pairwise", "neural", "baseline"
// (= points_365d), "baseline-last-edition", "trueskill", "linear"; nullopt otherwise.
std::optional<RankerKind> parse_ranker_kind(std::string_view name);
const char* ranker_kind_name(RankerKind kind);  // canonical: "xgboost-ndcg", ...
// Needs neither training nor a saved model, explains nothing: the two baselines and TrueSkill.
bool is_baseline(RankerKind kind);

struct RankerTrainOptions {
  std::uint64_t seed = 42;
  int threads = 1;  // 1..256; 1 keeps training bit-for-bit reproducible
  int rounds = 0;   // XGBoost boosting rounds (upper bound with early stopping); 0 = its default
};

// Linear: coefficient x standardised value (exact, base 0), linear_ranker.hpp.
enum class ExplanationMethod { None, TreeShap, IntegratedGradients, Linear };

struct RowExplanation {
  std::vector<double> attributions;  // per feature, score units
  double base = 0.0;                 // score with no feature's contribution
  double score = 0.0;                // the row's score
  double completeness_error = 0.0;   // |sum(attributions) - (score - base)|; 0 when exact
};

class Ranker {
 public:
  virtual ~Ranker() = default;

  virtual RankerKind kind() const = 0;
  // Validation queries drive early stopping (nullptr: none).
  virtual void train(const RankDataset& train, const RankDataset* validation,
                     const RankerTrainOptions& options) = 0;
  // Bytes from save(); a model trained on other features than `features` is Error(Model).
  virtual void load(std::string_view bytes, const std::vector<std::string>& features) = 0;

  virtual std::vector<float> score(const RankDataset& data) const = 0;
  virtual ExplanationMethod explanation_method() const = 0;
  virtual RowExplanation explain(std::span<const float> row) const = 0;
  virtual std::vector<double> importance(const RankDataset& data) const = 0;
  virtual std::vector<float> attributions(const RankDataset& data) const = 0;

  virtual std::string save() const = 0;
  // Model card: kind, feature names, options, training summary (the model's own card).
  virtual const nlohmann::json& card() const = 0;
};

using RankerFactory = std::unique_ptr<Ranker> (*)(RankerKind kind);
void register_ranker(RankerKind kind, RankerFactory factory);
std::unique_ptr<Ranker> create_ranker(RankerKind kind);

}  // namespace podium::rank
