// The joint model inside the peak-age study: rows from the cohort, the groups' curves and
// contrasts, the bootstrap and leave-one-out, and the soft-membership refit.
#include "podium/career/joint_study.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "podium/core/error.hpp"
#include "podium/core/holm.hpp"
#include "podium/core/option.hpp"

namespace podium::career {
namespace {

constexpr double kJointMinMembership = 0.01;
constexpr double kJointPolynomialCentre = 27.0;  // years; numerics only (a reparametrisation)

double joint_row_weight(const AthleteSeason& s, PerformanceMeasure m) {
  switch (m) {
    case PerformanceMeasure::PointsPerRace:
      return s.races;
    case PerformanceMeasure::PointsPerRaceDay:
      return s.race_days;
    case PerformanceMeasure::TotalPoints:
      return 1.0;
  }
  return 1.0;
}

double joint_percentile_range(std::vector<double> ages, bool high) {
  CurveData d;
  d.age = std::move(ages);
  return high ? d.peak_hi() : d.peak_lo();
}

// Membership-weighted median: the smallest value whose cumulative weight reaches half.
double joint_weighted_median(std::vector<std::pair<double, double>> values) {
  std::sort(values.begin(), values.end());
  double total = 0.0;
  for (const auto& v : values)
    total += v.second;
  double sum = 0.0;
  for (const auto& [x, w] : values) {
    sum += w;
    if (sum >= total / 2.0) return x;
  }
  return values.empty() ? 0.0 : values.back().first;
}

void joint_holm(std::vector<JointDifferenceResult>& d) {
  std::vector<double> p;
  p.reserve(d.size());
  for (const JointDifferenceResult& r : d)
    p.push_back(r.hard.p);
  const std::vector<double> adjusted = holm_adjust(p);
  for (std::size_t k = 0; k < d.size(); ++k)
    d[k].p_holm = adjusted[k];
}

}  // namespace

JointStudy joint_peak_study(const ResultsTable& table, const Cohort& cohort,
                            const CohortOptions& co, const KMeansResult& km,
                            const std::vector<std::string>& names, const std::vector<bool>& is_top,
                            const std::vector<std::vector<double>>& shares,
                            const JointStudyOptions& o) {
  require_option(o.min_races >= 1, "joint model", "min_races", o.min_races, "must be >= 1");
  JointStudy s;
  s.first_season = co.from_season;
  std::map<std::int32_t, std::size_t> row_of;
  for (std::size_t i = 0; i < cohort.athletes.size(); ++i)
    row_of[cohort.athletes[i]] = i;

  // Hard data: one group per type x level.
  JointData d;
  d.groups = 2 * km.k;
  d.seasons = co.to_season - co.from_season + 1;
  std::vector<std::vector<double>> group_ages(static_cast<std::size_t>(d.groups));
  std::vector<std::set<std::int32_t>> group_athletes(static_cast<std::size_t>(d.groups));
  std::vector<int> group_rows(static_cast<std::size_t>(d.groups), 0);
  std::set<std::int32_t> athletes;
  for (const AthleteSeason& season : cohort.seasons) {
    if (season.races < o.min_races) {
      ++s.dropped_seasons;
      continue;
    }
    const std::size_t i = row_of.at(season.athlete);
    const int g = 2 * km.labels[i] + (is_top[i] ? 0 : 1);
    d.age.push_back(season.age);
    d.y.push_back(season.performance);
    d.weight.push_back(joint_row_weight(season, co.measure));
    d.athlete.push_back(season.athlete);
    d.group.push_back(g);
    d.season.push_back(season.season - co.from_season);
    group_ages[static_cast<std::size_t>(g)].push_back(season.age);
    group_athletes[static_cast<std::size_t>(g)].insert(season.athlete);
    ++group_rows[static_cast<std::size_t>(g)];
    athletes.insert(season.athlete);
  }
  s.rows = static_cast<int>(d.size());
  s.athletes = static_cast<int>(athletes.size());
  JointOptions jo;
  jo.basis = o.degree > 0 ? polynomial_basis(o.degree, kJointPolynomialCentre)
                          : spline_basis(d.age, o.knots);
  jo.variance = o.variance;
  s.fit = fit_joint(d, jo);

  // Curves: each group, then GC/top's comparison curve (the other types' top halves averaged
  // with weights by athletes).
  std::vector<JointCurve> curves;
  for (int g = 0; g < d.groups; ++g) {
    const auto gu = static_cast<std::size_t>(g);
    JointGroupResult r;
    r.type = names[gu / 2];
    r.group = g % 2 == 0 ? "top" : "bottom";
    r.name = r.type + "/" + r.group;
    r.athletes = static_cast<int>(group_athletes[gu].size());
    r.seasons = group_rows[gu];
    r.lo = joint_percentile_range(group_ages[gu], false);
    r.hi = joint_percentile_range(group_ages[gu], true);
    curves.push_back({r.name, {{g, 1.0}}, r.lo, r.hi});
    s.curves.push_back(std::move(r));
  }
  std::vector<std::pair<int, int>> contrasts;
  for (int c = 0; c < km.k; ++c) {
    contrasts.emplace_back(2 * c, 2 * c + 1);
    const auto top = 2 * static_cast<std::size_t>(c);
    s.differences.push_back({s.curves[top].name, s.curves[top + 1].name, {}, {}});
  }
  const auto gc = std::find(names.begin(), names.end(), "GC");
  if (gc != names.end() && km.k >= 2) {
    const int c_gc = static_cast<int>(gc - names.begin());
    JointGroupResult rest;
    rest.name = "rest/top";
    rest.type = "rest";
    rest.group = "top";
    std::vector<double> ages;
    JointCurve curve{"rest/top", {}, 0.0, 0.0};
    for (int c = 0; c < km.k; ++c) {
      if (c == c_gc) continue;
      const auto gu = 2 * static_cast<std::size_t>(c);
      rest.athletes += static_cast<int>(group_athletes[gu].size());
      rest.seasons += group_rows[gu];
      ages.insert(ages.end(), group_ages[gu].begin(), group_ages[gu].end());
      curve.parts.emplace_back(2 * c, static_cast<double>(group_athletes[gu].size()));
    }
    for (auto& part : curve.parts)
      part.second /= rest.athletes;
    rest.lo = curve.lo = joint_percentile_range(ages, false);
    rest.hi = curve.hi = joint_percentile_range(std::move(ages), true);
    curves.push_back(curve);
    s.curves.push_back(std::move(rest));
    contrasts.emplace_back(2 * c_gc, static_cast<int>(curves.size()) - 1);
    s.differences.push_back({"GC/top", "rest/top", {}, {}});
  }

  const JointPeaks peaks = joint_peaks(d, s.fit, curves, contrasts, o.resample);
  for (std::size_t c = 0; c < curves.size(); ++c) {
    s.curves[c].peak = peaks.peaks[c];
    for (const AthleteInfluence& a : peaks.influence[c]) {
      s.curves[c].influence.push_back(
          {table.athletes[static_cast<std::size_t>(a.athlete)].id, a.rows, a.peak_change});
    }
  }
  for (std::size_t k = 0; k < contrasts.size(); ++k)
    s.differences[k].hard = peaks.differences[k];
  joint_holm(s.differences);

  if (!o.soft || km.k < 2) {
    s.note = km.k < 2 ? "one rider type: no soft membership" : "";
    return s;
  }
  // Soft membership (see the header for the temperature).
  const std::size_t dims = shares.empty() ? 0 : shares.front().size();
  s.soft_temperature = 2.0 * km.inertia / (static_cast<double>(shares.size() * dims));
  std::vector<std::vector<double>> member(cohort.athletes.size());
  for (std::size_t i = 0; i < cohort.athletes.size(); ++i) {
    std::vector<double> logit;
    for (const auto& centroid : km.centroids) {
      double d2 = 0.0;
      for (std::size_t j = 0; j < dims; ++j)
        d2 += (shares[i][j] - centroid[j]) * (shares[i][j] - centroid[j]);
      logit.push_back(-d2);
    }
    // No spread within clusters (T = 0) is the hard limit: all weight on the nearest centroid.
    const double temperature = s.soft_temperature > 0.0 ? s.soft_temperature : 1e-300;
    for (double& l : logit)
      l /= temperature;
    const double top = *std::max_element(logit.begin(), logit.end());
    double sum = 0.0;
    for (double& l : logit)
      sum += (l = std::exp(l - top));
    double kept = 0.0;
    for (double& l : logit) {
      l /= sum;
      if (l < kJointMinMembership) l = 0.0;
      kept += l;
    }
    for (double& l : logit)
      l /= kept;
    member[i] = std::move(logit);
  }
  // Points per season entered (the level measure) per cohort athlete.
  std::vector<int> seasons_of(cohort.athletes.size(), 0);
  for (const AthleteSeason& season : cohort.seasons)
    ++seasons_of[row_of.at(season.athlete)];
  std::vector<double> pps(cohort.athletes.size(), 0.0);
  for (std::size_t i = 0; i < pps.size(); ++i)
    pps[i] = seasons_of[i] > 0 ? cohort.window_points[i] / seasons_of[i] : 0.0;
  std::vector<double> median(static_cast<std::size_t>(km.k));
  for (int c = 0; c < km.k; ++c) {
    std::vector<std::pair<double, double>> values;
    for (std::size_t i = 0; i < pps.size(); ++i)
      if (member[i][static_cast<std::size_t>(c)] > 0.0)
        values.emplace_back(pps[i], member[i][static_cast<std::size_t>(c)]);
    median[static_cast<std::size_t>(c)] = joint_weighted_median(std::move(values));
  }
  JointData soft;
  soft.groups = d.groups;
  soft.seasons = d.seasons;
  for (const AthleteSeason& season : cohort.seasons) {
    if (season.races < o.min_races) continue;
    const std::size_t i = row_of.at(season.athlete);
    for (int c = 0; c < km.k; ++c) {
      const double m = member[i][static_cast<std::size_t>(c)];
      if (m <= 0.0) continue;
      const bool top = pps[i] >= median[static_cast<std::size_t>(c)];
      soft.age.push_back(season.age);
      soft.y.push_back(season.performance);
      soft.weight.push_back(joint_row_weight(season, co.measure) * m);
      soft.athlete.push_back(season.athlete);
      soft.group.push_back(2 * c + (top ? 0 : 1));
      soft.season.push_back(season.season - co.from_season);
    }
  }
  try {
    s.soft_fit = fit_joint(soft, jo);
    std::vector<double> soft_age(curves.size());
    for (std::size_t c = 0; c < curves.size(); ++c) {
      s.curves[c].soft_peak = joint_curve_peak(*s.soft_fit, curves[c]);
      soft_age[c] = s.curves[c].soft_peak->age;
    }
    for (std::size_t k = 0; k < contrasts.size(); ++k)
      s.differences[k].soft_delta = soft_age[static_cast<std::size_t>(contrasts[k].first)] -
                                    soft_age[static_cast<std::size_t>(contrasts[k].second)];
  } catch (const Error& e) {
    s.note = std::string("soft membership not fitted: ") + e.what();
  }
  return s;
}

}  // namespace podium::career
