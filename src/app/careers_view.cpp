#include "careers_view.hpp"

#include "podium/core/error.hpp"
#include "podium/core/json.hpp"
#include "podium/core/option.hpp"
#include "results_store.hpp"

namespace podium::app {
namespace {

int careers_parse_int(const std::string& text, const char* option, int lo, int hi) {
  std::size_t used = 0;
  int v = 0;
  try {
    v = std::stoi(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || v < lo || v > hi) {
    throw Error(ErrorKind::InvalidInput, std::string(option) + ": '" + text +
                                             "' is not 'auto' or " + std::to_string(lo) + ".." +
                                             std::to_string(hi));
  }
  return v;
}

nlohmann::json careers_peak_json(const career::PeakInterval& p) {
  nlohmann::json j = {{"peak_age", p.peak.age},
                      {"peak_interior", p.peak.interior},
                      {"peak_value", p.peak.value},
                      {"ci95", {json::number_or_null(p.low), json::number_or_null(p.high)}},
                      {"bootstrap_used", p.resamples_used},
                      {"bootstrap_boundary_peaks", p.boundary_peaks}};
  nlohmann::json curve = {{"age", p.band_age}, {"fit", p.band_fit}};
  if (!p.band_low.empty()) {
    curve["lo"] = p.band_low;
    curve["hi"] = p.band_high;
  }
  j["curve"] = std::move(curve);
  return j;
}

nlohmann::json careers_fit_json(const career::JointFit& f, int first_season) {
  nlohmann::json basis = {{"kind", f.basis.kind == career::JointBasisKind::Spline
                                       ? "natural-cubic-spline"
                                       : "polynomial"}};
  if (f.basis.kind == career::JointBasisKind::Spline) {
    basis["knots"] = f.basis.knots;
  } else {
    basis["degree"] = f.basis.degree;
    basis["centre"] = f.basis.centre;
  }
  return {{"basis", basis},
          {"coefficients", f.beta},
          {"sigma2_residual", f.sigma2},
          {"var_intercept", f.var_intercept},
          {"var_slope", f.var_slope},
          {"slope_per_years", f.slope_scale_years},
          {"corr_intercept_slope", f.corr},
          {"slope_centre", f.centre},
          {"minus_two_log_likelihood", f.minus_two_log_likelihood},
          {"evaluations", f.evaluations},
          {"athletes", f.athletes},
          {"reference_season", first_season + f.reference_season}};
}

nlohmann::json careers_joint_json(const career::JointStudy& s) {
  nlohmann::json j = {{"rows", s.rows},
                      {"athletes", s.athletes},
                      {"dropped_seasons", s.dropped_seasons},
                      {"fit", careers_fit_json(s.fit, s.first_season)},
                      {"soft_temperature", s.soft_temperature},
                      {"note", s.note},
                      {"groups", nlohmann::json::array()},
                      {"differences", nlohmann::json::array()}};
  if (s.soft_fit) j["soft_fit"] = careers_fit_json(*s.soft_fit, s.first_season);
  for (const auto& g : s.curves) {
    nlohmann::json row = careers_peak_json(g.peak);
    row["name"] = g.name;
    row["type"] = g.type;
    row["group"] = g.group;
    row["athletes"] = g.athletes;
    row["seasons"] = g.seasons;
    row["age_range"] = {g.lo, g.hi};
    row["soft_peak_age"] = g.soft_peak ? nlohmann::json(g.soft_peak->age) : nlohmann::json();
    nlohmann::json influence = nlohmann::json::array();
    for (const auto& i : g.influence)
      influence.push_back(
          {{"athlete", i.athlete}, {"seasons", i.seasons}, {"peak_change", i.peak_change}});
    row["influence"] = std::move(influence);
    j["groups"].push_back(std::move(row));
  }
  for (const auto& d : s.differences) {
    j["differences"].push_back(
        {{"a", d.a},
         {"b", d.b},
         {"delta_years", d.hard.delta},
         {"ci95", {json::number_or_null(d.hard.low), json::number_or_null(d.hard.high)}},
         {"p_bootstrap", d.hard.p},
         {"p_holm", d.p_holm},
         {"bootstrap_used", d.hard.resamples_used},
         {"soft_delta_years", d.soft_delta ? nlohmann::json(*d.soft_delta) : nlohmann::json()}});
  }
  return j;
}

}  // namespace

career::PeakAgeOptions peak_age_options(const PeakAgeRequest& a) {
  career::PeakAgeOptions o;
  o.cohort.min_points = a.min_points;
  o.cohort.from_season = a.from;
  o.cohort.to_season = a.to;
  o.cohort.top_n = a.top;
  o.cohort.elite_only = !a.youth;
  o.cohort.min_season_age = a.youth ? 0 : 19;
  const auto measure = career::parse_performance_measure(a.performance);
  if (!measure) {
    throw Error(ErrorKind::InvalidInput, Place{.field = "performance", .value = a.performance},
                "must be points-per-race, total-points or points-per-race-day");
  }
  if (a.model != "polynomial" && a.model != "mixed" && a.model != "both" && a.model != "joint") {
    throw Error(ErrorKind::InvalidInput, Place{.field = "model", .value = a.model},
                "must be joint, polynomial, mixed or both");
  }
  if (a.level != "per-season" && a.level != "total") {
    throw Error(ErrorKind::InvalidInput, Place{.field = "level", .value = a.level},
                "must be per-season or total");
  }
  if (a.min_races < 1) reject_option("", "--min-races", a.min_races, "must be >= 1");
  if (a.knots < 3 || a.knots > 7) reject_option("", "--knots", a.knots, "must be 3..7");
  if (a.basis != "quadratic" && a.basis != "cubic" && a.basis != "quartic" && a.basis != "spline")
    reject_option("", "--basis", a.basis, "must be quadratic, cubic, quartic or spline");
  if (a.influence < 0) reject_option("", "--influence", a.influence, "must be >= 0");
  if (a.variance != "reml" && a.variance != "ml") {
    throw Error(ErrorKind::InvalidInput, Place{.field = "variance", .value = a.variance},
                "must be reml or ml");
  }
  if (a.bootstrap < 1 || a.permutations < 1 || a.top < 0) {
    throw Error(ErrorKind::InvalidInput, "bootstrap and permutations must be >= 1, top >= 0");
  }
  o.cohort.measure = *measure;
  o.clusters.k = a.clusters == "auto" ? 0 : careers_parse_int(a.clusters, "--clusters", 1, 12);
  o.clusters.seed = a.seed;
  o.degree =
      a.degree == "auto" ? 0 : careers_parse_int(a.degree, "--degree", 1, career::kMaxDegree);
  o.cv.seed = a.seed;
  o.model = a.model == "polynomial" ? career::CurveModel::Polynomial
            : a.model == "mixed"    ? career::CurveModel::Mixed
            : a.model == "joint"    ? career::CurveModel::Joint
                                    : career::CurveModel::Both;
  o.level =
      a.level == "total" ? career::LevelSplit::CareerPoints : career::LevelSplit::PointsPerSeason;
  o.joint.min_races = a.min_races;
  o.joint.knots = a.knots;
  o.joint.degree = a.basis == "quadratic" ? 2
                   : a.basis == "cubic"   ? 3
                   : a.basis == "quartic" ? 4
                                          : 0;
  o.joint.resample.influence_top = a.influence;
  o.joint.resample.refit_covariance = a.bootstrap_refit;
  o.variance = a.variance == "ml" ? career::VarianceMethod::Ml : career::VarianceMethod::Reml;
  o.bootstrap.resamples = a.bootstrap;
  o.bootstrap.seed = a.seed;
  o.bootstrap.threads = checked_threads(a.threads);
  o.permutation.permutations = a.permutations;
  o.permutation.seed = a.seed;
  o.permutation.threads = o.bootstrap.threads;
  return o;
}

career::PeakAgeStudy run_peak_age_study(const store::Store& db, const PeakAgeRequest& request) {
  const career::PeakAgeOptions options = peak_age_options(request);
  const career::ResultsTable table = load_results(db);
  if (table.results.empty()) {
    throw Error(ErrorKind::NotFound,
                "careers peak-age: the store has no results; run `podium results import` first");
  }
  return career::peak_age_study(table, options);
}

nlohmann::json peak_age_json(const career::PeakAgeStudy& s, const PeakAgeRequest& a) {
  nlohmann::json j = {{"cohort",
                       {{"athletes", s.athletes},
                        {"seasons", s.seasons},
                        {"from", a.from},
                        {"to", a.to},
                        {"min_points", a.min_points},
                        {"top", a.top},
                        {"performance", a.performance},
                        {"level", a.level},
                        {"basis", a.basis},
                        {"min_races", a.min_races},
                        {"bootstrap_refit", a.bootstrap_refit},
                        {"model", a.model}}},
                      {"silhouette", s.silhouette},
                      {"types", nlohmann::json::array()},
                      {"groups", nlohmann::json::array()},
                      {"tests", nlohmann::json::array()},
                      {"tests_assumption", career::kPermutationAssumption},
                      {"notes", s.notes}};
  for (const auto& t : s.types) {
    nlohmann::json centroid;
    for (std::size_t k = 0; k < career::kTypeShareTypes.size(); ++k)
      centroid[career::race_type_name(career::kTypeShareTypes[k])] = t.centroid[k];
    j["types"].push_back({{"name", t.name}, {"athletes", t.athletes}, {"centroid", centroid}});
  }
  for (const auto& g : s.curves) {
    nlohmann::json row = {{"type", g.type},       {"group", g.group},   {"athletes", g.athletes},
                          {"seasons", g.seasons}, {"degree", g.degree}, {"note", g.note}};
    if (g.curve) {
      row["peak_age"] = g.peak.peak.age;
      row["peak_interior"] = g.peak.peak.interior;
      row["peak_value"] = g.peak.peak.value;
      row["ci95"] = {json::number_or_null(g.peak.low), json::number_or_null(g.peak.high)};
      row["bootstrap_used"] = g.peak.resamples_used;
      row["bootstrap_boundary_peaks"] = g.peak.boundary_peaks;
      row["coefficients"] = g.curve->coef;
      row["centre"] = g.curve->centre;
      if (g.cv) {
        row["cv_mse"] = g.cv->cv_mse;
        row["cv_se"] = g.cv->cv_se;
      }
      row["age_range"] = {g.data.peak_lo(), g.data.peak_hi()};
      // The curve as drawn, so a client needs no polynomial; lo/hi only with resamples.
      nlohmann::json curve = {{"age", g.peak.band_age}, {"fit", g.peak.band_fit}};
      if (!g.peak.band_low.empty()) {
        curve["lo"] = g.peak.band_low;
        curve["hi"] = g.peak.band_high;
      }
      row["curve"] = std::move(curve);
    }
    if (g.mixed) {
      row["mixed"] = {{"peak_age", g.mixed_peak->age},
                      {"peak_interior", g.mixed_peak->interior},
                      {"coefficients", g.mixed->fixed.coef},
                      {"sigma2_athlete", g.mixed->sigma2_athlete},
                      {"sigma2_residual", g.mixed->sigma2_residual}};
    }
    j["groups"].push_back(row);
  }
  for (const auto& t : s.tests) {
    j["tests"].push_back({{"a", t.a},
                          {"b", t.b},
                          {"delta_years", t.test.delta},
                          {"p", t.test.p},
                          {"permutations", t.test.permutations},
                          {"failed", t.test.failed}});
  }
  if (s.joint) j["joint"] = careers_joint_json(*s.joint);
  return j;
}

}  // namespace podium::app
