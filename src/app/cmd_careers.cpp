// podium careers peak-age: the age-of-peak-performance study on the stored results (cohort, rider
// types, top/bottom-50 % groups, polynomial and mixed-model curves, bootstrap intervals,
// permutation tests), as a paper-style table, JSON, and one SVG per rider type.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "commands.hpp"
#include "podium/career/peak_age.hpp"
#include "podium/career/svg.hpp"
#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/core/json.hpp"
#include "podium/core/threads.hpp"
#include "results_store.hpp"
#include "store_access.hpp"

namespace podium::app {
namespace {

struct PeakAgeArgs {
  double min_points = 700;
  int from = 1993, to = 2021, top = 500;
  std::string performance = "points-per-race";
  std::string clusters = "4";
  std::string degree = "auto";
  std::string model = "both";
  std::string variance = "reml";
  int bootstrap = 1000, permutations = 1000, threads = all_cores();
  std::uint64_t seed = 1;
  std::string svg_dir, db;
  bool json = false;
  bool youth = false;
};

int parse_int(const std::string& text, const char* option, int lo, int hi) {
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

career::PeakAgeOptions to_options(const PeakAgeArgs& a) {
  career::PeakAgeOptions o;
  o.cohort.min_points = a.min_points;
  o.cohort.from_season = a.from;
  o.cohort.to_season = a.to;
  o.cohort.top_n = a.top;
  o.cohort.elite_only = !a.youth;
  o.cohort.min_season_age = a.youth ? 0 : 19;
  o.cohort.measure = *career::parse_performance_measure(a.performance);  // CLI11 checked it
  o.clusters.k = a.clusters == "auto" ? 0 : parse_int(a.clusters, "--clusters", 1, 12);
  o.clusters.seed = a.seed;
  o.degree = a.degree == "auto" ? 0 : parse_int(a.degree, "--degree", 1, career::kMaxDegree);
  o.cv.seed = a.seed;
  o.model = a.model == "polynomial" ? career::CurveModel::Polynomial
            : a.model == "mixed"    ? career::CurveModel::Mixed
                                    : career::CurveModel::Both;
  o.variance = a.variance == "ml" ? career::VarianceMethod::Ml : career::VarianceMethod::Reml;
  o.bootstrap.resamples = a.bootstrap;
  o.bootstrap.seed = a.seed;
  o.bootstrap.threads = checked_threads(a.threads);
  o.permutation.permutations = a.permutations;
  o.permutation.seed = a.seed;
  o.permutation.threads = o.bootstrap.threads;
  return o;
}

nlohmann::json to_json(const career::PeakAgeStudy& s, const PeakAgeArgs& a) {
  nlohmann::json j = {{"cohort",
                       {{"athletes", s.athletes},
                        {"seasons", s.seasons},
                        {"from", a.from},
                        {"to", a.to},
                        {"min_points", a.min_points},
                        {"top", a.top},
                        {"performance", a.performance}}},
                      {"silhouette", s.silhouette},
                      {"types", nlohmann::json::array()},
                      {"groups", nlohmann::json::array()},
                      {"tests", nlohmann::json::array()},
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
  return j;
}

std::string peak_text(const career::Peak& p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%s", p.age, p.interior ? "" : "*");
  return buf;
}

void print_table(const career::PeakAgeStudy& s, const PeakAgeArgs& a) {
  std::printf("peak age: %d athletes, %d athlete-seasons; seasons %d-%d, > %g points%s; %s\n",
              s.athletes, s.seasons, a.from, a.to, a.min_points,
              a.top > 0 ? (", top " + std::to_string(a.top) + " of a season").c_str() : "",
              a.performance.c_str());
  std::printf("\nrider types (k = %zu, mean silhouette %.3f), centroid shares of points:\n",
              s.types.size(), s.silhouette);
  std::printf("  %-14s %8s", "type", "athletes");
  for (auto t : career::kTypeShareTypes)
    std::printf(" %10s", career::race_type_name(t));
  std::printf("\n");
  for (const auto& t : s.types) {
    std::printf("  %-14s %8d", t.name.c_str(), t.athletes);
    for (double v : t.centroid)
      std::printf(" %10.3f", v);
    std::printf("\n");
  }
  std::printf("\n  %-14s %-6s %8s %7s %6s %7s %15s %7s\n", "type", "group", "athletes", "seasons",
              "degree", "peak", "95% CI", "mixed");
  for (const auto& g : s.curves) {
    if (!g.curve) {
      std::printf("  %-14s %-6s %8d %7d   no fit: %s\n", g.type.c_str(), g.group.c_str(),
                  g.athletes, g.seasons, g.note.c_str());
      continue;
    }
    char ci[48] = "";
    if (std::isfinite(g.peak.low))
      std::snprintf(ci, sizeof ci, "[%.1f, %.1f]", g.peak.low, g.peak.high);
    std::printf("  %-14s %-6s %8d %7d %6d %7s %15s %7s\n", g.type.c_str(), g.group.c_str(),
                g.athletes, g.seasons, g.degree, peak_text(g.peak.peak).c_str(), ci,
                g.mixed_peak ? peak_text(*g.mixed_peak).c_str() : "-");
  }
  std::printf(
      "  (* = maximum at an end of the age range searched, 1st-99th percentile of ages: no "
      "interior peak)\n");
  if (!s.tests.empty()) std::printf("\npermutation tests of the peak-age difference:\n");
  for (const auto& t : s.tests) {
    std::printf("  %-22s vs %-22s delta %+5.2f y  p = %.4f (%d permutations)\n", t.a.c_str(),
                t.b.c_str(), t.test.delta, t.test.p, t.test.permutations);
  }
  for (const auto& n : s.notes)
    std::printf("note: %s\n", n.c_str());
}

void write_svgs(const career::PeakAgeStudy& s, const PeakAgeArgs& a) {
  std::error_code ec;
  std::filesystem::create_directories(a.svg_dir, ec);
  if (ec) throw Error(ErrorKind::Io, a.svg_dir + ": cannot create directory: " + ec.message());
  for (const auto& t : s.types) {
    const std::string path =
        (std::filesystem::path(a.svg_dir) / ("peak-age-" + t.name + ".svg")).string();
    write_file_atomic(path, career::peak_age_svg(s, t.name, a.performance));
    if (!a.json) std::printf("wrote %s\n", path.c_str());
  }
}

void run_peak_age(const PeakAgeArgs& a) {
  const career::PeakAgeOptions options = to_options(a);
  store::Store db = open_store(a.db);
  const career::ResultsTable table = load_results(db);
  if (table.results.empty()) {
    throw Error(ErrorKind::NotFound,
                "careers peak-age: the store has no results; run `podium results import` first");
  }
  const career::PeakAgeStudy study = career::peak_age_study(table, options);
  if (!a.svg_dir.empty()) write_svgs(study, a);
  if (a.json) {
    std::printf("%s\n", to_json(study, a).dump(1).c_str());
  } else {
    print_table(study, a);
  }
}

}  // namespace

void add_careers_commands(CLI::App& group) {
  CLI::App* careers = &group;
  careers->require_subcommand(1);
  auto a = std::make_shared<PeakAgeArgs>();
  CLI::App* peak = careers->add_subcommand(
      "peak-age", "Age of peak performance per rider type and top/bottom-50 % group");
  peak->add_option("--min-points", a->min_points,
                   "Cohort: more than this many points in the window (default 700)");
  peak->add_option("--from", a->from, "First season of the window (default 1993)");
  peak->add_option("--to", a->to, "Last season of the window (default 2021)");
  peak->add_option("--top", a->top,
                   "Cohort: in some season's top N by points among all athletes (default 500; "
                   "0 = off)")
      ->check(CLI::NonNegativeNumber);
  peak->add_flag("--youth", a->youth,
                 "Count junior seasons and junior/under-23 races too (left out by default: "
                 "docs/careers.md)");
  peak->add_option("--performance", a->performance, "Yearly performance (default points-per-race)")
      ->check(CLI::IsMember({"points-per-race", "total-points", "points-per-race-day"}));
  peak->add_option("--clusters", a->clusters,
                   "Rider types: k (default 4), or auto (best mean silhouette over 2..8)");
  peak->add_option("--degree", a->degree,
                   "Polynomial degree 1..4, or auto (5-fold CV by athlete, lowest error)");
  peak->add_option("--model", a->model, "Age curves: polynomial, mixed or both (default)")
      ->check(CLI::IsMember({"polynomial", "mixed", "both"}));
  peak->add_option("--variance", a->variance, "Mixed model variance estimation: reml (default), ml")
      ->check(CLI::IsMember({"reml", "ml"}));
  peak->add_option("--bootstrap", a->bootstrap, "Bootstrap resamples of athletes (default 1000)")
      ->check(CLI::PositiveNumber);
  peak->add_option("--permutations", a->permutations, "Permutations per test (default 1000)")
      ->check(CLI::PositiveNumber);
  peak->add_option("--seed", a->seed, "Seed of clustering, CV folds, bootstrap, permutations");
  peak->add_option("--threads", a->threads, "Threads for resampling, 1..256 (default: all cores)");
  peak->add_option("--svg-dir", a->svg_dir, "Write peak-age-<type>.svg files here");
  peak->add_flag("--json", a->json, "JSON instead of a table");
  add_db_option(*peak, a->db);
  peak->callback([a] { run_peak_age(*a); });
}

}  // namespace podium::app
