#include "rank/neural_ranker_net.hpp"

#include <cmath>
#include <limits>

#include "podium/core/error.hpp"
#include "podium/core/json.hpp"
#include "podium/core/limits.hpp"
#include "podium/core/option.hpp"
#include "podium/core/threads.hpp"
#include "podium/learn/model_container.hpp"
#include "podium/learn/torch/training.hpp"

namespace podium::rank {
namespace {

constexpr int kMaxHiddenLayers = 4;
constexpr int kMaxHiddenUnits = 1024;
// A feature whose spread is below this is treated as constant (scale 1) so that standardisation
// never divides by ~0.
constexpr double kMinScale = 1e-12;

template <typename T>
void require(bool ok, const char* field, const T& value, const std::string& rule) {
  require_option(ok, "neural ranker options", field, value, rule);
}

// Errors in the card name it so; its JSON paths follow ("neural ranker card: options.dropout:
// ...").
constexpr const char* kCardSource = "neural ranker card";

int int_member(const nlohmann::json& j, const json::Where& w) {
  return static_cast<int>(json::integer_in(json::member(j, w), w, std::numeric_limits<int>::min(),
                                           std::numeric_limits<int>::max()));
}
double number_member(const nlohmann::json& j, const json::Where& w) {
  return json::number(json::member(j, w), w);
}
std::vector<int> ints_member(const nlohmann::json& j, const json::Where& w) {
  const nlohmann::json& list = json::array_member(j, w, limits::kStoredJsonItems);
  std::vector<int> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    out.push_back(static_cast<int>(json::integer_in(
        list[i], w.index(i), std::numeric_limits<int>::min(), std::numeric_limits<int>::max())));
  }
  return out;
}
std::vector<float> floats_member(const nlohmann::json& j, const json::Where& w) {
  const nlohmann::json& list = json::array_member(j, w, limits::kStoredJsonItems);
  std::vector<float> out;
  for (std::size_t i = 0; i < list.size(); ++i)
    out.push_back(static_cast<float>(json::number(list[i], w.index(i))));
  return out;
}

}  // namespace

const char* loss_name(NeuralLoss loss) {
  return loss == NeuralLoss::ListNet ? "listnet-top1" : "listmle-topk";
}

void validate(const NeuralRankerOptions& o) {
  require(!o.hidden.empty() && o.hidden.size() <= kMaxHiddenLayers, "hidden.size()",
          o.hidden.size(), "must be 1..4 layers");
  for (int units : o.hidden) {
    require(units >= 1 && units <= kMaxHiddenUnits, "hidden[i]", units, "must be in 1..1024");
  }
  require(o.dropout >= 0.0 && o.dropout < 0.9, "dropout", o.dropout, "must be in [0, 0.9)");
  require(o.learning_rate > 0.0 && o.learning_rate <= 1.0, "learning_rate", o.learning_rate,
          "must be in (0, 1]");
  require(o.weight_decay >= 0.0 && o.weight_decay <= 1.0, "weight_decay", o.weight_decay,
          "must be in [0, 1]");
  require(o.max_epochs >= 1 && o.max_epochs <= 10000, "max_epochs", o.max_epochs,
          "must be in 1..10000");
  require(o.patience >= 0, "patience", o.patience, "must be >= 0");
  require(o.queries_per_batch >= 1 && o.queries_per_batch <= 4096, "queries_per_batch",
          o.queries_per_batch, "must be in 1..4096");
  require(o.validation_fraction >= 0.0 && o.validation_fraction <= 0.5, "validation_fraction",
          o.validation_fraction, "must be in [0, 0.5]");
  require(o.ndcg_at >= 1 && o.ndcg_at <= 1000, "ndcg_at", o.ndcg_at, "must be in 1..1000");
  require(o.threads >= 1 && o.threads <= kMaxThreads, "threads", o.threads,
          "must be 1.." + std::to_string(kMaxThreads));
}

MlpImpl::MlpImpl(int features, const std::vector<int>& hidden, double dropout) {
  int in = features;
  for (int units : hidden) {
    layers->push_back(torch::nn::Linear(in, units));
    layers->push_back(torch::nn::SiLU());
    if (dropout > 0.0) layers->push_back(torch::nn::Dropout(dropout));
    in = units;
  }
  layers->push_back(torch::nn::Linear(in, 1));
  register_module("layers", layers);
}

torch::Tensor MlpImpl::forward(const torch::Tensor& x) {
  return layers->forward(x).squeeze(1);
}

Standardiser Standardiser::fit(std::span<const float> x, std::size_t rows, std::size_t features) {
  std::vector<double> sum(features, 0.0), sum2(features, 0.0);
  std::vector<std::size_t> count(features, 0);
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t f = 0; f < features; ++f) {
      const float v = x[i * features + f];
      if (std::isnan(v)) continue;
      sum[f] += v;
      ++count[f];
    }
  }
  Standardiser s;
  s.mean.resize(features);
  s.scale.resize(features);
  for (std::size_t f = 0; f < features; ++f) {
    s.mean[f] = count[f] > 0 ? static_cast<float>(sum[f] / static_cast<double>(count[f])) : 0.0F;
  }
  // Second pass around the mean: a one-pass sum of squares loses digits on large offsets.
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t f = 0; f < features; ++f) {
      const float v = x[i * features + f];
      if (!std::isnan(v)) sum2[f] += (v - s.mean[f]) * static_cast<double>(v - s.mean[f]);
    }
  }
  for (std::size_t f = 0; f < features; ++f) {
    const double sd = count[f] > 0 ? std::sqrt(sum2[f] / static_cast<double>(count[f])) : 0.0;
    s.scale[f] = sd > kMinScale ? static_cast<float>(sd) : 1.0F;
  }
  return s;
}

torch::Tensor Standardiser::apply(std::span<const float> x, std::size_t rows) const {
  const std::size_t features = mean.size();
  torch::Tensor out =
      torch::empty({static_cast<std::int64_t>(rows), static_cast<std::int64_t>(features)});
  float* p = out.data_ptr<float>();
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t f = 0; f < features; ++f) {
      const float v = x[i * features + f];
      p[i * features + f] = std::isnan(v) ? 0.0F : (v - mean[f]) / scale[f];
    }
  }
  return out;
}

nlohmann::json options_to_json(const NeuralRankerOptions& o) {
  return {{"hidden", o.hidden},
          {"activation", "silu"},
          {"loss", loss_name(o.loss)},
          {"dropout", o.dropout},
          {"learning_rate", o.learning_rate},
          {"weight_decay", o.weight_decay},
          {"max_epochs", o.max_epochs},
          {"patience", o.patience},
          {"queries_per_batch", o.queries_per_batch},
          {"validation_fraction", o.validation_fraction},
          {"ndcg_at", o.ndcg_at},
          {"seed", o.seed},
          {"threads", o.threads}};
}

NeuralRankerOptions options_from_json(const nlohmann::json& j) {
  const json::Where w = json::Where(kCardSource).key("options");
  json::expect_object(j, w);
  NeuralRankerOptions o;
  const std::string& loss = json::string_value(json::member(j, w.key("loss")), w.key("loss"));
  if (loss == loss_name(NeuralLoss::ListNet)) {
    o.loss = NeuralLoss::ListNet;
  } else if (loss == loss_name(NeuralLoss::ListMleTopK)) {
    o.loss = NeuralLoss::ListMleTopK;
  } else {
    throw Error(ErrorKind::Format, "neural ranker card: unknown loss '" + loss + "'");
  }
  o.hidden = ints_member(j, w.key("hidden"));
  o.dropout = number_member(j, w.key("dropout"));
  o.learning_rate = number_member(j, w.key("learning_rate"));
  o.weight_decay = number_member(j, w.key("weight_decay"));
  o.max_epochs = int_member(j, w.key("max_epochs"));
  o.patience = int_member(j, w.key("patience"));
  o.queries_per_batch = int_member(j, w.key("queries_per_batch"));
  o.validation_fraction = number_member(j, w.key("validation_fraction"));
  o.ndcg_at = int_member(j, w.key("ndcg_at"));
  o.seed = json::unsigned_integer(json::member(j, w.key("seed")), w.key("seed"));
  o.threads = int_member(j, w.key("threads"));
  try {
    validate(o);
  } catch (const Error& e) {
    throw Error(ErrorKind::Format, std::string("neural ranker card: ") + e.what());
  }
  return o;
}

NeuralRanker::NeuralRanker(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
NeuralRanker::NeuralRanker(NeuralRanker&&) noexcept = default;
NeuralRanker& NeuralRanker::operator=(NeuralRanker&&) noexcept = default;
NeuralRanker::~NeuralRanker() = default;

const nlohmann::json& NeuralRanker::card() const {
  return impl_->card;
}
const std::vector<std::string>& NeuralRanker::feature_names() const {
  return impl_->feature_names;
}

std::string NeuralRanker::save() const {
  return learn::pack_model(impl_->card, learn::save_module(*impl_->net));
}

NeuralRanker NeuralRanker::load(std::string_view bytes,
                                const std::vector<std::string>& expected_features) {
  learn::SavedModel c = learn::unpack_model(bytes, kNeuralKind);
  auto impl = std::make_unique<Impl>();
  impl->feature_names = learn::feature_names_from_card(c.card);
  learn::check_feature_names(impl->feature_names, expected_features, "the caller's features");
  const json::Where card(kCardSource);
  impl->options = options_from_json(json::member(c.card, card.key("options")));
  const json::Where ws = card.key("standardisation");
  const nlohmann::json& stats = json::member(c.card, ws);
  impl->standardiser.mean = floats_member(stats, ws.key("mean"));
  impl->standardiser.scale = floats_member(stats, ws.key("scale"));
  const std::size_t n = impl->feature_names.size();
  if (impl->standardiser.mean.size() != n || impl->standardiser.scale.size() != n) {
    throw Error(ErrorKind::Format, "neural ranker card: standardisation has " +
                                       std::to_string(impl->standardiser.mean.size()) +
                                       " means and " +
                                       std::to_string(impl->standardiser.scale.size()) +
                                       " scales for " + std::to_string(n) + " features");
  }
  for (std::size_t f = 0; f < n; ++f) {
    if (!std::isfinite(impl->standardiser.mean[f]) || !(impl->standardiser.scale[f] > 0.0F) ||
        !std::isfinite(impl->standardiser.scale[f])) {
      throw Error(ErrorKind::Format, "neural ranker card: feature '" + impl->feature_names[f] +
                                         "' has a non-finite mean or non-positive scale");
    }
  }
  impl->net = Mlp(static_cast<int>(n), impl->options.hidden, impl->options.dropout);
  learn::load_module(*impl->net, c.payload, "neural ranker");
  impl->net->eval();
  impl->card = std::move(c.card);
  return NeuralRanker(std::move(impl));
}

}  // namespace podium::rank
