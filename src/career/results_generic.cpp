// The generic results CSV reader (results_csv.hpp; the format is in docs/formats.md). One pass:
// each row is checked field by field, then interned. A stage race (the `parent` of stage and
// classification rows) is one event per (parent name, season); its days grow to cover its rows,
// and classification results take its last day once every row is read.
#include <array>
#include <string>

#include "career/results_builder.hpp"
#include "podium/core/calendar.hpp"
#include "podium/core/csv.hpp"
#include "podium/core/error.hpp"
#include "podium/core/message.hpp"

namespace podium::career {
namespace {

using detail::BadRows;
using detail::TableBuilder;

enum GenericColumn {
  kDate,
  kEvent,
  kEventClass,
  kAthleteId,
  kBirthDate,
  kRank,
  kPoints,
  kKind,
  kParent
};
constexpr std::array<const char*, 9> kGenericColumnNames = {
    "date", "event", "event_class", "athlete_id", "birth_date", "rank", "points", "kind", "parent"};
constexpr std::array<bool, 9> kRequired = {true, true,  false, true, false,
                                           true, false, false, false};

struct KindInfo {
  const char* name;
  EventKind kind;
  Classification classification;
};
constexpr std::array<KindInfo, 6> kKinds = {{
    {"one_day", EventKind::OneDay, Classification::None},
    {"stage", EventKind::Stage, Classification::None},
    {"gc", EventKind::Classification, Classification::General},
    {"points", EventKind::Classification, Classification::Points},
    {"mountains", EventKind::Classification, Classification::Mountains},
    {"youth", EventKind::Classification, Classification::Youth},
}};

std::string key_part(std::string_view s) {
  return std::string(s) + '\x1f';
}

}  // namespace

ResultsImport read_results_generic(std::string_view bytes, const std::string& name,
                                   const ReadOptions& options) {
  ResultsImport out;
  CsvReader csv(bytes, name);
  CsvRecord record;
  if (!csv.next(record))
    throw Error(ErrorKind::Format, Place{.source = name}, "empty file (no header row)");
  const Place header_place{.source = name, .line = static_cast<std::uint64_t>(record.line)};
  std::array<int, 9> column{};
  column.fill(-1);
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    const std::string field = detail::lower(detail::trim(record.fields[i]));
    for (std::size_t c = 0; c < kGenericColumnNames.size(); ++c) {
      if (field != kGenericColumnNames[c]) continue;
      if (column[c] >= 0) {
        throw Error(ErrorKind::Format, header_place, "column \"" + field + "\" appears twice");
      }
      column[c] = static_cast<int>(i);
    }
  }
  std::string missing;
  for (std::size_t c = 0; c < kGenericColumnNames.size(); ++c)
    if (kRequired[c] && column[c] < 0)
      missing += std::string(missing.empty() ? "" : ", ") + kGenericColumnNames[c];
  if (!missing.empty()) {
    throw Error(ErrorKind::Format, header_place,
                "not a results CSV: missing column(s) " + missing +
                    " (header needs date, event, athlete_id, rank)");
  }
  int needed = 0;
  for (int c : column)
    needed = std::max(needed, c + 1);

  BadRows bad(name, options.strict, out);
  TableBuilder builder(out, name);
  while (csv.next(record)) {
    ++out.counts.rows;
    const std::int64_t line = record.line;
    if (!detail::has_fields(record, needed, bad)) continue;
    auto field = [&](GenericColumn c) {
      return column[c] < 0 ? std::string_view() : detail::trim(record.fields[column[c]]);
    };
    const std::string_view athlete_id = field(kAthleteId);
    if (athlete_id.empty()) {
      bad.add(line, {.field = "athlete_id"}, "missing");
      continue;
    }
    if (!detail::valid_athlete_id(athlete_id)) {
      bad.add(line, {.field = "athlete_id"},
              quoted_for_message(athlete_id) + " is not " + detail::athlete_id_rule());
      continue;
    }
    const std::string_view event_name = field(kEvent);
    detail::check_name(name, line, "event", event_name);
    detail::check_name(name, line, "event_class", field(kEventClass));
    detail::check_name(name, line, "parent", field(kParent));
    if (event_name.empty()) {
      bad.add(line, {.field = "event"}, "missing");
      continue;
    }
    const std::optional<Day> day = detail::parse_iso_date(field(kDate));
    if (!day) {
      bad.add(line, {.field = "date"},
              quoted_for_message(field(kDate)) + " is not a real YYYY-MM-DD date");
      continue;
    }
    Result result;
    result.day = *day;
    if (!detail::parse_rank_cell(field(kRank), "rank", line, bad, result)) continue;
    const std::optional<double> points = detail::parse_points(field(kPoints));
    if (!points) {
      bad.add(line, {.field = "points"},
              quoted_for_message(field(kPoints)) + " is not a number from 0 to 1e6 (empty = 0)");
      continue;
    }
    result.points = *points;
    const KindInfo* kind = &kKinds[0];
    if (!field(kKind).empty()) {
      const std::string k = detail::lower(field(kKind));
      kind = nullptr;
      for (const KindInfo& info : kKinds)
        if (k == info.name) kind = &info;
      if (kind == nullptr) {
        bad.add(line, {.field = "kind"},
                quoted_for_message(field(kKind)) +
                    " is not one_day, stage, gc, points, mountains or youth");
        continue;
      }
    }
    const std::string_view parent_name = field(kParent);
    if (kind->kind != EventKind::OneDay && parent_name.empty()) {
      bad.add(line, {.field = "parent"},
              std::string("missing (a ") + kind->name + " row needs its stage race)");
      continue;
    }
    if (kind->kind == EventKind::OneDay && !parent_name.empty()) {
      bad.add(line, {.field = "parent"},
              quoted_for_message(parent_name) + " on a one_day row, which has no parent");
      continue;
    }
    std::optional<Day> birth;
    if (!field(kBirthDate).empty()) {
      birth = detail::parse_iso_date(field(kBirthDate));
      if (!birth) {
        bad.add(line, {.field = "birth_date"},
                quoted_for_message(field(kBirthDate)) + " is not a real YYYY-MM-DD date");
        continue;
      }
      const std::string rule = detail::check_age(*birth, *day);
      if (!rule.empty()) {
        bad.add(line, {.field = "birth_date", .value = std::string(field(kBirthDate))}, rule);
        continue;
      }
      const std::int32_t existing = builder.find_athlete(athlete_id);
      if (existing >= 0 && out.table.athletes[existing].birth_day &&
          *out.table.athletes[existing].birth_day != *birth) {
        bad.add(line, {.field = "birth_date", .value = std::string(field(kBirthDate))},
                "conflicts with an earlier row of this athlete");
        continue;
      }
    }
    const int season = civil_from_day(*day).year;
    Event event;
    event.name = std::string(event_name);
    event.event_class = std::string(field(kEventClass));
    event.kind = kind->kind;
    event.classification = kind->classification;
    event.start_day = event.end_day = *day;
    event.season = season;
    std::string key = key_part(kind->name) + key_part(event_name) + std::to_string(*day);
    if (kind->kind != EventKind::OneDay) {
      Event race;
      race.name = std::string(parent_name);
      race.race_key = race_key(parent_name);
      race.event_class = event.event_class;
      race.kind = EventKind::StageRace;
      race.start_day = race.end_day = *day;
      race.season = season;
      const std::int32_t parent =
          builder.event(line, "race\x1f" + key_part(parent_name) + std::to_string(season), race);
      Event& p = out.table.events[parent];
      p.start_day = std::min(p.start_day, *day);
      p.end_day = std::max(p.end_day, *day);
      event.parent = parent;
      key += '\x1f' + std::to_string(parent);
      if (kind->kind == EventKind::Classification) event.race_key = race.race_key;
    } else {
      event.race_key = race_key(event_name);
    }
    event.time_trial = kind->kind != EventKind::Classification && is_time_trial_name(event_name);
    result.event = builder.event(line, key, event);
    result.athlete = builder.athlete(line, athlete_id, birth, nullptr);
    builder.add_result(line, result);
  }
  // Classification results are known on the stage race's last day (results.hpp contract).
  for (Result& r : out.table.results) {
    const Event& e = out.table.events[r.event];
    if (e.kind == EventKind::Classification) r.day = out.table.events[e.parent].end_day;
  }
  for (Event& e : out.table.events)
    if (e.kind == EventKind::Classification)
      e.start_day = e.end_day = out.table.events[e.parent].end_day;
  builder.finish();
  return out;
}

}  // namespace podium::career
