// The plan file: a planned daily load as CSV (`date,tss`), read strictly, every rejection naming
// the file, the line and the field. Format: docs/load.md.
#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "podium/core/calendar.hpp"
#include "podium/core/error.hpp"
#include "podium/core/message.hpp"
#include "podium/sensor/load.hpp"

namespace podium::sensor {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kHeader = "date,tss";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t from = 0;
  for (std::size_t comma; (comma = line.find(',', from)) != std::string_view::npos;
       from = comma + 1)
    fields.push_back(trim(line.substr(from, comma - from)));
  fields.push_back(trim(line.substr(from)));
  return fields;
}

double parse_tss(std::string_view text, Place where) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value))
    throw Error(ErrorKind::Format, where, quoted_for_message(text) + " is not a number");
  if (value < 0 || value > kPlanMaxTss) {
    where.value = number_text(value);
    throw Error(ErrorKind::Format, where, "must be in [0, " + number_text(kPlanMaxTss) + "]");
  }
  return value + 0.0;  // -0 -> 0
}

}  // namespace

std::vector<std::pair<std::int32_t, double>> parse_plan_csv(std::string_view text,
                                                            const std::string& name) {
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  bool header_seen = false;
  std::map<std::int32_t, std::pair<double, std::size_t>> by_day;  // day -> (tss, line number)
  std::size_t line_number = 0;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    const Place where{.source = name, .line = line_number};
    const std::vector<std::string_view> fields = split_fields(line);
    if (!header_seen) {
      if (fields.size() != 2 || fields[0] != "date" || fields[1] != "tss")
        throw Error(ErrorKind::Format, where,
                    "header: expected 'date,tss', got " + quoted_for_message(line));
      header_seen = true;
      continue;
    }
    if (fields.size() != 2)
      throw Error(ErrorKind::Format, where,
                  "expected 2 fields (date,tss), got " + std::to_string(fields.size()));
    Place date = where;
    date.field = "date";
    const std::int32_t day = day_from_iso(fields[0], date);
    Place tss = where;
    tss.field = "tss";
    const auto [it, inserted] = by_day.try_emplace(day, parse_tss(fields[1], tss), line_number);
    if (!inserted) {
      date.value = iso_from_day(day);
      throw Error(ErrorKind::Format, date,
                  "already given on line " + std::to_string(it->second.second));
    }
  }
  if (!header_seen)
    throw Error(ErrorKind::Format, Place{.source = name},
                "no header line: expected '" + std::string(kHeader) +
                    "' (the file holds only blank lines and comments)");
  std::vector<std::pair<std::int32_t, double>> plan;
  plan.reserve(by_day.size());
  for (const auto& [day, entry] : by_day)
    plan.emplace_back(day, entry.first);
  return plan;
}

}  // namespace podium::sensor
