// Calendar days for the load model: ISO dates <-> days since 1970-01-01, per-day totals and
// per-ISO-week bests. Civil-date arithmetic is done by hand on the proleptic Gregorian calendar
// (400-year eras of 146097 days, years starting in March so the leap day comes last) because
// the C library's time functions depend on time zones and locale.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "load_text.hpp"
#include "podium/core/error.hpp"
#include "podium/sensor/load.hpp"

namespace podium::sensor {
namespace {

constexpr std::int64_t kDaysPer400Years = 146097;
constexpr std::int64_t kDaysFrom0000_03_01To1970_01_01 = 719468;

// Month m counted from March (0) to February (11): day of the year of its first day.
std::int64_t march_based_day_of_year(int month, int day) {
  const int m = month > 2 ? month - 3 : month + 9;
  return (153 * m + 2) / 5 + day - 1;
}

std::int64_t days_from_civil(std::int64_t year, int month, int day) {
  if (month <= 2) --year;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t year_of_era = year - era * 400;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + march_based_day_of_year(month, day);
  return era * kDaysPer400Years + day_of_era - kDaysFrom0000_03_01To1970_01_01;
}

bool is_leap(std::int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(std::int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

// Digits text[from, from + count) as a number, or -1 when one is not a digit.
int digits(std::string_view text, std::size_t from, std::size_t count) {
  int value = 0;
  for (std::size_t i = from; i < from + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// Monday of the ISO week holding `day` (1970-01-01 was a Thursday).
std::int64_t week_monday(std::int32_t day) {
  const std::int64_t since_monday = ((static_cast<std::int64_t>(day) + 3) % 7 + 7) % 7;
  return day - since_monday;
}

}  // namespace

std::int32_t day_from_iso(std::string_view text, const std::string& where) {
  const auto fail = [&]() -> std::int32_t {
    throw Error(ErrorKind::Format,
                where + ": " + quoted_for_message(text) + " is not a date (YYYY-MM-DD)");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return fail();
  const int year = digits(text, 0, 4);
  const int month = digits(text, 5, 2);
  const int day = digits(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
    return fail();
  return static_cast<std::int32_t>(days_from_civil(year, month, day));
}

std::string iso_from_day(std::int32_t day) {
  const std::int64_t z = static_cast<std::int64_t>(day) + kDaysFrom0000_03_01To1970_01_01;
  const std::int64_t era = (z >= 0 ? z : z - (kDaysPer400Years - 1)) / kDaysPer400Years;
  const std::int64_t day_of_era = z - era * kDaysPer400Years;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t march_month = (5 * day_of_year + 2) / 153;
  const std::int64_t day_of_month = day_of_year - (153 * march_month + 2) / 5 + 1;
  const std::int64_t month = march_month < 10 ? march_month + 3 : march_month - 9;
  const std::int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  char text[48];  // room for any int64 fields, though an int32 day needs at most 14 bytes
  std::snprintf(text, sizeof text, "%s%04lld-%02lld-%02lld", year < 0 ? "-" : "",
                static_cast<long long>(year < 0 ? -year : year), static_cast<long long>(month),
                static_cast<long long>(day_of_month));
  return text;
}

std::vector<double> daily_totals(std::int32_t first_day, std::int32_t last_day,
                                 std::span<const std::pair<std::int32_t, double>> entries) {
  if (last_day < first_day)
    throw Error(ErrorKind::InvalidInput, "last_day: " + iso_from_day(last_day) +
                                             ": must not be before first_day " +
                                             iso_from_day(first_day));
  const std::int64_t count = static_cast<std::int64_t>(last_day) - first_day + 1;
  if (count > kMaxLoadDays)
    throw Error(ErrorKind::InvalidInput, "days " + iso_from_day(first_day) + ".." +
                                             iso_from_day(last_day) + ": more than " +
                                             std::to_string(kMaxLoadDays) + " days");
  std::vector<double> totals(static_cast<std::size_t>(count), 0.0);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto [day, value] = entries[i];
    const std::string field = "entries[" + std::to_string(i) + "]";
    if (day < first_day || day > last_day)
      throw Error(ErrorKind::InvalidInput, field + ": day " + iso_from_day(day) + ": outside " +
                                               iso_from_day(first_day) + ".." +
                                               iso_from_day(last_day));
    if (!std::isfinite(value) || value < 0)
      throw Error(ErrorKind::InvalidInput,
                  field + ": load " + std::to_string(value) + ": must be finite and >= 0");
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
        best_by_week.try_emplace(week_monday(day), PerformanceMarker{day, value});
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
