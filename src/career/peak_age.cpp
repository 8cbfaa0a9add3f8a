// The age-of-peak-performance pipeline: cohort, rider types, groups, curves, intervals, tests.
#include "podium/career/peak_age.hpp"

#include <cmath>
#include <map>
#include <string>

#include "podium/core/error.hpp"

namespace podium::career {
namespace {

void validate(const PeakAgeOptions& o) {
  if (o.degree < 0 || o.degree > kMaxDegree)
    throw Error(ErrorKind::InvalidInput, "peak age: degree " + std::to_string(o.degree) +
                                             " outside 1.." + std::to_string(kMaxDegree) +
                                             " (0 = by cross-validation)");
}

// Fits one group: degree (fixed or CV), polynomial with bootstrap interval, mixed model.
GroupCurve fit_group(std::string type, std::string group, CurveData data, const PeakAgeOptions& o) {
  GroupCurve g;
  g.type = std::move(type);
  g.group = std::move(group);
  g.data = std::move(data);
  g.seasons = static_cast<int>(g.data.size());
  std::map<std::int32_t, int> athletes;
  for (std::int32_t a : g.data.athlete)
    ++athletes[a];
  g.athletes = static_cast<int>(athletes.size());
  try {
    if (o.degree > 0) {
      g.degree = o.degree;
    } else {
      g.cv = select_degree_cv(g.data, o.cv);
      g.degree = g.cv->degree;
    }
    g.curve = fit_polynomial(g.data, g.degree);
    if (o.model == CurveModel::Mixed) {
      g.peak.peak = find_peak(*g.curve, g.data.peak_lo(), g.data.peak_hi());
      g.peak.low = g.peak.high = NAN;
      g.peak.band_age = age_grid(g.data.peak_lo(), g.data.peak_hi(), o.bootstrap.band_points);
      for (double a : g.peak.band_age)
        g.peak.band_fit.push_back((*g.curve)(a));
    } else {
      g.peak = bootstrap_peak(g.data, g.degree, o.bootstrap);
    }
    if (o.model != CurveModel::Polynomial) {
      g.mixed = fit_mixed(g.data, g.degree, o.variance);
      g.mixed_peak = find_peak(g.mixed->fixed, g.data.peak_lo(), g.data.peak_hi());
    }
  } catch (const Error& e) {
    g.curve.reset();
    g.note = e.what();
  }
  return g;
}

CurveData merge(const CurveData& a, const CurveData& b) {
  CurveData out = a;
  out.age.insert(out.age.end(), b.age.begin(), b.age.end());
  out.y.insert(out.y.end(), b.y.begin(), b.y.end());
  out.athlete.insert(out.athlete.end(), b.athlete.begin(), b.athlete.end());
  return out;
}

int degree_for(const CurveData& d, const PeakAgeOptions& o) {
  return o.degree > 0 ? o.degree : select_degree_cv(d, o.cv).degree;
}

void add_test(PeakAgeStudy& s, const std::string& name_a, const CurveData& a, int degree_a,
              const std::string& name_b, const CurveData& b, int degree_b,
              const PeakAgeOptions& o) {
  GroupTest t;
  t.a = name_a;
  t.b = name_b;
  t.test = permutation_test_peak(a, degree_a, b, degree_b, o.permutation);
  s.tests.push_back(std::move(t));
}

}  // namespace

PeakAgeStudy peak_age_study(const ResultsTable& table, const PeakAgeOptions& o) {
  validate(o);
  const Cohort cohort = select_cohort(table, o.cohort);
  if (cohort.athletes.empty()) {
    throw Error(
        ErrorKind::InvalidInput,
        "peak age: no athlete with a birth day, more than " + std::to_string(o.cohort.min_points) +
            " points in " + std::to_string(o.cohort.from_season) + ".." +
            std::to_string(o.cohort.to_season) +
            (o.cohort.top_n > 0 ? " and a season in the top " + std::to_string(o.cohort.top_n)
                                : std::string()));
  }
  PeakAgeStudy s;
  s.athletes = static_cast<int>(cohort.athletes.size());
  s.seasons = static_cast<int>(cohort.seasons.size());

  const auto shares = type_shares(table, cohort, o.cohort);
  const KMeansResult km = kmeans(shares, o.clusters);
  s.silhouette = km.silhouette;
  const std::vector<std::string> names = name_clusters(km.centroids, column_means(shares));
  for (int c = 0; c < km.k; ++c) {
    const auto cu = static_cast<std::size_t>(c);
    s.types.push_back({names[cu], km.centroids[cu], km.sizes[cu]});
  }

  // Per type, the top and bottom halves by the level measure; seasons follow their athlete.
  std::map<std::int32_t, std::size_t> row_of;
  for (std::size_t i = 0; i < cohort.athletes.size(); ++i)
    row_of[cohort.athletes[i]] = i;
  std::vector<double> level = cohort.window_points;
  if (o.level == LevelSplit::PointsPerSeason) {
    std::vector<int> seasons(cohort.athletes.size(), 0);
    for (const AthleteSeason& season : cohort.seasons)
      ++seasons[row_of.at(season.athlete)];
    for (std::size_t i = 0; i < level.size(); ++i)
      level[i] = seasons[i] > 0 ? level[i] / seasons[i] : 0.0;
  }
  std::vector<bool> is_top(cohort.athletes.size(), false);
  for (int c = 0; c < km.k; ++c) {
    std::vector<std::size_t> members;
    std::vector<double> points;
    for (std::size_t i = 0; i < cohort.athletes.size(); ++i) {
      if (km.labels[i] != c) continue;
      members.push_back(i);
      points.push_back(level[i]);
    }
    const std::vector<bool> top = top_half(points);
    for (std::size_t m = 0; m < members.size(); ++m)
      is_top[members[m]] = top[m];
  }
  std::vector<CurveData> data(static_cast<std::size_t>(2 * km.k));  // [2c] top, [2c + 1] bottom
  for (const AthleteSeason& season : cohort.seasons) {
    const std::size_t i = row_of.at(season.athlete);
    CurveData& d = data[2 * static_cast<std::size_t>(km.labels[i]) + (is_top[i] ? 0 : 1)];
    d.age.push_back(season.age);
    d.y.push_back(season.performance);
    d.athlete.push_back(season.athlete);
  }
  for (int c = 0; c < km.k; ++c) {
    const std::string& name = s.types[static_cast<std::size_t>(c)].name;
    for (int half = 0; half < 2; ++half) {
      s.curves.push_back(
          fit_group(name, half == 0 ? "top" : "bottom",
                    data[2 * static_cast<std::size_t>(c) + static_cast<std::size_t>(half)], o));
    }
  }

  if (o.model == CurveModel::Joint) {
    JointStudyOptions jo = o.joint;
    jo.variance = o.variance;
    jo.resample.resamples = o.bootstrap.resamples;
    jo.resample.seed = o.bootstrap.seed;
    jo.resample.threads = o.bootstrap.threads;
    jo.resample.band_points = o.bootstrap.band_points;
    try {
      s.joint = joint_peak_study(table, cohort, o.cohort, km, names, is_top, shares, jo);
    } catch (const Error& e) {
      s.notes.push_back(std::string("joint model not fitted: ") + e.what());
    }
  }

  // Top vs bottom within each type, then GC/top against the pooled top halves of the rest.
  for (int c = 0; c < km.k; ++c) {
    const GroupCurve& top = s.curves[2 * static_cast<std::size_t>(c)];
    const GroupCurve& bottom = s.curves[2 * static_cast<std::size_t>(c) + 1];
    if (!top.curve || !bottom.curve) continue;
    add_test(s, top.type + "/top", top.data, top.degree, bottom.type + "/bottom", bottom.data,
             bottom.degree, o);
  }
  for (int c = 0; c < km.k; ++c) {
    const GroupCurve& gc = s.curves[2 * static_cast<std::size_t>(c)];
    if (gc.type != "GC" || !gc.curve || km.k < 2) continue;
    CurveData rest;
    for (int other = 0; other < km.k; ++other)
      if (other != c) rest = merge(rest, s.curves[2 * static_cast<std::size_t>(other)].data);
    try {
      add_test(s, "GC/top", gc.data, gc.degree, "rest/top", rest, degree_for(rest, o), o);
    } catch (const Error& e) {
      s.notes.push_back(std::string("GC/top vs rest/top not tested: ") + e.what());
    }
  }
  return s;
}

}  // namespace podium::career
