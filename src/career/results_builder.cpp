// The readers' shared builder and field parsers (results_builder.hpp).
#include "career/results_builder.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "podium/core/calendar.hpp"
#include "podium/core/error.hpp"
#include "podium/core/gzip.hpp"
#include "podium/core/limits.hpp"
#include "podium/core/message.hpp"

namespace podium::career::detail {

void BadRows::add(std::int64_t line, Place column, const std::string& problem) {
  column.source = name_;
  column.line = static_cast<std::uint64_t>(line);
  if (strict_) throw Error(ErrorKind::Format, std::move(column), problem);
  ++out_.counts.bad_rows;
  if (out_.bad_rows.size() < kBadRowsKept) out_.bad_rows.push_back({std::move(column), problem});
}

void check_count(const std::string& source, std::int64_t line, const char* what,
                 std::uint64_t count, std::uint64_t limit, const char* unit) {
  if (count <= limit) return;
  throw limits::exceeded(Place{.source = source, .line = static_cast<std::uint64_t>(line)}, what,
                         count, limit, unit);
}

void check_name(const std::string& source, std::int64_t line, std::string_view column,
                std::string_view text) {
  if (text.size() <= limits::kResultsNameBytes) return;
  check_count(source, line, (std::string(column) + " bytes").c_str(), text.size(),
              limits::kResultsNameBytes, "bytes per name");
}

std::int32_t TableBuilder::athlete(std::int64_t line, std::string_view id, std::optional<Day> birth,
                                   bool* conflict) {
  if (conflict != nullptr) *conflict = false;
  if (out_.table.athletes.size() == limits::kResultsAthletes &&
      !athletes_.contains(std::string(id)))
    check_count(source_, line, "athletes", limits::kResultsAthletes + 1, limits::kResultsAthletes,
                "athletes per table");
  auto [it, inserted] =
      athletes_.try_emplace(std::string(id), static_cast<std::int32_t>(out_.table.athletes.size()));
  if (inserted) {
    out_.table.athletes.push_back({std::string(id), birth});
    return it->second;
  }
  Athlete& a = out_.table.athletes[it->second];
  if (birth) {
    if (!a.birth_day) {
      a.birth_day = birth;
    } else if (*a.birth_day != *birth && conflict != nullptr) {
      *conflict = true;
    }
  }
  return it->second;
}

std::int32_t TableBuilder::find_athlete(std::string_view id) const {
  const auto it = athletes_.find(std::string(id));
  return it == athletes_.end() ? -1 : it->second;
}

std::int32_t TableBuilder::find_event(const std::string& key) const {
  const auto it = events_.find(key);
  return it == events_.end() ? -1 : it->second;
}

std::int32_t TableBuilder::event(std::int64_t line, const std::string& key, const Event& event) {
  if (out_.table.events.size() == limits::kResultsEvents && !events_.contains(key))
    check_count(source_, line, "events", limits::kResultsEvents + 1, limits::kResultsEvents,
                "events per table");
  auto [it, inserted] =
      events_.try_emplace(key, static_cast<std::int32_t>(out_.table.events.size()));
  if (inserted) out_.table.events.push_back(event);
  return it->second;
}

void TableBuilder::add_result(std::int64_t line, const Result& result) {
  check_count(source_, line, "results", out_.table.results.size() + 1, limits::kResultsRows,
              "results per table");
  out_.table.results.push_back(result);
}

void TableBuilder::finish() {
  // Drop every later result of an (event, athlete) pair: sort positions by pair, keep the first
  // position of each run. A sort of packed keys beats a hash set of 1.5 M pairs by far.
  std::vector<Result>& results = out_.table.results;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed(results.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    const std::uint64_t pair =
        (static_cast<std::uint64_t>(static_cast<std::uint32_t>(results[i].event)) << 32) |
        static_cast<std::uint32_t>(results[i].athlete);
    keyed[i] = {pair, static_cast<std::uint32_t>(i)};
  }
  std::sort(keyed.begin(), keyed.end());
  std::vector<char> keep(results.size(), 1);
  for (std::size_t i = 1; i < keyed.size(); ++i)
    if (keyed[i].first == keyed[i - 1].first) keep[keyed[i].second] = 0;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < results.size(); ++i)
    if (keep[i] != 0) results[kept++] = results[i];
  out_.counts.duplicates += static_cast<std::int64_t>(results.size() - kept);
  results.resize(kept);
  sort_table(out_.table);
  out_.counts.results = static_cast<std::int64_t>(results.size());
  out_.counts.events = static_cast<std::int64_t>(out_.table.events.size());
  out_.counts.athletes = static_cast<std::int64_t>(out_.table.athletes.size());
}

std::optional<Day> parse_iso_date(std::string_view text) {
  // The calendar parses; day_from_ymd adds the results' year range.
  const std::optional<Day> day = podium::parse_iso_date(text);
  if (!day) return std::nullopt;
  const CivilDate date = civil_from_day(*day);
  return day_from_ymd(date.year, date.month, date.day);
}

std::optional<std::int64_t> parse_place(std::string_view text) {
  if (!text.empty() && text.back() == '*') text.remove_suffix(1);
  if (text.size() > 2 && text.substr(text.size() - 2) == ".0") text.remove_suffix(2);
  if (text.empty() || text.size() > 9) return std::nullopt;
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::optional<Status> parse_status(std::string_view text) {
  if (!text.empty() && text.back() == '*') text.remove_suffix(1);
  const std::string s = lower(text);
  if (s == "dnf") return Status::Dnf;
  if (s == "dns") return Status::Dns;
  if (s == "otl") return Status::Otl;
  if (s == "dsq") return Status::Dsq;
  return std::nullopt;
}

std::optional<double> parse_points(std::string_view text) {
  if (text.empty()) return 0.0;
  double value = 0.0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value) || value < 0.0 || value > kMaxPoints)
    return std::nullopt;
  return value;
}

bool valid_athlete_id(std::string_view id) {
  if (id.empty() || id.size() > limits::kAthleteIdBytes) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string athlete_id_rule() {
  return "1-" + std::to_string(limits::kAthleteIdBytes) + " characters of [A-Za-z0-9_.-]";
}

std::string check_age(Day birth, Day day) {
  if (birth > day) return "birth date after the event";
  const double age = age_years(birth, day);
  if (age < kMinAgeYears) return "athlete younger than 10 at the event";
  if (age > kMaxAgeYears) return "athlete older than 70 at the event";
  return {};
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string read_companion(const std::string& file, std::initializer_list<const char*> names,
                           std::string& found_name) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const char* name : names) {
    const fs::path p = fs::path(file).parent_path() / name;
    if (fs::exists(p, ec)) {
      found_name = p.string();
      return read_file_maybe_gzip(found_name);
    }
  }
  found_name.clear();
  return {};
}

int find_column(const podium::CsvRecord& header, std::string_view column) {
  for (std::size_t i = 0; i < header.fields.size(); ++i)
    if (lower(trim(header.fields[i])) == column) return static_cast<int>(i);
  return -1;
}

bool has_fields(const podium::CsvRecord& record, int needed, BadRows& bad) {
  if (static_cast<int>(record.fields.size()) >= needed) return true;
  bad.add(record.line, {},
          "row has " + std::to_string(record.fields.size()) + " fields, the header " +
              std::to_string(needed) + " or more");
  return false;
}

bool parse_rank_cell(std::string_view text, std::string_view column, std::int64_t line,
                     BadRows& bad, Result& result) {
  if (text.empty() || text == "DF") {
    result.status = Status::Unranked;
    return true;
  }
  if (const auto place = parse_place(text)) {
    if (*place < 1 || *place > kMaxPlace) {
      bad.add(line, {.field = std::string(column), .value = std::to_string(*place)},
              "must be 1-10000");
      return false;
    }
    result.status = Status::Ranked;
    result.rank = static_cast<std::int32_t>(*place);
    return true;
  }
  if (const auto status = parse_status(text)) {
    result.status = *status;
    return true;
  }
  bad.add(line, {.field = std::string(column)},
          quoted_for_message(text) + " is not a place, DNF, DNS, DF, OTL, DSQ or empty");
  return false;
}

}  // namespace podium::career::detail
