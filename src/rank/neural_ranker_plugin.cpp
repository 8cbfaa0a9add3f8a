// NeuralRanker behind the Ranker interface (ranker.hpp) and its registration.
#include "podium/rank/neural_ranker_plugin.hpp"

#include <cmath>
#include <optional>

#include "podium/core/error.hpp"
#include "podium/rank/neural_ranker.hpp"
#include "podium/rank/ranker.hpp"

namespace podium::rank {
namespace {

class NeuralRankerAdapter final : public Ranker {
 public:
  RankerKind kind() const override { return RankerKind::Neural; }

  void train(const RankDataset& train, const RankDataset* validation,
             const RankerTrainOptions& options) override {
    NeuralRankerOptions o;
    o.seed = options.seed;
    o.threads = options.threads;
    model_.emplace(NeuralRanker::train(train, o, validation));
  }

  void load(std::string_view bytes, const std::vector<std::string>& features) override {
    model_.emplace(NeuralRanker::load(bytes, features));
  }

  std::vector<float> score(const RankDataset& data) const override { return model().score(data); }

  ExplanationMethod explanation_method() const override {
    return ExplanationMethod::IntegratedGradients;
  }

  RowExplanation explain(std::span<const float> row) const override {
    IntegratedGradients ig = model().integrated_gradients(row);
    RowExplanation e;
    e.base = ig.baseline_score;
    e.score = ig.score;
    e.completeness_error = ig.completeness_error();
    e.attributions = std::move(ig.attributions);
    return e;
  }

  std::vector<double> importance(const RankDataset& data) const override {
    const std::size_t nf = model().features();
    std::vector<double> importance(nf, 0.0);
    for (std::size_t r = 0; r < data.rows(); ++r) {
      const auto ig = model().integrated_gradients(std::span(data.row(r), nf));
      for (std::size_t f = 0; f < nf; ++f)
        importance[f] += std::abs(ig.attributions[f]);
    }
    for (double& v : importance)
      v /= static_cast<double>(data.rows());
    return importance;
  }

  std::vector<float> attributions(const RankDataset& data) const override {
    const std::size_t nf = model().features();
    std::vector<float> out;
    out.reserve(data.rows() * (nf + 1));
    for (std::size_t r = 0; r < data.rows(); ++r) {
      const auto ig = model().integrated_gradients(std::span(data.row(r), nf));
      for (const double a : ig.attributions)
        out.push_back(static_cast<float>(a));
      out.push_back(static_cast<float>(ig.baseline_score));
    }
    return out;
  }

  std::string save() const override { return model().save(); }
  const nlohmann::json& card() const override { return model().card(); }

 private:
  const NeuralRanker& model() const {
    if (!model_) throw Error(ErrorKind::InvalidInput, "neural: no model yet (train or load one)");
    return *model_;
  }

  std::optional<NeuralRanker> model_;
};

std::unique_ptr<Ranker> create(RankerKind) {
  return std::make_unique<NeuralRankerAdapter>();
}

}  // namespace
}  // namespace podium::rank

extern "C" void podium_register_neural_ranker() {
  podium::rank::register_ranker(podium::rank::RankerKind::Neural, &podium::rank::create);
}
