// podium careers peak-age: the age-of-peak-performance study on the stored results (cohort, rider
// types, top/bottom-50 % groups, polynomial and mixed-model curves, bootstrap intervals,
// permutation tests), as a paper-style table, JSON, and one SVG per rider type.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "careers_view.hpp"
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

struct PeakAgeArgs : PeakAgeRequest {
  std::string svg_dir, db;
  bool json = false;
};

std::string peak_text(const career::Peak& p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%s", p.age, p.interior ? "" : "*");
  return buf;
}

std::string careers_interval_text(double lo, double hi) {
  char buf[48] = "";
  if (std::isfinite(lo)) std::snprintf(buf, sizeof buf, "[%.1f, %.1f]", lo, hi);
  return buf;
}

void careers_print_joint(const career::JointStudy& j, const PeakAgeArgs& a) {
  const career::JointFit& f = j.fit;
  std::printf(
      "\njoint model: %d athlete-seasons of %d athletes (seasons with >= %d races, weighted "
      "by races entered; %d seasons below dropped)\n",
      j.rows, j.athletes, a.min_races, j.dropped_seasons);
  if (f.basis.kind == career::JointBasisKind::Spline) {
    std::printf("  age basis: natural cubic spline, knots");
    for (double k : f.basis.knots)
      std::printf(" %.1f", k);
    std::printf(" (the same for every group)\n");
  } else {
    std::printf("  age basis: polynomial of degree %d in (age - %.0f), the same for every group\n",
                f.basis.degree, f.basis.centre);
  }
  std::printf(
      "  rider random intercept sd %.2f, slope sd %.2f per %.0f y (corr %+.2f), residual sd %.2f "
      "at mean weight; season fixed effects, peaks read at %d\n",
      std::sqrt(f.var_intercept), std::sqrt(f.var_slope), f.slope_scale_years, f.corr,
      std::sqrt(f.sigma2), j.first_season + f.reference_season);
  std::printf("\n  %-18s %8s %7s %7s %15s %7s\n", "group", "athletes", "seasons", "peak", "95% CI",
              "soft");
  for (const auto& g : j.curves) {
    std::printf("  %-18s %8d %7d %7s %15s %7s\n", g.name.c_str(), g.athletes, g.seasons,
                peak_text(g.peak.peak).c_str(),
                careers_interval_text(g.peak.low, g.peak.high).c_str(),
                g.soft_peak ? peak_text(*g.soft_peak).c_str() : "-");
  }
  std::printf("  (95 %% CI: %d rider resamples within groups, %s", a.bootstrap,
              a.bootstrap_refit ? "the whole model refitted in each"
                                : "fixed effects re-solved at the fitted covariance");
  if (j.soft_fit) std::printf("; soft: type membership weights, T = %.4f", j.soft_temperature);
  std::printf(")\n");
  std::printf("\npeak differences, rider bootstrap (primary test; Holm over the %zu):\n",
              j.differences.size());
  for (const auto& d : j.differences) {
    char soft[32] = "-";
    if (d.soft_delta) std::snprintf(soft, sizeof soft, "%+.2f", *d.soft_delta);
    std::printf("  %-18s vs %-18s delta %+5.2f y  %15s  p_boot = %.4f  Holm %.4f  soft %s\n",
                d.a.c_str(), d.b.c_str(), d.hard.delta,
                careers_interval_text(d.hard.low, d.hard.high).c_str(), d.hard.p, d.p_holm, soft);
  }
  bool any = false;
  for (const auto& g : j.curves)
    any = any || !g.influence.empty();
  if (any)
    std::printf("\nleave-one-rider-out (exact at the fitted covariance), largest peak moves:\n");
  for (const auto& g : j.curves) {
    if (g.influence.empty()) continue;
    std::printf("  %-18s", g.name.c_str());
    for (std::size_t k = 0; k < g.influence.size() && k < 3; ++k)
      std::printf("  %s (%d s) %+.2f", g.influence[k].athlete.c_str(), g.influence[k].seasons,
                  g.influence[k].peak_change);
    std::printf("\n");
  }
  if (!j.note.empty()) std::printf("note: %s\n", j.note.c_str());
  std::printf("\nalternative: per-group curves (the pre-issue-15 models, one fit per group):\n");
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
  if (s.joint) careers_print_joint(*s.joint, a);
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
  if (!s.tests.empty()) {
    std::printf("\npermutation tests of the peak-age difference%s:\n  (%s)\n",
                s.joint ? " (secondary, per-group polynomials)" : "",
                career::kPermutationAssumption);
  }
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
  store::Store db = open_store(a.db);
  const career::PeakAgeStudy study = run_peak_age_study(db, a);
  if (!a.svg_dir.empty()) write_svgs(study, a);
  if (a.json) {
    std::printf("%s\n", peak_age_json(study, a).dump(1).c_str());
  } else {
    print_table(study, a);
  }
}

}  // namespace

void add_careers_commands(CLI::App& group) {
  CLI::App* careers = &group;
  careers->require_subcommand(1);
  auto a = std::make_shared<PeakAgeArgs>();
  a->model = "joint";  // the CLI's default; the REST route keeps "both" unless asked
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
  peak->add_option("--model", a->model,
                   "Age curves: joint (default: one mixed model for all groups, "
                   "docs/careers.md), or per group: polynomial, mixed, both")
      ->check(CLI::IsMember({"joint", "polynomial", "mixed", "both"}));
  peak->add_option("--level", a->level,
                   "Top/bottom half within a type by points per season entered (per-season, "
                   "default) or by window points (total)")
      ->check(CLI::IsMember({"per-season", "total"}));
  peak->add_option("--min-races", a->min_races,
                   "Joint model: leave out seasons with fewer races entered (default 5)")
      ->check(CLI::PositiveNumber);
  peak->add_option("--basis", a->basis,
                   "Joint model: age basis shared by all groups: cubic (default), quadratic, "
                   "quartic, or spline (natural cubic, --knots)")
      ->check(CLI::IsMember({"quadratic", "cubic", "quartic", "spline"}));
  peak->add_option("--knots", a->knots, "Joint model, --basis spline: knots, 3..7 (default 5)")
      ->check(CLI::Range(3, 7));
  peak->add_flag(
      "--bootstrap-refit", a->bootstrap_refit,
      "Joint model: refit the variance components in every resample too (slow: a likelihood "
      "optimisation each; default: fixed effects re-solved at the fitted covariance)");
  peak->add_option("--influence", a->influence,
                   "Joint model: riders listed per group by leave-one-out influence (default 5)")
      ->check(CLI::NonNegativeNumber);
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
