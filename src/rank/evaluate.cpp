#include "podium/rank/evaluate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "podium/core/error.hpp"
#include "podium/core/numbers.hpp"
#include "podium/core/quantile.hpp"
#include "podium/core/random.hpp"
#include "podium/rank/coverage.hpp"
#include "podium/rank/metrics.hpp"

namespace podium::rank {

namespace {

constexpr std::size_t kBootstrapResamples = 10000;
constexpr std::size_t kMonteCarloPatterns = 100000;
constexpr std::size_t kExactMaxRaces = 20;

double mean(const std::vector<double>& v) {
  double sum = 0.0;
  for (const double x : v)
    sum += x;
  return v.empty() ? kNaN : sum / static_cast<double>(v.size());
}

// Two-sided sign-flip p-value of mean(d) = 0.
double sign_flip_p(const std::vector<double>& d, std::uint64_t seed, bool* exact) {
  const std::size_t n = d.size();
  double observed = 0.0;
  double scale = 0.0;
  for (const double x : d) {
    observed += x;
    scale += std::abs(x);
  }
  // Patterns whose |sum| equals the observed one up to rounding count as "as extreme".
  const double threshold = std::abs(observed) - 1e-9 * (scale + 1.0);
  const auto flipped_sum = [&d, n](std::uint64_t pattern) {
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i)
      sum += (pattern >> i & 1U) != 0 ? -d[i] : d[i];
    return sum;
  };
  std::uint64_t hits = 0;
  *exact = n <= kExactMaxRaces;
  if (*exact) {
    const std::uint64_t patterns = std::uint64_t{1} << n;
    for (std::uint64_t p = 0; p < patterns; ++p)
      hits += std::abs(flipped_sum(p)) >= threshold;
    return static_cast<double>(hits) / static_cast<double>(patterns);
  }
  Rng rng(seed);
  for (std::size_t m = 0; m < kMonteCarloPatterns; ++m) {
    double sum = 0.0;
    for (std::size_t i = 0; i < n; i += 64) {
      const std::uint64_t bits = rng.next();
      for (std::size_t j = i; j < std::min(n, i + 64); ++j) {
        sum += (bits >> (j - i) & 1U) != 0 ? -d[j] : d[j];
      }
    }
    hits += std::abs(sum) >= threshold;
  }
  return static_cast<double>(1 + hits) / static_cast<double>(1 + kMonteCarloPatterns);
}

}  // namespace

std::vector<RaceEvaluation> evaluate_races(const career::ResultsTable& table,
                                           const RankDataset& data, std::span<const float> scores,
                                           std::size_t k) {
  if (scores.size() != data.rows()) {
    throw Error(ErrorKind::InvalidInput, "evaluate_races: " + std::to_string(scores.size()) +
                                             " scores for " + std::to_string(data.rows()) +
                                             " dataset rows");
  }
  const std::vector<int> present = top10_places_present(table);
  std::vector<RaceEvaluation> rows;
  for (std::size_t q = 0; q < data.queries(); ++q) {
    const std::size_t begin = data.query_offsets[q];
    const std::size_t size = data.query_size(q);
    const std::span<const float> s = scores.subspan(begin, size);
    const std::span<const float> labels(data.labels.data() + begin, size);
    RaceEvaluation row;
    row.event = data.events[q];
    const career::Event& event = table.events.at(static_cast<std::size_t>(row.event));
    row.name = event.name;
    row.season = event.season;
    row.riders = size;
    row.relevant = static_cast<std::size_t>(
        std::count_if(labels.begin(), labels.end(), [](float l) { return l > 0.0F; }));
    row.ndcg = ndcg_at_k(s, labels, k);
    row.correct = correct_top_k(s, labels, k);
    row.ndcg_fixed = ndcg_fixed_ideal_at_k(s, labels, k);
    row.top10_present = present.at(static_cast<std::size_t>(row.event));
    rows.push_back(std::move(row));
  }
  return rows;
}

EvaluationSummary summarize(const std::vector<RaceEvaluation>& races, std::size_t k) {
  EvaluationSummary summary;
  summary.k = k;
  summary.races = races.size();
  std::vector<double> ndcg;
  std::vector<double> correct;
  std::vector<double> ndcg_fixed;
  for (const RaceEvaluation& r : races) {
    if (r.damaged) {
      ++summary.races_damaged;
      continue;
    }
    if (std::isnan(r.ndcg)) {
      ++summary.races_without_relevant;
      continue;
    }
    ndcg.push_back(r.ndcg);
    correct.push_back(r.correct);
    ndcg_fixed.push_back(r.ndcg_fixed);
  }
  summary.mean_ndcg = mean(ndcg);
  summary.mean_correct = mean(correct);
  summary.mean_ndcg_fixed = mean(ndcg_fixed);
  return summary;
}

PairedComparison compare(std::span<const double> a, std::span<const double> b, std::uint64_t seed) {
  if (a.size() != b.size()) {
    throw Error(ErrorKind::InvalidInput,
                "compare: " + std::to_string(a.size()) + " races vs " + std::to_string(b.size()));
  }
  PairedComparison c;
  std::vector<double> va;
  std::vector<double> vb;
  std::vector<double> d;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) {
      ++c.dropped;
      continue;
    }
    va.push_back(a[i]);
    vb.push_back(b[i]);
    d.push_back(a[i] - b[i]);
    c.wins += a[i] > b[i] ? 1 : 0;
    c.ties += a[i] == b[i] ? 1 : 0;
    c.losses += a[i] < b[i] ? 1 : 0;
  }
  c.races = d.size();
  c.mean_a = mean(va);
  c.mean_b = mean(vb);
  c.mean_difference = mean(d);
  if (d.empty()) {
    c.ci_low = c.ci_high = c.p_value = kNaN;
    return c;
  }
  Rng rng(seed);
  std::vector<double> means(kBootstrapResamples);
  for (double& m : means) {
    double sum = 0.0;
    for (std::size_t i = 0; i < d.size(); ++i)
      sum += d[rng.below(d.size())];
    m = sum / static_cast<double>(d.size());
  }
  std::sort(means.begin(), means.end());
  c.ci_low = sorted_quantile(means, (1.0 - kIntervalConfidence) / 2.0);
  c.ci_high = sorted_quantile(means, (1.0 + kIntervalConfidence) / 2.0);
  c.p_value = sign_flip_p(d, seed ^ 0x5851F42D4C957F2DULL, &c.exact);
  return c;
}

PairedComparison compare(const std::vector<RaceEvaluation>& a, const std::vector<RaceEvaluation>& b,
                         Metric metric, std::uint64_t seed) {
  if (a.size() != b.size()) {
    throw Error(ErrorKind::InvalidInput,
                "compare: " + std::to_string(a.size()) + " races vs " + std::to_string(b.size()));
  }
  std::vector<double> va;
  std::vector<double> vb;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].event != b[i].event) {
      throw Error(ErrorKind::InvalidInput, "compare: race " + std::to_string(i) + " is event " +
                                               std::to_string(a[i].event) + " vs " +
                                               std::to_string(b[i].event));
    }
    // A race without a relevant rider has no NDCG; its 0 correct picks are not a result either.
    // A damaged race is no result under any metric.
    const bool scored =
        !std::isnan(a[i].ndcg) && !std::isnan(b[i].ndcg) && !a[i].damaged && !b[i].damaged;
    const auto value = [metric](const RaceEvaluation& r) -> double {
      if (metric == Metric::Ndcg) return r.ndcg;
      if (metric == Metric::NdcgFixedIdeal) return r.ndcg_fixed;
      return r.correct;
    };
    va.push_back(scored ? value(a[i]) : kNaN);
    vb.push_back(scored ? value(b[i]) : kNaN);
  }
  return compare(va, vb, seed);
}

PairedEvaluation paired_evaluation(const std::vector<RaceEvaluation>& model,
                                   const std::vector<RaceEvaluation>& baseline, std::size_t k,
                                   std::uint64_t seed) {
  return {.model = summarize(model, k),
          .baseline = summarize(baseline, k),
          .ndcg = compare(model, baseline, Metric::Ndcg, seed),
          .ndcg_fixed = compare(model, baseline, Metric::NdcgFixedIdeal, seed),
          .correct = compare(model, baseline, Metric::Correct, seed)};
}

}  // namespace podium::rank
