// The load pipeline: daily totals of history and plan, the PMC, and a Banister fit on the recorded
// days' weekly markers predicted over history and plan.
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "podium/sensor/load.hpp"

namespace podium::sensor {

std::optional<std::pair<std::int32_t, std::int32_t>> load_day_range(
    std::span<const std::pair<std::int32_t, double>> history,
    std::span<const std::pair<std::int32_t, double>> plan) {
  if (history.empty() && plan.empty()) return std::nullopt;
  std::int32_t first = std::numeric_limits<std::int32_t>::max();
  std::int32_t last = std::numeric_limits<std::int32_t>::min();
  for (const auto entries : {history, plan}) {
    for (const auto& [day, load] : entries) {
      first = std::min(first, day);
      last = std::max(last, day);
    }
  }
  return std::pair{first, last};
}

LoadAnalysis analyze_load(std::span<const std::pair<std::int32_t, double>> history,
                          std::span<const std::pair<std::int32_t, double>> plan,
                          std::span<const std::pair<std::int32_t, double>> marker_values,
                          std::int32_t first_day, std::int32_t last_day,
                          const LoadOptions& options) {
  std::vector<std::pair<std::int32_t, double>> entries;
  for (const auto source : {history, plan}) {
    for (const auto& e : source)
      if (e.first >= first_day && e.first <= last_day) entries.push_back(e);
  }
  const std::vector<double> load = daily_totals(first_day, last_day, entries);
  LoadAnalysis a;
  a.days = pmc(first_day, load, options.pmc);
  std::set<std::int32_t> planned;
  for (const auto& e : plan)
    planned.insert(e.first);
  for (const PmcDay& d : a.days)
    a.planned.push_back(planned.count(d.day) > 0);

  // Fitted on the recorded days only: a plan is what the model forecasts, not what it learns.
  const std::int32_t last_done =
      std::min(last_day, history.empty() ? first_day - 1 : history.back().first);
  std::vector<PerformanceMarker> markers;
  for (const PerformanceMarker& m : weekly_best(marker_values))
    if (m.day >= first_day && m.day <= last_done) markers.push_back(m);
  a.markers = markers.size();
  a.performance.assign(a.days.size(), std::numeric_limits<double>::quiet_NaN());
  if (markers.size() >= kMinBanisterMarkers && last_done >= first_day) {
    const std::span<const double> done(load.data(),
                                       static_cast<std::size_t>(last_done - first_day + 1));
    a.banister = fit_banister(first_day, done, markers, options.banister);
    a.performance = banister_predict(a.banister->params, first_day, load, first_day, last_day);
  }
  return a;
}

}  // namespace podium::sensor
