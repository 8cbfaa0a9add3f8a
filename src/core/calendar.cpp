#include "podium/core/calendar.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>

#include "podium/core/error.hpp"
#include "podium/core/message.hpp"

namespace podium {
namespace {

namespace chr = std::chrono;

// The Gregorian calendar repeats exactly every 400 years: a day outside std::chrono::year's range
// is shifted by whole cycles into it, converted, and the years shifted back.
constexpr std::int64_t kDaysPer400Years = 146097;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - (a % b != 0 && (a < 0) != (b < 0) ? 1 : 0);
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

}  // namespace

std::optional<std::int32_t> day_from_civil(int year, int month, int day) {
  // chr::year stores a short: range-check before constructing, or a large year would wrap.
  if (year < kMinCivilYear || year > kMaxCivilYear || month < 1 || month > 12 || day < 1 ||
      day > 31)
    return std::nullopt;
  const chr::year_month_day date{chr::year{year}, chr::month{static_cast<unsigned>(month)},
                                 chr::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return std::nullopt;
  return static_cast<std::int32_t>(chr::sys_days{date}.time_since_epoch().count());
}

CivilDate civil_from_day(std::int32_t day) {
  const std::int64_t cycles = floor_div(day, kDaysPer400Years);
  const chr::year_month_day date{chr::sys_days{chr::days{day - cycles * kDaysPer400Years}}};
  return {static_cast<int>(date.year()) + static_cast<int>(cycles * 400),
          static_cast<int>(static_cast<unsigned>(date.month())),
          static_cast<int>(static_cast<unsigned>(date.day()))};
}

int iso_weekday(std::int32_t day) {
  return static_cast<int>(chr::weekday{chr::sys_days{chr::days{day}}}.iso_encoding());
}

std::int32_t iso_week_monday(std::int32_t day) {
  return day - (iso_weekday(day) - 1);
}

std::optional<std::int32_t> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const int year = digits(text, 0, 4);
  const int month = digits(text, 5, 2);
  const int day = digits(text, 8, 2);
  if (year < 0 || month < 0 || day < 0) return std::nullopt;
  return day_from_civil(year, month, day);
}

std::int32_t day_from_iso(std::string_view text, const Place& where) {
  if (const auto day = parse_iso_date(text)) return *day;
  throw Error(ErrorKind::Format, where, quoted_for_message(text) + " is not a date (YYYY-MM-DD)");
}

std::string iso_from_day(std::int32_t day) {
  const CivilDate d = civil_from_day(day);
  char text[32];  // an int32 day needs at most 14 bytes
  std::snprintf(text, sizeof text, "%s%04d-%02d-%02d", d.year < 0 ? "-" : "",
                d.year < 0 ? -d.year : d.year, d.month, d.day);
  return text;
}

std::int32_t day_of_utc(double utc_s) {
  return static_cast<std::int32_t>(std::floor(utc_s / kSecondsPerDay));
}

std::string iso_utc_time(double utc_s) {
  constexpr double kMaxAbsUtcS = std::numeric_limits<std::int32_t>::max() * kSecondsPerDay;
  if (!std::isfinite(utc_s) || std::abs(utc_s) >= kMaxAbsUtcS) return "";
  const double whole_s = std::floor(utc_s);
  const std::int32_t day = day_of_utc(whole_s);
  const auto second_of_day =
      static_cast<std::int64_t>(whole_s - static_cast<double>(day) * kSecondsPerDay);
  char text[48];
  std::snprintf(text, sizeof text, "%sT%02d:%02d:%02dZ", iso_from_day(day).c_str(),
                static_cast<int>(second_of_day / 3600), static_cast<int>(second_of_day / 60 % 60),
                static_cast<int>(second_of_day % 60));
  return text;
}

}  // namespace podium
