// The linear pairwise ranker: standardisation, the Newton fit on within-race pairs, scoring and
// its exact explanations, saved bytes, and the Ranker adapter (kind "linear").
#include "podium/rank/linear_ranker.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/learn/model_container.hpp"

namespace podium::rank {
namespace {

constexpr const char* kLinearKind = "linear-pairwise-logistic";
constexpr int kLinearMaxHalvings = 30;
constexpr int kLinearMaxIterations = 1000;

struct LinearFitData {
  Eigen::Index features = 0;
  Eigen::MatrixXd z;  // rows x features, standardised, NaN -> 0
  // Per query: row indices ordered by label, descending, and how many have label > 0.
  std::vector<std::vector<Eigen::Index>> queries;
  std::vector<std::vector<float>> labels;
  double pairs = 0.0;
};

// The pairs of one query: each relevant row against every row of lower label.
template <typename Visit>
void linear_for_each_pair(const LinearFitData& d, std::size_t q, Visit&& visit) {
  const std::vector<Eigen::Index>& rows = d.queries[q];
  const std::vector<float>& labels = d.labels[q];
  for (std::size_t i = 0; i < rows.size() && labels[i] > 0.0F; ++i) {
    for (std::size_t j = i + 1; j < rows.size(); ++j) {
      if (labels[j] < labels[i]) visit(rows[i], rows[j]);
    }
  }
}

double linear_softplus(double v) {  // log(1 + exp(v)), stable
  return std::max(v, 0.0) + std::log1p(std::exp(-std::abs(v)));
}

// Mean pair loss + l2 / 2 |w|^2; with `derivatives` also its gradient and Hessian at w.
double linear_objective(const LinearFitData& d, const Eigen::VectorXd& w, double l2,
                        bool derivatives, Eigen::VectorXd& grad, Eigen::MatrixXd& hess) {
  const Eigen::VectorXd s = d.z * w;
  double loss = 0.0;
  if (derivatives) {
    grad.setZero(d.features);
    hess.setZero(d.features, d.features);
  }
  Eigen::MatrixXd diff;
  Eigen::VectorXd weight;
  for (std::size_t q = 0; q < d.queries.size(); ++q) {
    std::size_t n = 0;
    linear_for_each_pair(d, q, [&](Eigen::Index, Eigen::Index) { ++n; });
    if (n == 0) continue;
    if (derivatives) {
      diff.resize(static_cast<Eigen::Index>(n), d.features);
      weight.resize(static_cast<Eigen::Index>(n));
    }
    Eigen::Index k = 0;
    linear_for_each_pair(d, q, [&](Eigen::Index i, Eigen::Index j) {
      const double margin = s[i] - s[j];
      loss += linear_softplus(-margin);
      if (!derivatives) return;
      const double p = 1.0 / (1.0 + std::exp(margin));  // sigmoid(-margin)
      diff.row(k) = d.z.row(i) - d.z.row(j);
      grad -= p * diff.row(k).transpose();
      weight[k] = std::sqrt(p * (1.0 - p));
      ++k;
    });
    if (derivatives) {
      const Eigen::MatrixXd scaled = weight.asDiagonal() * diff;
      hess.selfadjointView<Eigen::Lower>().rankUpdate(scaled.transpose());
    }
  }
  if (derivatives) {
    grad = grad / d.pairs + l2 * w;
    const Eigen::MatrixXd full = hess.selfadjointView<Eigen::Lower>();
    hess = full / d.pairs;
    hess.diagonal().array() += l2;
  }
  return loss / d.pairs + 0.5 * l2 * w.squaredNorm();
}

}  // namespace

void validate(const LinearRankerOptions& o) {
  require_option(std::isfinite(o.l2) && o.l2 >= 0.0, "linear ranker", "l2", o.l2, "must be >= 0");
  require_option(o.max_iterations >= 1 && o.max_iterations <= kLinearMaxIterations, "linear ranker",
                 "max_iterations", o.max_iterations, "must be in 1..1000");
  require_option(std::isfinite(o.tolerance) && o.tolerance >= 0.0, "linear ranker", "tolerance",
                 o.tolerance, "must be >= 0");
}

LinearRanker LinearRanker::train(const RankDataset& train, const LinearRankerOptions& options) {
  validate(options);
  check_dataset(train, "training set");
  const auto t0 = std::chrono::steady_clock::now();
  const std::size_t nf = train.features();
  const std::size_t rows = train.rows();

  LinearRanker m;
  m.names_ = train.feature_names;
  m.means_.assign(nf, 0.0);
  m.sds_.assign(nf, 1.0);
  for (std::size_t f = 0; f < nf; ++f) {
    double sum = 0.0, sum2 = 0.0;
    std::size_t n = 0;
    for (std::size_t i = 0; i < rows; ++i) {
      const double v = train.x[i * nf + f];
      if (std::isnan(v)) continue;
      sum += v;
      ++n;
    }
    if (n == 0) continue;
    const double mean = sum / static_cast<double>(n);
    for (std::size_t i = 0; i < rows; ++i) {
      const double v = train.x[i * nf + f];
      if (!std::isnan(v)) sum2 += (v - mean) * (v - mean);
    }
    const double sd = std::sqrt(sum2 / static_cast<double>(n));
    m.means_[f] = mean;
    m.sds_[f] = sd > 0.0 ? sd : 1.0;
  }

  LinearFitData d;
  d.features = static_cast<Eigen::Index>(nf);
  d.z.resize(static_cast<Eigen::Index>(rows), d.features);
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t f = 0; f < nf; ++f) {
      const double v = train.x[i * nf + f];
      d.z(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(f)) =
          std::isnan(v) ? 0.0 : (v - m.means_[f]) / m.sds_[f];
    }
  }
  for (std::size_t q = 0; q < train.queries(); ++q) {
    std::vector<Eigen::Index> idx(train.query_size(q));
    std::iota(idx.begin(), idx.end(), static_cast<Eigen::Index>(train.query_offsets[q]));
    std::stable_sort(idx.begin(), idx.end(), [&](Eigen::Index a, Eigen::Index b) {
      return train.labels[static_cast<std::size_t>(a)] > train.labels[static_cast<std::size_t>(b)];
    });
    std::vector<float> labels;
    labels.reserve(idx.size());
    for (const Eigen::Index i : idx)
      labels.push_back(train.labels[static_cast<std::size_t>(i)]);
    d.queries.push_back(std::move(idx));
    d.labels.push_back(std::move(labels));
    linear_for_each_pair(d, q, [&](Eigen::Index, Eigen::Index) { d.pairs += 1.0; });
  }
  if (d.pairs == 0.0) {
    throw Error(ErrorKind::InvalidInput,
                "linear ranker: the training set has no pair of riders with different labels in "
                "one race");
  }

  Eigen::VectorXd w = Eigen::VectorXd::Zero(d.features);
  Eigen::VectorXd grad;
  Eigen::MatrixXd hess;
  Eigen::VectorXd unused_grad;
  Eigen::MatrixXd unused_hess;
  double loss = linear_objective(d, w, options.l2, true, grad, hess);
  const double initial_loss = loss;
  int iterations = 0;
  bool converged = false;
  while (iterations < options.max_iterations && !converged) {
    // The Hessian is positive semi-definite plus l2 I; LDLT also copes with l2 = 0 and a
    // column that never differs within a race (a zero row and column).
    const Eigen::VectorXd step = hess.ldlt().solve(grad);
    double t = 1.0;
    Eigen::VectorXd candidate;
    double candidate_loss = loss;
    bool fell = false;
    for (int h = 0; h < kLinearMaxHalvings && !fell; ++h, t *= 0.5) {
      candidate = w - t * step;
      candidate_loss = linear_objective(d, candidate, options.l2, false, unused_grad, unused_hess);
      fell = std::isfinite(candidate_loss) && candidate_loss < loss;
    }
    if (!fell) break;  // at the minimum to working precision
    ++iterations;
    const double gain = loss - candidate_loss;
    w = candidate;
    loss = linear_objective(d, w, options.l2, true, grad, hess);
    converged = gain <= options.tolerance * std::max(1.0, loss);
  }
  m.weights_.assign(w.data(), w.data() + w.size());

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  m.card_ = {{"kind", kLinearKind},
             {"feature_names", m.names_},
             {"options",
              {{"l2", options.l2},
               {"max_iterations", options.max_iterations},
               {"tolerance", options.tolerance}}},
             {"standardisation", "training rows; missing -> the training mean (z = 0)"},
             {"training",
              {{"rows", rows},
               {"queries", train.queries()},
               {"pairs", d.pairs},
               {"iterations", iterations},
               {"converged", converged || iterations < options.max_iterations},
               {"initial_loss", initial_loss},
               {"loss", loss},
               {"seconds", seconds}}}};
  m.finish_card();
  return m;
}

void LinearRanker::finish_card() {
  nlohmann::json by_name = nlohmann::json::object();
  for (std::size_t f = 0; f < names_.size(); ++f)
    by_name[names_[f]] = weights_[f];
  card_["standardised_weights"] = by_name;
}

LinearRanker LinearRanker::load(std::string_view bytes,
                                const std::vector<std::string>& expected_features) {
  learn::SavedModel c = learn::unpack_model(bytes, kLinearKind);
  LinearRanker m;
  m.names_ = learn::feature_names_from_card(c.card);
  learn::check_feature_names(m.names_, expected_features, "the caller's features");
  nlohmann::json p;
  try {
    p = nlohmann::json::parse(c.payload);
    m.means_ = p.at("means").get<std::vector<double>>();
    m.sds_ = p.at("sds").get<std::vector<double>>();
    m.weights_ = p.at("weights").get<std::vector<double>>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorKind::Format, std::string("linear ranker payload: ") + e.what());
  }
  const std::size_t nf = m.names_.size();
  if (m.means_.size() != nf || m.sds_.size() != nf || m.weights_.size() != nf) {
    throw Error(ErrorKind::Format, "linear ranker payload: means, sds and weights must have " +
                                       std::to_string(nf) + " values each");
  }
  m.card_ = std::move(c.card);
  return m;
}

double LinearRanker::score(std::span<const float> row) const {
  const std::vector<double> c = contributions(row);
  return std::accumulate(c.begin(), c.end(), 0.0);
}

std::vector<double> LinearRanker::contributions(std::span<const float> row) const {
  learn::check_matrix(row, 1, names_.size());
  std::vector<double> c(names_.size(), 0.0);
  for (std::size_t f = 0; f < c.size(); ++f) {
    const double v = row[f];
    if (!std::isnan(v)) c[f] = weights_[f] * (v - means_[f]) / sds_[f];
  }
  return c;
}

std::vector<float> LinearRanker::predict(const RankDataset& data) const {
  learn::check_feature_names(names_, data.feature_names, "the dataset");
  learn::check_matrix(data.x, data.rows(), names_.size());
  std::vector<float> out(data.rows());
  for (std::size_t i = 0; i < data.rows(); ++i) {
    out[i] = static_cast<float>(score(std::span(data.row(i), names_.size())));
  }
  return out;
}

std::string LinearRanker::save() const {
  const nlohmann::json p = {{"means", means_}, {"sds", sds_}, {"weights", weights_}};
  return learn::pack_model(card_, p.dump());
}

namespace {

class LinearRankerAdapter final : public Ranker {
 public:
  RankerKind kind() const override { return RankerKind::Linear; }

  void train(const RankDataset& train, const RankDataset* /*validation*/,
             const RankerTrainOptions& /*options*/) override {
    // Convex and deterministic: no early stopping, no seed, no threads.
    model_.emplace(LinearRanker::train(train));
  }
  void load(std::string_view bytes, const std::vector<std::string>& features) override {
    model_.emplace(LinearRanker::load(bytes, features));
  }
  std::vector<float> score(const RankDataset& data) const override { return model().predict(data); }
  ExplanationMethod explanation_method() const override { return ExplanationMethod::Linear; }
  RowExplanation explain(std::span<const float> row) const override {
    RowExplanation e;
    e.attributions = model().contributions(row);
    e.score = std::accumulate(e.attributions.begin(), e.attributions.end(), 0.0);
    return e;
  }
  std::vector<double> importance(const RankDataset& data) const override {
    std::vector<double> sum(data.features(), 0.0);
    for (std::size_t i = 0; i < data.rows(); ++i) {
      const std::vector<double> c = model().contributions(std::span(data.row(i), data.features()));
      for (std::size_t f = 0; f < c.size(); ++f)
        sum[f] += std::abs(c[f]);
    }
    for (double& s : sum)
      s /= static_cast<double>(std::max<std::size_t>(data.rows(), 1));
    return sum;
  }
  std::vector<float> attributions(const RankDataset& data) const override {
    const std::size_t nf = data.features();
    std::vector<float> out;
    out.reserve(data.rows() * (nf + 1));
    for (std::size_t i = 0; i < data.rows(); ++i) {
      for (const double c : model().contributions(std::span(data.row(i), nf)))
        out.push_back(static_cast<float>(c));
      out.push_back(0.0F);  // the base: the training-mean rider scores 0
    }
    return out;
  }
  std::string save() const override { return model().save(); }
  const nlohmann::json& card() const override { return model().card(); }

 private:
  const LinearRanker& model() const {
    if (!model_) throw Error(ErrorKind::InvalidInput, "linear: no model yet (train or load one)");
    return *model_;
  }
  std::optional<LinearRanker> model_;
};

}  // namespace

std::unique_ptr<Ranker> make_linear_ranker() {
  return std::make_unique<LinearRankerAdapter>();
}

}  // namespace podium::rank
