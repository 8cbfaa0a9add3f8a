#include "podium/rank/baseline.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "podium/core/error.hpp"

namespace podium::rank {

const char* baseline_name(Baseline baseline) {
  switch (baseline) {
    case Baseline::Points365d:
      return "points_365d";
    case Baseline::LastEdition:
      return "last_edition";
  }
  return "points_365d";
}

std::optional<Baseline> parse_baseline(std::string_view name) {
  for (const Baseline b : {Baseline::Points365d, Baseline::LastEdition}) {
    if (name == baseline_name(b)) return b;
  }
  return std::nullopt;
}

std::size_t feature_column(const RankDataset& data, std::string_view name) {
  const auto it = std::find(data.feature_names.begin(), data.feature_names.end(), name);
  if (it == data.feature_names.end()) {
    throw Error(ErrorKind::InvalidInput,
                "rank dataset: no feature column \"" + std::string(name) + "\"");
  }
  return static_cast<std::size_t>(it - data.feature_names.begin());
}

std::vector<float> baseline_scores(const RankDataset& data, Baseline baseline) {
  const std::size_t points = feature_column(data, "points_365d");
  const std::size_t width = data.features();
  std::vector<float> scores(data.rows(), 0.0F);
  const auto value = [&](std::size_t row, std::size_t col) { return data.x[row * width + col]; };
  if (baseline == Baseline::Points365d) {
    for (std::size_t i = 0; i < data.rows(); ++i) {
      const float p = value(i, points);
      scores[i] = std::isnan(p) ? 0.0F : p;
    }
    return scores;
  }
  const std::size_t last = feature_column(data, "race_last_edition_rank");
  for (std::size_t q = 0; q < data.queries(); ++q) {
    const std::size_t begin = data.query_offsets[q];
    std::vector<std::size_t> order(data.query_size(q));
    std::iota(order.begin(), order.end(), begin);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const float ra = value(a, last);
      const float rb = value(b, last);
      if (std::isnan(ra) != std::isnan(rb)) return std::isnan(rb);
      if (!std::isnan(ra) && ra != rb) return ra < rb;
      return value(a, points) > value(b, points);
    });
    for (std::size_t pos = 0; pos < order.size(); ++pos) {
      scores[order[pos]] = static_cast<float>(order.size() - pos);
    }
  }
  return scores;
}

namespace {

class BaselineRanker final : public Ranker {
 public:
  explicit BaselineRanker(Baseline baseline)
      : baseline_(baseline), card_{{"kind", "baseline"}, {"baseline", baseline_name(baseline)}} {}

  RankerKind kind() const override {
    return baseline_ == Baseline::LastEdition ? RankerKind::BaselineLastEdition
                                              : RankerKind::BaselinePoints;
  }
  void train(const RankDataset&, const RankDataset*, const RankerTrainOptions&) override {
    refuse("needs no training");
  }
  void load(std::string_view, const std::vector<std::string>&) override {
    refuse("has no saved model");
  }
  std::vector<float> score(const RankDataset& data) const override {
    return baseline_scores(data, baseline_);
  }
  ExplanationMethod explanation_method() const override { return ExplanationMethod::None; }
  RowExplanation explain(std::span<const float>) const override { unsupported(); }
  std::vector<double> importance(const RankDataset&) const override { unsupported(); }
  std::vector<float> attributions(const RankDataset&) const override { unsupported(); }
  std::string save() const override { refuse("has no saved model"); }
  const nlohmann::json& card() const override { return card_; }

 private:
  [[noreturn]] void refuse(const char* what) const {
    throw Error(ErrorKind::InvalidInput,
                std::string("baseline ") + baseline_name(baseline_) + ": " + what);
  }
  [[noreturn]] void unsupported() const {
    throw Error(ErrorKind::Unsupported, std::string("baseline ") + baseline_name(baseline_) +
                                            ": a baseline is one column; nothing to explain");
  }

  Baseline baseline_;
  nlohmann::json card_;
};

}  // namespace

std::unique_ptr<Ranker> make_baseline_ranker(Baseline baseline) {
  return std::make_unique<BaselineRanker>(baseline);
}

}  // namespace podium::rank
