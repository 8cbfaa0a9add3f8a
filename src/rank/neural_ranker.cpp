#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "podium/core/error.hpp"
#include "podium/learn/model_container.hpp"
#include "podium/learn/torch/training.hpp"
#include "podium/learn/training.hpp"
#include "podium/rank/metrics.hpp"
#include "rank/neural_ranker_net.hpp"

namespace podium::rank {
namespace {

// Queries padded to the longest one, so that a batch of queries is one forward pass and the
// per-query softmaxes are row-wise softmaxes with the padding masked out.
struct PaddedQueries {
  torch::Tensor z;       // [queries, longest, features], standardised
  torch::Tensor labels;  // [queries, longest]
  torch::Tensor mask;    // [queries, longest], true on real rows
};

PaddedQueries pad_queries(const RankDataset& d, const Standardiser& s) {
  std::size_t longest = 0;
  for (std::size_t q = 0; q < d.queries(); ++q)
    longest = std::max(longest, d.query_size(q));
  const auto nq = static_cast<std::int64_t>(d.queries());
  const auto len = static_cast<std::int64_t>(longest);
  const auto nf = static_cast<std::int64_t>(d.features());
  const torch::Tensor rows = s.apply(d.x, d.rows());
  PaddedQueries p{torch::zeros({nq, len, nf}), torch::zeros({nq, len}),
                  torch::zeros({nq, len}, torch::kBool)};
  for (std::int64_t q = 0; q < nq; ++q) {
    const auto begin = static_cast<std::int64_t>(d.query_offsets[q]);
    const auto n = static_cast<std::int64_t>(d.query_size(q));
    p.z[q].narrow(0, 0, n).copy_(rows.narrow(0, begin, n));
    p.labels[q].narrow(0, 0, n).copy_(
        torch::from_blob(const_cast<float*>(d.labels.data() + begin), {n}));
    p.mask[q].narrow(0, 0, n).fill_(true);
  }
  return p;
}

// Top-k ListMLE (Xia et al. 2009), mean over the batch's queries: for each positive label level L
// (descending) and each row at that level, -log of the Plackett-Luce probability of picking it
// among the rows not yet placed (label <= L; ties share one step). Rows with label 0 are never
// placed, so their order costs nothing: only the podium-to-10th order is learned.
torch::Tensor listmle_loss(const torch::Tensor& scores, const torch::Tensor& labels,
                           const torch::Tensor& mask, const std::vector<float>& levels) {
  const float neg_inf = -std::numeric_limits<float>::infinity();
  torch::Tensor loss = torch::zeros({scores.size(0)});
  for (const float level : levels) {
    const torch::Tensor at = mask & (labels == level);
    const torch::Tensor count = at.sum(1).to(torch::kFloat);
    const torch::Tensor lse =
        torch::logsumexp(scores.masked_fill(~(mask & (labels <= level)), neg_inf), 1);
    // A query without this level has count 0 and, when every rider is placed above it, lse =
    // -inf: where() keeps the loss value finite (0 * -inf would be NaN); the gradient is safe
    // either way, as masked_fill's backward zeroes the fully masked row.
    loss =
        loss + torch::where(count > 0, count * lse - (scores * at).sum(1), torch::zeros_like(lse));
  }
  return loss.mean();
}

// Distinct positive labels of the training rows, descending.
std::vector<float> positive_levels(const std::vector<float>& labels) {
  std::vector<float> levels;
  for (float y : labels) {
    if (y > 0.0F) levels.push_back(y);
  }
  std::sort(levels.begin(), levels.end(), std::greater<>());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  return levels;
}

// ListNet top-one loss, mean over the batch's queries.
torch::Tensor listnet_loss(const torch::Tensor& scores, const torch::Tensor& labels,
                           const torch::Tensor& mask) {
  const float neg_inf = -std::numeric_limits<float>::infinity();
  const torch::Tensor target = torch::softmax(labels.masked_fill(~mask, neg_inf), 1);
  const torch::Tensor log_p = torch::log_softmax(scores.masked_fill(~mask, neg_inf), 1);
  return -(target * log_p.masked_fill(~mask, 0.0)).sum(1).mean();
}

// Mean NDCG@k (metrics.hpp: linear gains, the labels) over the queries that have a relevant row;
// 0 when none has.
double mean_ndcg(const RankDataset& d, const std::vector<float>& scores, int k) {
  double total = 0.0;
  std::size_t counted = 0;
  for (std::size_t q = 0; q < d.queries(); ++q) {
    const std::size_t begin = d.query_offsets[q], n = d.query_size(q);
    const double v = ndcg_at_k(std::span(scores).subspan(begin, n),
                               std::span(d.labels).subspan(begin, n), static_cast<std::size_t>(k));
    if (std::isnan(v)) continue;
    total += v;
    ++counted;
  }
  return counted > 0 ? total / static_cast<double>(counted) : 0.0;
}

std::vector<float> forward_scores(Mlp& net, const torch::Tensor& z) {
  torch::NoGradGuard no_grad;
  const torch::Tensor s = net->forward(z).contiguous();
  return std::vector<float>(s.data_ptr<float>(), s.data_ptr<float>() + s.numel());
}

}  // namespace

NeuralRanker NeuralRanker::train(const RankDataset& train, const NeuralRankerOptions& options,
                                 const RankDataset* validation) {
  validate(options);
  check_dataset(train, "training set");
  if (validation != nullptr) {
    check_dataset(*validation, "validation set");
    learn::check_feature_names(train.feature_names, validation->feature_names,
                               "the validation set");
  }
  const auto start = std::chrono::steady_clock::now();
  std::mt19937_64 rng = learn::seed_training(options.seed, options.threads);

  // Training and early-stopping queries.
  RankDataset fit_set, valid_set;
  const RankDataset* fit = &train;
  const RankDataset* valid = validation;
  if (validation == nullptr && options.validation_fraction > 0.0 && train.queries() >= 2) {
    const learn::HoldoutSplit split =
        learn::split_holdout(train.queries(), options.validation_fraction, rng);
    valid_set = select_queries(train, split.held_out);
    fit_set = select_queries(train, split.kept);
    fit = &fit_set;
    valid = &valid_set;
  }

  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->feature_names = train.feature_names;
  impl->standardiser = Standardiser::fit(fit->x, fit->rows(), fit->features());
  impl->net = Mlp(static_cast<int>(train.features()), options.hidden, options.dropout);
  Mlp& net = impl->net;
  torch::optim::Adam adam =
      learn::make_adam(net->parameters(), options.learning_rate, options.weight_decay);

  const PaddedQueries padded = pad_queries(*fit, impl->standardiser);
  const std::vector<float> levels = positive_levels(fit->labels);
  const torch::Tensor valid_z =
      valid != nullptr ? impl->standardiser.apply(valid->x, valid->rows()) : torch::Tensor();
  const auto nq = static_cast<std::int64_t>(fit->queries());
  const auto longest = padded.z.size(1);
  const auto nf = padded.z.size(2);

  std::vector<std::int64_t> query_order(static_cast<std::size_t>(nq));
  std::iota(query_order.begin(), query_order.end(), 0);
  learn::BestWeights best_weights;
  learn::EarlyStopping stopping(options.patience);
  int epochs_run = 0;
  for (int epoch = 0; epoch < options.max_epochs; ++epoch) {
    ++epochs_run;
    net->train();
    std::shuffle(query_order.begin(), query_order.end(), rng);
    for (std::int64_t b = 0; b < nq; b += options.queries_per_batch) {
      const std::int64_t size = std::min<std::int64_t>(options.queries_per_batch, nq - b);
      const torch::Tensor idx = torch::from_blob(query_order.data() + b, {size}, torch::kInt64);
      const torch::Tensor z = padded.z.index_select(0, idx).view({size * longest, nf});
      const torch::Tensor scores = net->forward(z).view({size, longest});
      const torch::Tensor labels = padded.labels.index_select(0, idx);
      const torch::Tensor mask = padded.mask.index_select(0, idx);
      const torch::Tensor loss = options.loss == NeuralLoss::ListNet
                                     ? listnet_loss(scores, labels, mask)
                                     : listmle_loss(scores, labels, mask, levels);
      adam.zero_grad();
      loss.backward();
      adam.step();
    }
    if (valid == nullptr) continue;
    net->eval();
    const double ndcg = mean_ndcg(*valid, forward_scores(net, valid_z), options.ndcg_at);
    const learn::EarlyStopping::Verdict verdict = stopping.record(epoch, ndcg);
    if (verdict == learn::EarlyStopping::Verdict::Best) best_weights.keep(*net);
    if (verdict == learn::EarlyStopping::Verdict::Stop) break;
  }
  if (!best_weights.empty()) best_weights.restore(*net);
  net->eval();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  nlohmann::json training = {{"rows", fit->rows()},
                             {"queries", fit->queries()},
                             {"epochs", epochs_run},
                             {"seconds", seconds}};
  if (valid != nullptr) {
    training["validation_rows"] = valid->rows();
    training["validation_queries"] = valid->queries();
    training["validation_source"] = validation != nullptr ? "given" : "split of training queries";
    training["best_epoch"] = stopping.best_epoch();
    training["validation_ndcg"] = stopping.best_score();
    training["validation_curve"] = stopping.curve();
  }
  impl->card = {
      {"kind", kNeuralKind},
      {"format_version", 1},
      {"library", "libtorch " TORCH_VERSION},
      {"gain", "linear (the labels) in the early-stopping NDCG"},
      {"feature_names", train.feature_names},
      {"options", options_to_json(options)},
      {"standardisation", {{"mean", impl->standardiser.mean}, {"scale", impl->standardiser.scale}}},
      {"seed", options.seed},
      {"training", training}};
  return NeuralRanker(std::move(impl));
}

std::vector<float> NeuralRanker::score(std::span<const float> x, std::size_t rows) const {
  learn::check_matrix(x, rows, features());
  if (rows == 0) return {};
  return forward_scores(impl_->net, impl_->standardiser.apply(x, rows));
}

std::vector<float> NeuralRanker::score(const RankDataset& data) const {
  learn::check_feature_names(feature_names(), data.feature_names, "the dataset");
  return score(data.x, data.rows());
}

}  // namespace podium::rank
