// XgbRanker behind the Ranker interface (ranker.hpp), for kinds xgboost-ndcg and xgboost-pairwise.
#include <optional>

#include "podium/core/error.hpp"
#include "podium/rank/ranker.hpp"
#include "podium/rank/xgboost_ranker.hpp"

namespace podium::rank {
namespace {

class XgbRankerAdapter final : public Ranker {
 public:
  explicit XgbRankerAdapter(RankerKind kind) : kind_(kind) {}

  RankerKind kind() const override { return kind_; }

  void train(const RankDataset& train, const RankDataset* validation,
             const RankerTrainOptions& options) override {
    XgbRankerOptions o;
    o.objective =
        kind_ == RankerKind::XgboostPairwise ? XgbObjective::Pairwise : XgbObjective::Ndcg;
    o.tree.seed = options.seed;
    o.tree.nthread = options.threads;
    if (options.rounds > 0) o.rounds = options.rounds;
    model_.emplace(XgbRanker::train(train, o, validation));
  }

  void load(std::string_view bytes, const std::vector<std::string>& features) override {
    model_.emplace(XgbRanker::load(bytes, features));
  }

  std::vector<float> score(const RankDataset& data) const override { return model().predict(data); }

  ExplanationMethod explanation_method() const override { return ExplanationMethod::TreeShap; }

  RowExplanation explain(std::span<const float> row) const override {
    const std::size_t nf = model().features();
    const std::vector<float> c = model().contributions(row, 1);
    RowExplanation e;
    e.attributions.assign(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(nf));
    e.base = c[nf];
    e.score = model().predict(row, 1)[0];
    return e;
  }

  std::vector<double> importance(const RankDataset& data) const override {
    return model().importance(data.x, data.rows());
  }

  std::vector<float> attributions(const RankDataset& data) const override {
    return model().contributions(data.x, data.rows());
  }

  std::string save() const override { return model().save(); }
  const nlohmann::json& card() const override { return model().card(); }

 private:
  const XgbRanker& model() const {
    if (!model_) {
      throw Error(ErrorKind::InvalidInput,
                  std::string(ranker_kind_name(kind_)) + ": no model yet (train or load one)");
    }
    return *model_;
  }

  RankerKind kind_;
  std::optional<XgbRanker> model_;
};

std::unique_ptr<Ranker> create(RankerKind kind) {
  return std::make_unique<XgbRankerAdapter>(kind);
}

}  // namespace

void register_xgboost_rankers() {
  register_ranker(RankerKind::XgboostNdcg, &create);
  register_ranker(RankerKind::XgboostPairwise, &create);
}

}  // namespace podium::rank
