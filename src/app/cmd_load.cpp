// podium load: an athlete's training load over time from the store — PMC (CTL/ATL/TSB, ramp,
// Foster monotony and strain) and a Banister fitness-fatigue model fitted to weekly best efforts,
// with a forecast for a planned load (--plan date,tss CSV). Needs the athlete's
// performance_modelling consent (`podium consent grant`).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "podium/core/calendar.hpp"
#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/core/json.hpp"
#include "podium/sensor/load.hpp"
#include "podium/store/governance.hpp"
#include "store_access.hpp"

namespace podium::app {
namespace {

// Days the terminal table shows before the plan (the JSON and CSV have every day).
constexpr std::int32_t kTextDays = 28;

struct LoadArgs {
  std::string athlete, db, plan, from, to;
  std::string metric = "tss_gc";
  std::string marker = "mmp_300_w";
  std::string convention = "gc";
  double ctl_days = 42, atl_days = 7, ctl_seed = 0, atl_seed = 0;
  bool json = false, csv = false;
};

std::string csv_num(double v) {
  if (!std::isfinite(v)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

void run_load(const LoadArgs& a) {
  store::Store st = open_store(a.db);
  st.athlete(a.athlete);
  store::Governance(st).require_consent(a.athlete, store::Purpose::PerformanceModelling);
  const auto history = st.daily_metric(a.athlete, a.metric);
  std::vector<std::pair<std::int32_t, double>> plan;
  if (!a.plan.empty()) plan = sensor::parse_plan_csv(read_file(a.plan), a.plan);
  const auto range = sensor::load_day_range(history, plan);
  if (!range) {
    throw Error(ErrorKind::InvalidInput, "athlete " + a.athlete + ": no activity has metric '" +
                                             a.metric + "' and no --plan was given");
  }
  const std::int32_t first =
      a.from.empty() ? range->first : day_from_iso(a.from, {.field = "--from"});
  const std::int32_t last = a.to.empty() ? range->second : day_from_iso(a.to, {.field = "--to"});
  if (last < first) throw Error(ErrorKind::InvalidInput, "--to: before --from");

  sensor::LoadOptions opt;
  opt.pmc.ctl_days = a.ctl_days;
  opt.pmc.atl_days = a.atl_days;
  opt.pmc.ctl_seed = a.ctl_seed;
  opt.pmc.atl_seed = a.atl_seed;
  opt.pmc.convention =
      a.convention == "tp" ? sensor::PmcConvention::Linear : sensor::PmcConvention::Exponential;
  const sensor::LoadAnalysis r = sensor::analyze_load(
      history, plan, st.metric_by_activity(a.athlete, a.marker), first, last, opt);
  const std::vector<sensor::PmcDay>& days = r.days;
  std::vector<std::string> notes;
  if (!r.banister) {
    notes.push_back("no Banister fit: " + std::to_string(r.markers) + " weekly '" + a.marker +
                    "' markers, at least " + std::to_string(sensor::kMinBanisterMarkers) +
                    " needed");
  }
  const std::int32_t last_done = history.empty() ? first - 1 : history.back().first;

  if (a.csv) {
    std::printf("date,tss,planned,ctl,atl,tsb,tsb_today,ramp_7d,monotony,strain,performance\n");
    for (std::size_t i = 0; i < days.size(); ++i) {
      const auto& d = days[i];
      std::printf("%s,%s,%d,%s,%s,%s,%s,%s,%s,%s,%s\n", iso_from_day(d.day).c_str(),
                  csv_num(d.tss).c_str(), r.planned[i] ? 1 : 0, csv_num(d.ctl).c_str(),
                  csv_num(d.atl).c_str(), csv_num(d.tsb_yesterday).c_str(),
                  csv_num(d.tsb_today).c_str(), csv_num(d.ramp_7d).c_str(),
                  csv_num(d.monotony).c_str(), csv_num(d.strain).c_str(),
                  csv_num(r.performance[i]).c_str());
    }
    return;
  }
  if (a.json) {
    nlohmann::json j = {{"athlete", a.athlete},           {"metric", a.metric},
                        {"convention", a.convention},     {"ctl_days", a.ctl_days},
                        {"atl_days", a.atl_days},         {"notes", notes},
                        {"days", nlohmann::json::array()}};
    for (std::size_t i = 0; i < days.size(); ++i) {
      const auto& d = days[i];
      j["days"].push_back({{"date", iso_from_day(d.day)},
                           {"tss", d.tss},
                           {"planned", static_cast<bool>(r.planned[i])},
                           {"ctl", d.ctl},
                           {"atl", d.atl},
                           {"tsb", d.tsb_yesterday},
                           {"tsb_today", d.tsb_today},
                           {"ramp_7d", d.ramp_7d},
                           {"monotony", json::number_or_null(d.monotony)},
                           {"strain", json::number_or_null(d.strain)},
                           {"performance", json::number_or_null(r.performance[i])}});
    }
    if (r.banister) {
      const sensor::BanisterFit& fit = *r.banister;
      const auto& p = fit.params;
      j["banister"] = {{"marker", a.marker},
                       {"points", fit.points},
                       {"p0", p.p0},
                       {"k1", p.k1},
                       {"tau1_days", p.tau1_days},
                       {"k2", p.k2},
                       {"tau2_days", p.tau2_days},
                       {"rmse", fit.rmse},
                       {"r2", fit.r2},
                       {"se", fit.se},
                       {"converged", fit.converged}};
    } else {
      j["banister"] = nullptr;
    }
    std::printf("%s\n", j.dump(1).c_str());
    return;
  }
  std::printf("athlete %s: %s per day, %s convention (CTL %g d, ATL %g d), %s .. %s\n",
              a.athlete.c_str(), a.metric.c_str(), a.convention.c_str(), a.ctl_days, a.atl_days,
              iso_from_day(first).c_str(), iso_from_day(last).c_str());
  std::printf("%-10s %7s %7s %7s %7s %7s %8s %8s %8s\n", "date", "load", "CTL", "ATL", "TSB",
              "ramp", "monotony", "strain", "perf");
  const std::int32_t show_from = std::max(first, std::min(last_done, last) - kTextDays + 1);
  for (std::size_t i = 0; i < days.size(); ++i) {
    const auto& d = days[i];
    if (d.day < show_from) continue;
    std::printf("%-10s %7.1f %7.1f %7.1f %7.1f %7.1f %8.2f %8.0f %8.1f%s\n",
                iso_from_day(d.day).c_str(), d.tss, d.ctl, d.atl, d.tsb_yesterday, d.ramp_7d,
                d.monotony, d.strain, r.performance[i], r.planned[i] ? "  planned" : "");
  }
  if (r.banister) std::printf("banister (%s): %s\n", a.marker.c_str(), r.banister->summary.c_str());
  for (const auto& n : notes)
    std::printf("note: %s\n", n.c_str());
}

}  // namespace

void add_load_commands(CLI::App& group) {
  auto a = std::make_shared<LoadArgs>();
  CLI::App* load = &group;
  load->add_option("--athlete", a->athlete, "Athlete id")->required();
  load->add_flag("--json", a->json, "JSON instead of a table");
  load->add_flag("--csv", a->csv, "CSV, one row per day");
  load->add_option("--plan", a->plan, "Planned load: CSV with header date,tss");
  load->add_option("--metric", a->metric,
                   "Daily load metric (default tss_gc; e.g. trimp_banister_gc)");
  load->add_option("--marker", a->marker,
                   "Performance marker for the Banister fit: weekly best of this metric "
                   "(default mmp_300_w, best 5-min power)");
  load->add_option("--convention", a->convention,
                   "gc: e^(-1/tau) (GoldenCheetah), tp: 1/tau (TrainingPeaks)")
      ->check(CLI::IsMember({"gc", "tp"}));
  load->add_option("--ctl-days", a->ctl_days, "CTL time constant, days (default 42)");
  load->add_option("--atl-days", a->atl_days, "ATL time constant, days (default 7)");
  load->add_option("--ctl-seed", a->ctl_seed, "CTL before the first day (default 0)");
  load->add_option("--atl-seed", a->atl_seed, "ATL before the first day (default 0)");
  load->add_option("--from", a->from, "First day, YYYY-MM-DD (default: the first activity)");
  load->add_option("--to", a->to, "Last day, YYYY-MM-DD (default: the last activity or plan day)");
  add_db_option(*load, a->db);
  load->callback([a] { run_load(*a); });
}

}  // namespace podium::app
