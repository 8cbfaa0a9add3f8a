#include "load_view.hpp"

#include "podium/core/calendar.hpp"
#include "podium/core/error.hpp"
#include "podium/core/json.hpp"
#include "podium/store/governance.hpp"

namespace podium::app {

LoadReport compute_load(store::Store& st, const LoadRequest& a) {
  st.athlete(a.athlete);
  store::Governance(st).require_consent(a.athlete, store::Purpose::PerformanceModelling);
  if (a.convention != "gc" && a.convention != "tp") {
    throw Error(ErrorKind::InvalidInput, Place{.field = "convention", .value = a.convention},
                "must be gc or tp");
  }
  LoadReport r;
  r.request = a;
  const auto history = st.daily_metric(a.athlete, a.metric);
  const auto range = sensor::load_day_range(history, a.plan);
  if (!range) {
    throw Error(ErrorKind::InvalidInput, "athlete " + a.athlete + ": no activity has metric '" +
                                             a.metric + "' and no plan was given");
  }
  r.first_day = a.first_day.value_or(range->first);
  r.last_day = a.last_day.value_or(range->second);
  if (r.last_day < r.first_day)
    throw Error(ErrorKind::InvalidInput, "the range ends before it starts (to < from)");
  sensor::LoadOptions opt;
  opt.pmc.ctl_days = a.ctl_days;
  opt.pmc.atl_days = a.atl_days;
  opt.pmc.ctl_seed = a.ctl_seed;
  opt.pmc.atl_seed = a.atl_seed;
  opt.pmc.convention =
      a.convention == "tp" ? sensor::PmcConvention::Linear : sensor::PmcConvention::Exponential;
  r.analysis = sensor::analyze_load(history, a.plan, st.metric_by_activity(a.athlete, a.marker),
                                    r.first_day, r.last_day, opt);
  if (!r.analysis.banister) {
    r.notes.push_back("no Banister fit: " + std::to_string(r.analysis.markers) + " weekly '" +
                      a.marker + "' markers, at least " +
                      std::to_string(sensor::kMinBanisterMarkers) + " needed");
  }
  r.last_done_day = history.empty() ? r.first_day - 1 : history.back().first;
  return r;
}

nlohmann::json load_json(const LoadReport& report) {
  const LoadRequest& a = report.request;
  const sensor::LoadAnalysis& r = report.analysis;
  nlohmann::json j = {{"athlete", a.athlete},           {"metric", a.metric},
                      {"convention", a.convention},     {"ctl_days", a.ctl_days},
                      {"atl_days", a.atl_days},         {"notes", report.notes},
                      {"days", nlohmann::json::array()}};
  for (std::size_t i = 0; i < r.days.size(); ++i) {
    const auto& d = r.days[i];
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
  return j;
}

}  // namespace podium::app
