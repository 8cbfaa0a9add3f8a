// Civil dates: whole days since 1970-01-01 (UTC) <-> proleptic Gregorian year, month, day, ISO
// text and weekdays, on std::chrono's calendar (no time zones, no locale, no C library time).
//
// Contract: a day is an int32 count of days since 1970-01-01, negative before. day_from_civil
// and the parsers accept years kMinCivilYear..kMaxCivilYear (std::chrono::year's range) and only
// real dates (no 2023-02-29); civil_from_day and iso_from_day accept every int32 day. Months are
// 1..12, days 1..31, ISO weekdays 1 (Monday) .. 7 (Sunday). Pure functions; only day_from_iso
// throws: Error(Format, "<place>: '2024-02-30' is not a date (YYYY-MM-DD)").
//
//   std::int32_t d = day_from_iso("2024-02-29", {.field = "--from"});  // 19782
//   iso_from_day(d + 1) == "2024-03-01";  civil_from_day(d).month == 2;  iso_weekday(d) == 4
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "podium/core/error.hpp"

namespace podium {

inline constexpr int kMinCivilYear = -32767;
inline constexpr int kMaxCivilYear = 32767;
inline constexpr double kSecondsPerDay = 86400.0;

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  bool operator==(const CivilDate&) const = default;
};

// nullopt for an impossible date (month 13, 30 February, 29 February 2023) or a year out of range.
std::optional<std::int32_t> day_from_civil(int year, int month, int day);
CivilDate civil_from_day(std::int32_t day);

// 1 = Monday .. 7 = Sunday (ISO 8601).
int iso_weekday(std::int32_t day);
// The Monday that starts the ISO week holding `day`.
std::int32_t iso_week_monday(std::int32_t day);

// Exactly "YYYY-MM-DD" (four digits, years 0000..9999) naming a real date, else nullopt.
std::optional<std::int32_t> parse_iso_date(std::string_view text);
// The same, throwing Error(Format) at `where` (e.g. {.source = "plan.csv", .line = 3, .field =
// "date"}) that quotes the text.
std::int32_t day_from_iso(std::string_view text, const Place& where);
// "YYYY-MM-DD"; years before 0 get a '-' ("-0001-12-31").
std::string iso_from_day(std::int32_t day);

// The UTC day holding an instant: floor(utc_s / 86400). utc_s finite and within the int32 day
// range (about +-1.8e14 s).
std::int32_t day_of_utc(double utc_s);
// "YYYY-MM-DDThh:mm:ssZ" of floor(utc_s); "" when utc_s is not finite or its day is out of range.
std::string iso_utc_time(double utc_s);

}  // namespace podium
