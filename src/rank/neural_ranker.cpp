#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "podium/core/error.hpp"
#include "podium/rank/metrics.hpp"
#include "rank/neural_ranker_net.hpp"
#include "rank/ranker_input.hpp"

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

RankDataset select_queries(const RankDataset& d, const std::vector<std::size_t>& queries) {
  RankDataset out;
  out.feature_names = d.feature_names;
  for (std::size_t q : queries) {
    const std::size_t begin = d.query_offsets[q], end = d.query_offsets[q + 1];
    out.x.insert(out.x.end(), d.x.begin() + begin * d.features(), d.x.begin() + end * d.features());
    out.labels.insert(out.labels.end(), d.labels.begin() + begin, d.labels.begin() + end);
    if (!d.athletes.empty()) {
      out.athletes.insert(out.athletes.end(), d.athletes.begin() + begin, d.athletes.begin() + end);
    }
    if (!d.events.empty()) out.events.push_back(d.events[q]);
    out.query_offsets.push_back(out.labels.size());
  }
  return out;
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
    check_feature_names(train.feature_names, validation->feature_names, "the validation set");
  }
  const auto start = std::chrono::steady_clock::now();
  torch::manual_seed(options.seed);
  torch::set_num_threads(options.threads);
  std::mt19937_64 rng(options.seed);

  // Training and early-stopping queries.
  RankDataset fit_set, valid_set;
  const RankDataset* fit = &train;
  const RankDataset* valid = validation;
  if (validation == nullptr && options.validation_fraction > 0.0 && train.queries() >= 2) {
    std::vector<std::size_t> order(train.queries());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    const auto held = std::clamp<std::size_t>(
        static_cast<std::size_t>(
            std::lround(options.validation_fraction * static_cast<double>(order.size()))),
        1, order.size() - 1);
    std::vector<std::size_t> held_out(order.begin(), order.begin() + held);
    std::vector<std::size_t> kept(order.begin() + held, order.end());
    std::sort(held_out.begin(), held_out.end());
    std::sort(kept.begin(), kept.end());
    valid_set = select_queries(train, held_out);
    fit_set = select_queries(train, kept);
    fit = &fit_set;
    valid = &valid_set;
  }

  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->feature_names = train.feature_names;
  impl->standardiser = Standardiser::fit(fit->x, fit->rows(), fit->features());
  impl->net = Mlp(static_cast<int>(train.features()), options.hidden, options.dropout);
  Mlp& net = impl->net;
  torch::optim::Adam adam(
      net->parameters(),
      torch::optim::AdamOptions(options.learning_rate).weight_decay(options.weight_decay));

  const PaddedQueries padded = pad_queries(*fit, impl->standardiser);
  const std::vector<float> levels = positive_levels(fit->labels);
  const torch::Tensor valid_z =
      valid != nullptr ? impl->standardiser.apply(valid->x, valid->rows()) : torch::Tensor();
  const auto nq = static_cast<std::int64_t>(fit->queries());
  const auto longest = padded.z.size(1);
  const auto nf = padded.z.size(2);

  std::vector<std::int64_t> query_order(static_cast<std::size_t>(nq));
  std::iota(query_order.begin(), query_order.end(), 0);
  std::vector<torch::Tensor> best_weights;
  double best_ndcg = -1.0;
  int best_epoch = -1, epochs_run = 0;
  nlohmann::json curve = nlohmann::json::array();
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
    curve.push_back(ndcg);
    if (ndcg > best_ndcg) {
      best_ndcg = ndcg;
      best_epoch = epoch;
      best_weights.clear();
      for (const auto& p : net->parameters())
        best_weights.push_back(p.detach().clone());
    } else if (options.patience > 0 && epoch - best_epoch >= options.patience) {
      break;
    }
  }
  if (!best_weights.empty()) {
    torch::NoGradGuard no_grad;
    auto params = net->parameters();
    for (std::size_t i = 0; i < params.size(); ++i)
      params[i].copy_(best_weights[i]);
  }
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
    training["best_epoch"] = best_epoch;
    training["validation_ndcg"] = best_ndcg;
    training["validation_curve"] = curve;
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
  check_matrix(x, rows, features());
  if (rows == 0) return {};
  return forward_scores(impl_->net, impl_->standardiser.apply(x, rows));
}

std::vector<float> NeuralRanker::score(const RankDataset& data) const {
  check_feature_names(feature_names(), data.feature_names, "the dataset");
  return score(data.x, data.rows());
}

}  // namespace podium::rank
