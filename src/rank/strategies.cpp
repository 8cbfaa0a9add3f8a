#include "podium/rank/strategies.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/core/quantile.hpp"
#include "podium/core/random.hpp"
#include "podium/rank/baseline.hpp"

namespace podium::rank {

namespace {

struct Point {
  double value;
  std::size_t row;
};

// [begin, end) positions into the sorted points.
struct Group {
  std::size_t begin, end;
  std::size_t size() const { return end - begin; }
};

std::vector<Group> quantile_groups(const std::vector<Point>& p, std::size_t bins) {
  std::vector<Group> groups;
  std::size_t begin = 0;
  for (std::size_t b = 1; b <= bins && begin < p.size(); ++b) {
    std::size_t end = b == bins ? p.size() : (b * p.size() + bins / 2) / bins;
    end = std::max(end, begin + 1);
    while (end < p.size() && p[end].value == p[end - 1].value)
      ++end;
    groups.push_back({begin, end});
    begin = end;
  }
  return groups;
}

std::vector<Group> value_groups(const std::vector<Point>& p) {
  std::vector<Group> groups;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (i == 0 || p[i].value != p[i - 1].value) groups.push_back({i, i});
    groups.back().end = i + 1;
  }
  return groups;
}

void merge_small(std::vector<Group>& groups, std::size_t min_rows) {
  while (groups.size() > 1) {
    std::size_t smallest = 0;
    for (std::size_t g = 1; g < groups.size(); ++g) {
      if (groups[g].size() < groups[smallest].size()) smallest = g;
    }
    if (groups[smallest].size() >= min_rows) return;
    const bool left = smallest + 1 == groups.size() ||
                      (smallest > 0 && groups[smallest - 1].size() <= groups[smallest + 1].size());
    const std::size_t keep = left ? smallest - 1 : smallest;
    groups[keep].end = groups[keep + 1].end;
    groups.erase(groups.begin() + static_cast<std::ptrdiff_t>(keep) + 1);
  }
}

std::string format_value(double v, bool integer) {
  char buf[32];
  std::snprintf(buf, sizeof buf, integer ? "%.0f" : "%.3g", v);
  return buf;
}

std::string bin_label(double lo, double hi, bool integer) {
  std::string a = format_value(lo, integer);
  const std::string b = format_value(hi, integer);
  if (integer) {
    // "3-5" reads well for counts; a negative start needs words ("-526 to 0").
    if (lo == hi) return a;
    return a + (lo < 0 ? " to " : "-") + b;
  }
  // Appends, not "[" + string: GCC 12 -Wrestrict misfires on literal + temporary string.
  std::string label = "[";
  label += a;
  label += ", ";
  label += b;
  label += "]";
  return label;
}

std::string describe(const std::string& factor) {
  if (factor == "race_days_14d") return "race days in the 14 days before";
  if (factor == "race_days_28d") return "race days in the 28 days before";
  if (factor == "race_days_42d") return "race days in the 42 days before";
  if (factor == "days_since_last_race") return "days of rest since the last race";
  if (factor == "trend_points_42d") return "points gained in the last 42 days over the 42 before";
  return factor;
}

std::string signed_value(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.3f", v);
  return buf;
}

std::string bin_sentence(const DependenceBin& b) {
  char share[32];
  std::snprintf(share, sizeof share, "%.0f %%", 100.0 * b.top10_share);
  return b.label + " (mean SHAP " + signed_value(b.mean_shap) + ", 95 % CI " +
         signed_value(b.ci_low) + " to " + signed_value(b.ci_high) + "; " + share + " of " +
         std::to_string(b.n) + " riders finished top 10)";
}

}  // namespace

std::vector<FactorDependence> shap_dependence(const RankDataset& data, std::span<const float> shap,
                                              const StrategyOptions& options) {
  const std::size_t width = data.features() + 1;
  if (shap.size() != data.rows() * width) {
    throw Error(ErrorKind::InvalidInput,
                "shap_dependence: shap has " + std::to_string(shap.size()) + " values, expected " +
                    std::to_string(data.rows()) + " rows x " + std::to_string(width) + " columns");
  }
  for (const auto& [field, value] : {std::pair{"quantile_bins", options.quantile_bins},
                                     {"min_bin_rows", options.min_bin_rows},
                                     {"resamples", options.resamples}})
    require_option(value >= 1, "shap_dependence", field, value, "must be >= 1");
  std::vector<std::size_t> query_of(data.rows());
  for (std::size_t q = 0; q < data.queries(); ++q) {
    for (std::size_t i = data.query_offsets[q]; i < data.query_offsets[q + 1]; ++i)
      query_of[i] = q;
  }
  std::vector<FactorDependence> out;
  for (const std::string& factor : options.factors) {
    const std::size_t col = feature_column(data, factor);
    FactorDependence dep;
    dep.factor = factor;
    std::vector<Point> points;
    bool integer = true;
    for (std::size_t i = 0; i < data.rows(); ++i) {
      const double v = data.x[i * data.features() + col];
      if (std::isnan(v)) {
        ++dep.missing;
        continue;
      }
      integer = integer && v == std::floor(v);
      points.push_back({v, i});
    }
    std::stable_sort(points.begin(), points.end(),
                     [](const Point& a, const Point& b) { return a.value < b.value; });
    std::vector<Group> groups = value_groups(points);
    dep.integer_bins = integer && groups.size() <= options.max_integer_bins;
    if (!dep.integer_bins) groups = quantile_groups(points, options.quantile_bins);
    merge_small(groups, options.min_bin_rows);

    // Per (query, bin) sums so a bootstrap resample of races is a weighted sum.
    const std::size_t n_bins = groups.size();
    std::vector<double> sums(data.queries() * n_bins, 0.0);
    std::vector<double> counts(data.queries() * n_bins, 0.0);
    for (std::size_t g = 0; g < n_bins; ++g) {
      DependenceBin bin;
      bin.lo = points[groups[g].begin].value;
      bin.hi = points[groups[g].end - 1].value;
      bin.label = bin_label(bin.lo, bin.hi, integer);
      bin.n = groups[g].size();
      double total = 0.0;
      std::size_t top = 0;
      for (std::size_t p = groups[g].begin; p < groups[g].end; ++p) {
        const std::size_t row = points[p].row;
        const double s = shap[row * width + col];
        total += s;
        top += data.labels[row] > 0.0F ? 1 : 0;
        sums[query_of[row] * n_bins + g] += s;
        counts[query_of[row] * n_bins + g] += 1.0;
      }
      bin.mean_shap = total / static_cast<double>(bin.n);
      bin.top10_share = static_cast<double>(top) / static_cast<double>(bin.n);
      dep.bins.push_back(bin);
    }
    Rng rng(options.seed);
    std::vector<std::vector<double>> means(n_bins);
    std::vector<double> sum(n_bins);
    std::vector<double> count(n_bins);
    for (std::size_t r = 0; r < options.resamples; ++r) {
      std::fill(sum.begin(), sum.end(), 0.0);
      std::fill(count.begin(), count.end(), 0.0);
      for (std::size_t i = 0; i < data.queries(); ++i) {
        const std::size_t q = rng.below(data.queries());
        for (std::size_t g = 0; g < n_bins; ++g) {
          sum[g] += sums[q * n_bins + g];
          count[g] += counts[q * n_bins + g];
        }
      }
      for (std::size_t g = 0; g < n_bins; ++g) {
        if (count[g] > 0.0) means[g].push_back(sum[g] / count[g]);
      }
    }
    for (std::size_t g = 0; g < n_bins; ++g) {
      std::sort(means[g].begin(), means[g].end());
      dep.bins[g].ci_low = sorted_quantile(means[g], (1.0 - kIntervalConfidence) / 2.0);
      dep.bins[g].ci_high = sorted_quantile(means[g], (1.0 + kIntervalConfidence) / 2.0);
    }
    out.push_back(std::move(dep));
  }
  return out;
}

std::string strategy_report(const std::vector<FactorDependence>& dependences) {
  std::string text;
  for (const FactorDependence& dep : dependences) {
    text += dep.factor + " (" + describe(dep.factor) + "): ";
    if (dep.bins.size() < 2) {
      text += "too few distinct values to compare.\n";
      continue;
    }
    const auto by_mean = [](const DependenceBin& a, const DependenceBin& b) {
      return a.mean_shap < b.mean_shap;
    };
    const DependenceBin& high = *std::max_element(dep.bins.begin(), dep.bins.end(), by_mean);
    const DependenceBin& low = *std::min_element(dep.bins.begin(), dep.bins.end(), by_mean);
    text += "highest for " + bin_sentence(high) + ", lowest for " + bin_sentence(low) + ". ";
    if (high.ci_low > low.ci_high) {
      text += "Riders with " + high.label + " " + describe(dep.factor) +
              " went with higher model scores (a better predicted placing) than riders with " +
              low.label + ".\n";
    } else {
      text += "The intervals overlap: no clear association.\n";
    }
  }
  text +=
      "These are associations in past races, not causes: teams choose programmes, and stronger "
      "riders race differently.\n";
  return text;
}

}  // namespace podium::rank
