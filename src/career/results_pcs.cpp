// The ProCyclingStats reader (results_csv.hpp; layout in shared/data/cycling/PROVENANCE.md, rules
// in docs/formats.md). Rows come newest first per rider, and a stage race is spelled as a header
// row ("19.04 » 23.04", "Tour Eritrea (2.2)") followed by its classification rows (no date) and
// its stage and prologue rows; the header owns them until the next row of another kind. Every
// rider's copy of a race edition maps to one event through its natural key.
#include <array>
#include <charconv>
#include <string>
#include <unordered_map>

#include "career/results_builder.hpp"
#include "podium/core/calendar.hpp"
#include "podium/core/csv.hpp"
#include "podium/core/error.hpp"
#include "podium/core/limits.hpp"
#include "podium/core/message.hpp"

namespace podium::career {
namespace {

using detail::BadRows;
using detail::TableBuilder;

struct DayMonth {
  int day = 0;
  int month = 0;
};

// "dd.mm" (either part one or two digits).
std::optional<DayMonth> parse_day_month(std::string_view text) {
  const std::size_t dot = text.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 2 || text.size() - dot - 1 < 1 ||
      text.size() - dot - 1 > 2)
    return std::nullopt;
  DayMonth dm;
  const char* end = text.data() + text.size();
  auto r1 = std::from_chars(text.data(), text.data() + dot, dm.day);
  auto r2 = std::from_chars(text.data() + dot + 1, end, dm.month);
  if (r1.ec != std::errc() || r1.ptr != text.data() + dot || r2.ec != std::errc() || r2.ptr != end)
    return std::nullopt;
  return dm;
}

bool before(DayMonth a, DayMonth b) {
  return a.month < b.month || (a.month == b.month && a.day < b.day);
}

// Some names carry a page-view count scraped with them: "Amstel Gold Race (1.UWT)  181k".
std::string_view strip_view_count(std::string_view name) {
  std::size_t end = name.size();
  if (end < 3 || name[end - 1] != 'k') return name;
  std::size_t p = end - 1;
  while (p > 0 && name[p - 1] >= '0' && name[p - 1] <= '9')
    --p;
  if (p == end - 1 || p == 0 || name[p - 1] != ' ') return name;
  return detail::trim(name.substr(0, p));
}

// "Tour Eritrea (2.2)" -> {"Tour Eritrea", "2.2"}. Older editions have an empty class "()":
// the class view is then empty but not null; it is null when there is no suffix at all.
std::pair<std::string_view, std::string_view> split_class(std::string_view name) {
  if (name.empty() || name.back() != ')') return {name, {}};
  const std::size_t open = name.rfind('(');
  if (open == std::string_view::npos) return {name, {}};
  return {detail::trim(name.substr(0, open)), name.substr(open + 1, name.size() - open - 2)};
}

Classification classification_of(std::string_view name) {
  if (name == "General classification") return Classification::General;
  if (name == "Points classification") return Classification::Points;
  if (name == "Mountains classification") return Classification::Mountains;
  if (name == "Youth classification") return Classification::Youth;
  return Classification::Other;
}

bool is_stage_name(std::string_view name) {
  return name.substr(0, 6) == "Stage " || name.substr(0, 8) == "Prologue";
}

}  // namespace

namespace detail {

Births read_pcs_riders(std::string_view riders, const std::string& name, const ReadOptions& options,
                       ResultsImport& out) {
  Births births;
  if (riders.empty()) return births;
  CsvReader csv(riders, name);
  CsvRecord record;
  if (!csv.next(record))
    throw Error(ErrorKind::Format, Place{.source = name}, "empty file (no header row)");
  const int dob = detail::find_column(record, "dob");
  const int link = detail::find_column(record, "link");
  if (dob < 0 || link < 0) {
    throw Error(
        ErrorKind::Format, Place{.source = name, .line = static_cast<std::uint64_t>(record.line)},
        "not a PCS riders_info file: missing column(s) " + (dob < 0 ? std::string("DOB") : "") +
            (dob < 0 && link < 0 ? ", " : "") + (link < 0 ? "link" : ""));
  }
  const int needed = std::max(dob, link) + 1;
  BadRows bad(name, options.strict, out);
  while (csv.next(record)) {
    if (static_cast<int>(record.fields.size()) < needed) {
      bad.add(record.line, {}, "row has fewer fields than the header");
      continue;
    }
    const std::string_view dob_text = detail::trim(record.fields[dob]);
    std::string_view slug = detail::trim(record.fields[link]);
    if (slug.substr(0, 6) == "rider/") slug.remove_prefix(6);
    if (dob_text.empty() || slug.empty()) continue;
    const std::optional<Day> day = detail::parse_iso_date(dob_text);
    if (!day) {
      bad.add(record.line, {.field = "DOB"},
              quoted_for_message(dob_text) + " is not a real YYYY-MM-DD date");
      continue;
    }
    // A slug that is no valid athlete id matches no result row: not kept.
    if (!detail::valid_athlete_id(slug)) continue;
    if (births.size() == limits::kResultsAthletes && !births.contains(detail::lower(slug)))
      detail::check_count(name, record.line, "riders", limits::kResultsAthletes + 1,
                          limits::kResultsAthletes, "athletes per table");
    auto [it, inserted] = births.try_emplace(detail::lower(slug), *day);
    if (!inserted && it->second != *day)
      bad.add(record.line, {.field = "DOB", .value = std::string(dob_text)},
              "conflicts with an earlier row of this rider");
  }
  return births;
}

}  // namespace detail

namespace {

// The stage race the current rows belong to.
struct StageRaceContext {
  std::int32_t event = -1;
  std::int64_t rejected_header_line = 0;  // the header above was a bad row
  int year = 0;
  bool spans_new_year = false;
  DayMonth start;
};

// "'Stage 3' is a stage row without a stage-race header above it"
std::string orphan_problem(std::string_view name, const char* what, const StageRaceContext& race) {
  const std::string is = quoted_for_message(name) + " is a " + what;
  if (race.rejected_header_line > 0) {
    return is + " row of the stage race on line " + std::to_string(race.rejected_header_line) +
           ", which was rejected";
  }
  return is + " row without a stage-race header above it";
}

}  // namespace

void detail::read_pcs_results(std::string_view results, const std::string& results_name,
                              const Births& births, const ReadOptions& options,
                              ResultsImport& out) {
  CsvReader csv(results, results_name);
  CsvRecord record;
  if (!csv.next(record))
    throw Error(ErrorKind::Format, Place{.source = results_name}, "empty file (no header row)");
  constexpr std::array<std::string_view, 6> kColumns = {
      "rider_slug", "date", "result_ranking", "race_name", "pcs_points", "year"};
  std::array<int, 6> column{};
  std::string missing;
  for (std::size_t c = 0; c < kColumns.size(); ++c) {
    column[c] = detail::find_column(record, kColumns[c]);
    if (column[c] < 0) missing += (missing.empty() ? "" : ", ") + std::string(kColumns[c]);
  }
  if (!missing.empty()) {
    throw Error(ErrorKind::Format,
                Place{.source = results_name, .line = static_cast<std::uint64_t>(record.line)},
                "not a PCS results file: missing column(s) " + missing);
  }
  int needed = 0;
  for (int c : column)
    needed = std::max(needed, c + 1);

  BadRows bad(results_name, options.strict, out);
  TableBuilder builder(out, results_name);
  StageRaceContext race;
  std::string last_slug;
  std::int32_t last_athlete = -1;
  std::string key;
  while (csv.next(record)) {
    ++out.counts.rows;
    const std::int64_t line = record.line;
    if (!detail::has_fields(record, needed, bad)) {
      race = {};
      continue;
    }
    auto field = [&](int c) { return detail::trim(record.fields[column[c]]); };
    const std::string_view slug = field(0);
    const std::string_view date = field(1);
    const std::string_view rank_text = field(2);
    const std::string_view name = strip_view_count(field(3));
    detail::check_name(results_name, line, "race_name", name);
    int year = 0;
    {
      const std::string_view y = field(5);
      auto [ptr, ec] = std::from_chars(y.data(), y.data() + y.size(), year);
      if (ec != std::errc() || ptr != y.data() + y.size() || !day_from_ymd(year, 1, 1)) {
        bad.add(line, {.field = "year"},
                quoted_for_message(y) + " is not a year from 1800 to 2200");
        race = {};
        continue;
      }
    }
    if (date.find("\xC2\xBB") != std::string_view::npos) {  // '»': a stage-race header
      race = {};
      const std::size_t sep = date.find("\xC2\xBB");
      const auto start = parse_day_month(detail::trim(date.substr(0, sep)));
      const auto end = parse_day_month(detail::trim(date.substr(sep + 2)));
      const auto [race_name, race_class] = split_class(name);
      // A race over the new year ("28.12 » 02.01") is filed under the year it ends in.
      const bool spans = start && end && before(*end, *start);
      Day start_day = 0;
      Day end_day = 0;
      bool dates_ok = false;
      if (start && end) {
        const auto first = day_from_ymd(spans ? year - 1 : year, start->month, start->day);
        const auto last = day_from_ymd(year, end->month, end->day);
        dates_ok = first.has_value() && last.has_value();
        if (dates_ok) {
          start_day = *first;
          end_day = *last;
        }
      }
      if (!dates_ok) {
        bad.add(line, {.field = "date"},
                quoted_for_message(date) + " is not two real dates \"dd.mm » dd.mm\"");
        race.rejected_header_line = line;
        continue;
      }
      if (race_name.empty() || race_class.data() == nullptr) {
        bad.add(line, {.field = "race_name"},
                quoted_for_message(name) + " does not end with its class, as in \"Tour (2.1)\"");
        race.rejected_header_line = line;
        continue;
      }
      ++out.counts.header_rows;
      Event e;
      e.name = std::string(race_name);
      e.race_key = race_key(race_name);
      e.event_class = std::string(race_class);
      e.kind = EventKind::StageRace;
      e.start_day = start_day;
      e.end_day = end_day;
      e.season = year;
      key = "R\x1f" + e.name + '\x1f' + e.event_class + '\x1f' + std::to_string(start_day);
      race.event = builder.event(line, key, e);
      race.year = year;
      race.spans_new_year = spans;
      race.start = *start;
      continue;
    }
    if (slug.empty()) {
      bad.add(line, {.field = "rider_slug"}, "missing");
      continue;
    }
    if (!detail::valid_athlete_id(slug)) {
      bad.add(line, {.field = "rider_slug"},
              quoted_for_message(slug) + " is not " + detail::athlete_id_rule());
      continue;
    }
    if (name.empty()) {
      bad.add(line, {.field = "race_name"}, "missing");
      continue;
    }
    Event e;
    Day day = 0;
    if (date.empty()) {
      if (race.event < 0) {
        bad.add(line, {.field = "race_name"}, orphan_problem(name, "classification", race));
        continue;
      }
      const Event& parent = out.table.events[race.event];
      e.name = std::string(name);
      e.race_key = parent.race_key;
      e.event_class = parent.event_class;
      e.kind = EventKind::Classification;
      e.classification = classification_of(name);
      e.start_day = e.end_day = day = parent.end_day;
      e.season = parent.season;
      e.parent = race.event;
      key = "C\x1f" + std::to_string(race.event) + '\x1f' + std::string(name);
    } else {
      const auto dm = parse_day_month(date);
      const bool stage = is_stage_name(name);
      const bool previous_year = dm && race.spans_new_year && !before(*dm, race.start);
      const int row_year = previous_year ? year - 1 : year;
      const auto parsed = dm ? day_from_ymd(row_year, dm->month, dm->day) : std::nullopt;
      if (!parsed) {
        if (!stage) race = {};
        bad.add(line, {.field = "date"},
                quoted_for_message(date) + " is not a real \"dd.mm\" date of the year column");
        continue;
      }
      day = *parsed;
      // Rows are sorted by date, so a one-day race run during a stage race ("Noto Chrono"
      // between two stages) sits among its rows; only one outside its days ends the race.
      if (!stage && race.event >= 0 &&
          (day < out.table.events[race.event].start_day ||
           day > out.table.events[race.event].end_day))
        race = {};
      e.start_day = e.end_day = day;
      e.season = year;
      if (stage) {
        if (race.event < 0) {
          bad.add(line, {.field = "race_name"}, orphan_problem(name, "stage", race));
          continue;
        }
        e.name = std::string(name);
        e.event_class = out.table.events[race.event].event_class;
        e.kind = EventKind::Stage;
        e.parent = race.event;
        key = "S\x1f" + std::to_string(race.event) + '\x1f' + std::string(name) + '\x1f' +
              std::to_string(day);
      } else {
        const auto [race_name, race_class] = split_class(name);
        if (race_name.empty() || race_class.data() == nullptr) {
          bad.add(line, {.field = "race_name"},
                  quoted_for_message(name) +
                      " does not end with its class, as in \"Paris-Roubaix (1.UWT)\"");
          continue;
        }
        e.name = std::string(race_name);
        e.event_class = std::string(race_class);
        key = "O\x1f" + e.name + '\x1f' + e.event_class + '\x1f' + std::to_string(day);
      }
    }
    Result result;
    result.day = day;
    if (!detail::parse_rank_cell(rank_text, "result_ranking", line, bad, result)) continue;
    const auto points = detail::parse_points(field(4));
    if (!points) {
      bad.add(line, {.field = "pcs_points"},
              quoted_for_message(field(4)) + " is not a number from 0 to 1e6 (empty = 0)");
      continue;
    }
    result.points = *points;
    if (slug != last_slug) {
      last_slug = std::string(slug);
      const std::string id = detail::lower(slug);
      const auto birth = births.find(id);
      last_athlete = builder.athlete(
          line, id, birth == births.end() ? std::nullopt : std::optional<Day>(birth->second),
          nullptr);
    }
    const auto& birth = out.table.athletes[last_athlete].birth_day;
    if (birth) {
      const std::string rule = detail::check_age(*birth, day);
      if (!rule.empty()) {
        bad.add(line, {.field = "date", .value = std::string(date)},
                rule + " (born " + std::to_string(civil_from_day(*birth).year) + ")");
        continue;
      }
    }
    result.event = builder.find_event(key);
    if (result.event < 0) {  // first sight of this edition: the costly name work
      if (e.kind != EventKind::Classification) e.time_trial = is_time_trial_name(name);
      if (e.kind == EventKind::OneDay) e.race_key = race_key(e.name);
      result.event = builder.event(line, key, e);
    }
    result.athlete = last_athlete;
    builder.add_result(line, result);
  }
  builder.finish();
}

ResultsImport read_results_pcs(std::string_view results, const std::string& results_name,
                               std::string_view riders, const std::string& riders_name,
                               const ReadOptions& options) {
  ResultsImport out;
  detail::read_pcs_results(results, results_name,
                           detail::read_pcs_riders(riders, riders_name, options, out), options,
                           out);
  return out;
}

}  // namespace podium::career
