// ISO-8601 date-times as TCX and GPX write them -> absolute UTC seconds since the Unix epoch.
//
// Contract: accepts `YYYY-MM-DDThh:mm:ss`, optionally with a fraction of any length (`.123`, kept
// to the nanosecond: GPX writers' millisecond jitter survives) and a zone: `Z`, `+hh:mm`, `+hhmm`
// or `+hh` (and `-`). No zone means UTC (as the golden generator ran, and as TCX requires). `t`,
// `z` and a space for `T` are accepted; surrounding XML whitespace is ignored. Fields are range
// checked (month 1-12, day within its month, leap years, hour 0-23, minute 0-59, second 0-59;
// years 0001-9999). Anything else -> std::nullopt. Pure: no locale, no time-zone database.
//
//   parse_iso8601_utc("2009-09-19T09:22:42+02:00") == 1253344962.0
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace podium::sensor {

std::optional<double> parse_iso8601_utc(std::string_view text);

// XML's whitespace (its S production), which the time parser, the XML loader and the format
// sniffer skip.
inline bool is_xml_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace podium::sensor
