#include "xml_time.hpp"

#include <cstddef>

#include "podium/core/calendar.hpp"

namespace podium::sensor {
namespace {

// Reads exactly `count` decimal digits at `pos`, advancing it; nullopt when one is missing.
std::optional<int> digits(std::string_view text, std::size_t& pos, std::size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += count;
  return value;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

// The zone designator at `pos` (possibly none) as seconds east of UTC; nullopt when malformed.
std::optional<int> zone_offset_s(std::string_view text, std::size_t& pos) {
  if (pos == text.size()) return 0;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
    return 0;
  }
  if (text[pos] != '+' && text[pos] != '-') return std::nullopt;
  const int sign = text[pos] == '-' ? -1 : 1;
  ++pos;
  const auto hours = digits(text, pos, 2);
  if (!hours || *hours > 23) return std::nullopt;
  int minutes = 0;
  if (pos < text.size()) {
    expect(text, pos, ':');
    const auto mm = digits(text, pos, 2);
    if (!mm || *mm > 59) return std::nullopt;
    minutes = *mm;
  }
  return sign * (*hours * 3600 + minutes * 60);
}

}  // namespace

std::optional<double> parse_iso8601_utc(std::string_view text) {
  while (!text.empty() && is_xml_space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_xml_space(text.back()))
    text.remove_suffix(1);
  std::size_t pos = 0;
  const auto year = digits(text, pos, 4);
  if (!year || !expect(text, pos, '-')) return std::nullopt;
  const auto month = digits(text, pos, 2);
  if (!month || !expect(text, pos, '-')) return std::nullopt;
  const auto day = digits(text, pos, 2);
  if (!day || pos >= text.size()) return std::nullopt;
  const char separator = text[pos++];
  if (separator != 'T' && separator != 't' && separator != ' ') return std::nullopt;
  const auto hour = digits(text, pos, 2);
  if (!hour || !expect(text, pos, ':')) return std::nullopt;
  const auto minute = digits(text, pos, 2);
  if (!minute || !expect(text, pos, ':')) return std::nullopt;
  const auto second = digits(text, pos, 2);
  if (!second) return std::nullopt;
  const std::optional<std::int32_t> days = day_from_civil(*year, *month, *day);
  if (*year < 1 || !days || *hour > 23 || *minute > 59 || *second > 59) return std::nullopt;
  double fraction = 0.0;
  if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
    ++pos;
    const std::size_t first = pos;
    double scale = 0.1;
    for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, scale /= 10) {
      if (pos - first < 9) fraction += (text[pos] - '0') * scale;  // below 1 ns: noise
    }
    if (pos == first) return std::nullopt;
  }
  const auto offset_s = zone_offset_s(text, pos);
  if (!offset_s || pos != text.size()) return std::nullopt;
  const std::int64_t whole_s = *hour * 3600 + *minute * 60 + *second - *offset_s;
  return static_cast<double>(*days) * kSecondsPerDay + static_cast<double>(whole_s) + fraction;
}

}  // namespace podium::sensor
