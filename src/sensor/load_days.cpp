// Calendar days for the load model: per-day totals and per-ISO-week bests (dates: core calendar).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "podium/core/calendar.hpp"
#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/sensor/load.hpp"

namespace podium::sensor {

std::vector<double> daily_totals(std::int32_t first_day, std::int32_t last_day,
                                 std::span<const std::pair<std::int32_t, double>> entries) {
  if (last_day < first_day)
    reject_option("", "last_day", iso_from_day(last_day),
                  "must not be before first_day " + iso_from_day(first_day));
  const std::int64_t count = static_cast<std::int64_t>(last_day) - first_day + 1;
  if (count > kMaxLoadDays)
    reject_option("", "days", iso_from_day(first_day) + ".." + iso_from_day(last_day),
                  "more than " + std::to_string(kMaxLoadDays) + " days");
  std::vector<double> totals(static_cast<std::size_t>(count), 0.0);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto [day, value] = entries[i];
    const auto field = [i](const char* name) {
      return "entries[" + std::to_string(i) + "]." + name;
    };
    if (day < first_day || day > last_day)
      reject_option("", field("day"), iso_from_day(day),
                    "outside " + iso_from_day(first_day) + ".." + iso_from_day(last_day));
    if (!(std::isfinite(value) && value >= 0))
      reject_option("", field("load"), number_text(value), "must be finite and >= 0");
    totals[static_cast<std::size_t>(day - first_day)] += value;
  }
  return totals;
}

std::vector<PerformanceMarker> weekly_best(
    std::span<const std::pair<std::int32_t, double>> per_activity_value) {
  std::map<std::int64_t, PerformanceMarker> best_by_week;
  for (const auto& [day, value] : per_activity_value) {
    if (!std::isfinite(value)) continue;
    const auto [it, inserted] =
        best_by_week.try_emplace(iso_week_monday(day), PerformanceMarker{day, value});
    PerformanceMarker& best = it->second;
    if (!inserted && (value > best.value || (value == best.value && day < best.day)))
      best = {day, value};
  }
  std::vector<PerformanceMarker> markers;
  markers.reserve(best_by_week.size());
  for (const auto& entry : best_by_week)
    markers.push_back(entry.second);
  return markers;
}

}  // namespace podium::sensor
