// Athlete bootstrap and leave-one-athlete-out of the joint model at fixed variance parameters:
// every athlete's contribution to X'V^-1 X and X'V^-1 y is computed once, so a resample is a
// weighted sum of blocks and one solve.
#include "podium/career/joint_peaks.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "joint_blocks.hpp"
#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/core/quantile.hpp"
#include "podium/core/random.hpp"
#include "podium/core/threads.hpp"

namespace podium::career {
namespace {

constexpr int kJointPeakGridSteps = 200;

void joint_check_curves(const JointFit& fit, const std::vector<JointCurve>& curves,
                        const std::vector<std::pair<int, int>>& contrasts) {
  for (const JointCurve& c : curves) {
    if (c.parts.empty() || !(c.lo < c.hi))
      reject_option("joint peaks", "curve " + c.name, "lo/hi/parts", "needs parts and lo < hi");
    for (const auto& [g, w] : c.parts)
      if (g < 0 || g >= fit.groups)
        reject_option("joint peaks", "curve " + c.name + " group", g, "must be 0..groups-1");
  }
  const auto n = static_cast<int>(curves.size());
  for (const auto& [a, b] : contrasts)
    if (a < 0 || a >= n || b < 0 || b >= n)
      reject_option("joint peaks", "contrast", std::to_string(a) + "," + std::to_string(b),
                    "indices must be 0..curves-1");
}

// beta -> peaks of every curve (and the band values when `band_age` is given).
struct JointReading {
  std::vector<Peak> peaks;
  std::vector<std::vector<double>> band;  // per curve, per band age
};

JointReading joint_read(const JointFit& fit, const std::vector<JointCurve>& curves,
                        const std::vector<std::vector<double>>* band_age) {
  JointReading r;
  for (std::size_t c = 0; c < curves.size(); ++c) {
    r.peaks.push_back(joint_curve_peak(fit, curves[c]));
    if (band_age == nullptr) continue;
    std::vector<double> values;
    values.reserve((*band_age)[c].size());
    for (double a : (*band_age)[c])
      values.push_back(joint_curve_value(fit, curves[c], a, fit.reference_season));
    r.band.push_back(std::move(values));
  }
  return r;
}

double joint_bootstrap_p(const std::vector<double>& deltas) {
  double below = 1.0, above = 1.0;
  for (double d : deltas) {
    below += d <= 0.0 ? 1.0 : 0.0;
    above += d >= 0.0 ? 1.0 : 0.0;
  }
  const double n = static_cast<double>(deltas.size()) + 1.0;
  return std::min(1.0, 2.0 * std::min(below, above) / n);
}

}  // namespace

double joint_curve_value(const JointFit& fit, const JointCurve& curve, double age, int season) {
  double v = 0.0;
  for (const auto& [g, w] : curve.parts)
    v += w * fit.curve(g, age, season);
  return v;
}

Peak joint_curve_peak(const JointFit& fit, const JointCurve& curve) {
  return find_maximum(
      [&](double a) { return joint_curve_value(fit, curve, a, fit.reference_season); }, curve.lo,
      curve.hi, kJointPeakGridSteps);
}

JointPeaks joint_peaks(const JointData& d, const JointFit& fit,
                       const std::vector<JointCurve>& curves,
                       const std::vector<std::pair<int, int>>& contrasts,
                       const JointResampleOptions& o) {
  require_option(o.resamples >= 0, "joint peaks", "resamples", o.resamples, "must be >= 0");
  require_option(o.band_points >= 2, "joint peaks", "band_points", o.band_points, "must be >= 2");
  require_option(o.influence_top >= 0, "joint peaks", "influence_top", o.influence_top,
                 "must be >= 0");
  joint_check_curves(fit, curves, contrasts);
  const detail::JointBlocks b = detail::make_joint_blocks(d, fit.basis, fit.slope_scale_years);
  std::vector<detail::JointContribution> parts;
  parts.reserve(b.blocks.size());
  Eigen::MatrixXd xvx_all = Eigen::MatrixXd::Zero(b.p, b.p);
  Eigen::VectorXd xvy_all = Eigen::VectorXd::Zero(b.p);
  std::vector<int> column_users(static_cast<std::size_t>(b.p), 0);
  for (const auto& blk : b.blocks) {
    parts.push_back(detail::joint_contribution(blk, fit.theta));
    detail::joint_scatter(blk, parts.back(), 1.0, xvx_all, xvy_all);
    for (Eigen::Index c : blk.cols)
      ++column_users[static_cast<std::size_t>(c)];
  }

  JointPeaks out;
  std::vector<std::vector<double>> band_age;
  band_age.reserve(curves.size());
  for (const JointCurve& c : curves)
    band_age.push_back(age_grid(c.lo, c.hi, o.band_points));
  const JointReading full = joint_read(fit, curves, &band_age);
  for (std::size_t c = 0; c < curves.size(); ++c) {
    PeakInterval p;
    p.peak = full.peaks[c];
    p.low = p.high = NAN;
    p.band_age = band_age[c];
    p.band_fit = full.band[c];
    out.peaks.push_back(std::move(p));
  }
  for (const auto& [a, bb] : contrasts) {
    DifferenceInterval di;
    di.delta =
        full.peaks[static_cast<std::size_t>(a)].age - full.peaks[static_cast<std::size_t>(bb)].age;
    di.low = di.high = NAN;
    out.differences.push_back(di);
  }

  // Bootstrap: multiplicities per athlete, drawn within strata.
  if (o.resamples > 0) {
    std::map<int, std::vector<std::size_t>> strata;
    for (std::size_t i = 0; i < b.blocks.size(); ++i)
      strata[b.blocks[i].group].push_back(i);
    struct JointReplicate {
      bool ok = false;
      JointReading reading;
    };
    std::vector<JointReplicate> reps(static_cast<std::size_t>(o.resamples));
    // Rows per block, in the blocks' order (first appearance of the athlete), for refits.
    std::vector<std::vector<std::size_t>> rows_of_block(b.blocks.size());
    if (o.refit_covariance) {
      std::map<std::int32_t, std::size_t> block_of;
      for (std::size_t i = 0; i < b.blocks.size(); ++i)
        block_of[b.blocks[i].key] = i;
      for (std::size_t r = 0; r < d.size(); ++r)
        rows_of_block[block_of.at(d.athlete[r])].push_back(r);
    }
    parallel_for(o.resamples, o.threads, [&](int r) {
      Rng rng(o.seed, static_cast<std::uint64_t>(r));
      std::vector<int> times(b.blocks.size(), 0);
      for (const auto& [g, members] : strata)
        for (std::size_t k = 0; k < members.size(); ++k)
          ++times[members[rng.below(members.size())]];
      JointReplicate& rep = reps[static_cast<std::size_t>(r)];
      if (o.refit_covariance) {
        JointData sample;
        sample.groups = d.groups;
        sample.seasons = d.seasons;
        std::int32_t copy = 0;
        for (std::size_t i = 0; i < b.blocks.size(); ++i) {
          for (int t = 0; t < times[i]; ++t, ++copy) {
            for (std::size_t row : rows_of_block[i]) {
              sample.age.push_back(d.age[row]);
              sample.y.push_back(d.y[row]);
              sample.weight.push_back(d.weight[row]);
              sample.athlete.push_back(copy);
              sample.group.push_back(d.group[row]);
              sample.season.push_back(d.season[row]);
            }
          }
        }
        try {
          JointFit f = fit_joint(sample, {fit.basis, fit.variance, fit.slope_scale_years});
          f.reference_season = fit.reference_season;
          rep.reading = joint_read(f, curves, &band_age);
          rep.ok = true;
        } catch (const Error&) {
          rep.ok = false;  // e.g. a group left with too few distinct ages
        }
        return;
      }
      Eigen::MatrixXd xvx = Eigen::MatrixXd::Zero(b.p, b.p);
      Eigen::VectorXd xvy = Eigen::VectorXd::Zero(b.p);
      std::vector<bool> active(static_cast<std::size_t>(b.p), false);
      for (std::size_t i = 0; i < b.blocks.size(); ++i) {
        if (times[i] == 0) continue;
        detail::joint_scatter(b.blocks[i], parts[i], times[i], xvx, xvy);
        for (Eigen::Index c : b.blocks[i].cols)
          active[static_cast<std::size_t>(c)] = true;
      }
      Eigen::VectorXd beta;
      if (!detail::joint_solve(active, xvx, xvy, beta, nullptr)) return;
      JointFit f = fit;
      f.beta.assign(beta.data(), beta.data() + beta.size());
      rep.reading = joint_read(f, curves, &band_age);
      rep.ok = true;
    });
    std::vector<std::vector<double>> peak_ages(curves.size());
    std::vector<std::vector<std::vector<double>>> band_values(curves.size());
    for (std::size_t c = 0; c < curves.size(); ++c)
      band_values[c].resize(band_age[c].size());
    std::vector<std::vector<double>> deltas(contrasts.size());
    for (const auto& rep : reps) {
      if (!rep.ok) continue;
      for (std::size_t c = 0; c < curves.size(); ++c) {
        peak_ages[c].push_back(rep.reading.peaks[c].age);
        if (!rep.reading.peaks[c].interior) ++out.peaks[c].boundary_peaks;
        for (std::size_t g = 0; g < band_age[c].size(); ++g)
          band_values[c][g].push_back(rep.reading.band[c][g]);
      }
      for (std::size_t k = 0; k < contrasts.size(); ++k) {
        deltas[k].push_back(rep.reading.peaks[static_cast<std::size_t>(contrasts[k].first)].age -
                            rep.reading.peaks[static_cast<std::size_t>(contrasts[k].second)].age);
      }
    }
    for (std::size_t c = 0; c < curves.size(); ++c) {
      auto& ages = peak_ages[c];
      PeakInterval& p = out.peaks[c];
      p.resamples_used = static_cast<int>(ages.size());
      if (ages.empty()) continue;
      std::sort(ages.begin(), ages.end());
      p.low = sorted_quantile(ages, 0.025);
      p.high = sorted_quantile(ages, 0.975);
      for (auto& values : band_values[c]) {
        std::sort(values.begin(), values.end());
        p.band_low.push_back(sorted_quantile(values, 0.025));
        p.band_high.push_back(sorted_quantile(values, 0.975));
      }
    }
    for (std::size_t k = 0; k < contrasts.size(); ++k) {
      DifferenceInterval& di = out.differences[k];
      di.resamples_used = static_cast<int>(deltas[k].size());
      if (deltas[k].empty()) continue;
      di.p = joint_bootstrap_p(deltas[k]);
      std::sort(deltas[k].begin(), deltas[k].end());
      di.low = sorted_quantile(deltas[k], 0.025);
      di.high = sorted_quantile(deltas[k], 0.975);
    }
  }

  // Leave one athlete out: exact at the fixed variance parameters.
  out.influence.resize(curves.size());
  if (o.influence_top > 0) {
    std::vector<std::vector<double>> change(b.blocks.size());
    parallel_for(static_cast<int>(b.blocks.size()), o.threads, [&](int i) {
      const auto iu = static_cast<std::size_t>(i);
      Eigen::MatrixXd xvx = xvx_all;
      Eigen::VectorXd xvy = xvy_all;
      detail::joint_scatter(b.blocks[iu], parts[iu], -1.0, xvx, xvy);
      std::vector<bool> active(static_cast<std::size_t>(b.p));
      for (std::size_t c = 0; c < active.size(); ++c)
        active[c] = column_users[c] > 0;
      for (Eigen::Index c : b.blocks[iu].cols)
        active[static_cast<std::size_t>(c)] = column_users[static_cast<std::size_t>(c)] > 1;
      Eigen::VectorXd beta;
      if (!detail::joint_solve(active, xvx, xvy, beta, nullptr)) return;
      JointFit f = fit;
      f.beta.assign(beta.data(), beta.data() + beta.size());
      const JointReading r = joint_read(f, curves, nullptr);
      for (std::size_t c = 0; c < curves.size(); ++c)
        change[iu].push_back(r.peaks[c].age - full.peaks[c].age);
    });
    for (std::size_t c = 0; c < curves.size(); ++c) {
      std::vector<AthleteInfluence> all;
      for (std::size_t i = 0; i < b.blocks.size(); ++i) {
        if (change[i].empty()) continue;
        all.push_back({b.blocks[i].key, b.blocks[i].rows, change[i][c]});
      }
      const std::size_t keep = std::min(all.size(), static_cast<std::size_t>(o.influence_top));
      std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(),
                        [](const AthleteInfluence& x, const AthleteInfluence& y) {
                          if (std::abs(x.peak_change) != std::abs(y.peak_change))
                            return std::abs(x.peak_change) > std::abs(y.peak_change);
                          return x.athlete < y.athlete;
                        });
      all.resize(keep);
      out.influence[c] = std::move(all);
    }
  }
  return out;
}

}  // namespace podium::career
