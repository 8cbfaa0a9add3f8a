// Competition results in memory: athletes (with birth days), events (one-day races, stage races,
// their stages and classifications, tournaments) and one result row per athlete and event. The
// careers and rank modules compute on this table; readers (results_csv.hpp) fill it and the store
// keeps it.
//
// Contract: days are whole days since 1970-01-01 UTC (`Day`); a season is a calendar year.
// Indices are positions in the vectors (int32). An event's `parent` is the stage race a stage or
// classification belongs to (-1 otherwise). Every result's `day` is when that result was known:
// the race day for a one-day race or stage, the stage race's last day for a classification. A
// feature for a race on day D may only use results with `day < D` (rank module's leakage rule).
// Athlete ids are the source's own keys (a PCS slug, an ATP player id): public competition data,
// never mixed with the pseudonymous sensor athletes of the store.
//
//   ResultsTable t = read_results_generic(read_file("results.csv"), "results.csv", {}).table;
//   for (const Result& r : t.results) if (t.events[r.event].kind == EventKind::OneDay) ...
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace podium::career {

using Day = std::int32_t;  // days since 1970-01-01 UTC

// Days since the epoch of a proleptic Gregorian date; nullopt for an impossible date
// (month 13, 30 February) and for years outside 1800..2200, which no results source holds.
// The way back is podium::civil_from_day (core/calendar.hpp).
std::optional<Day> day_from_ymd(int year, int month, int day);
// Age in years (fractional, 365.2425-day years) on `day` of someone born on `birth`.
double age_years(Day birth, Day day);

enum class EventKind {
  OneDay,          // a one-day race (or a tournament, a single competition)
  StageRace,       // the header of a stage race: no result rows of its own
  Stage,           // one stage of a stage race
  Classification,  // a stage race's final classification (general, points, mountains, youth)
};
enum class Classification { None, General, Points, Mountains, Youth, Other };

struct Event {
  std::string name;         // as in the source, class suffix removed ("Paris-Roubaix")
  std::string race_key;     // edition-independent identity (race_key()), "" for stages
  std::string event_class;  // UCI class or level as in the source: "1.UWT", "2.HC", "NC", ""
  EventKind kind = EventKind::OneDay;
  Classification classification = Classification::None;
  bool time_trial = false;  // an individual time trial or prologue
  Day start_day = 0;
  Day end_day = 0;  // == start_day except for stage races
  int season = 0;
  std::int32_t parent = -1;  // stage race of a Stage / Classification
};

enum class Status { Ranked, Dnf, Dns, Otl, Dsq, Unranked };
const char* status_name(Status status);  // "ranked", "DNF", "DNS", "OTL", "DSQ", "unranked"

struct Result {
  std::int32_t event = 0;
  std::int32_t athlete = 0;
  Day day = 0;  // when this result was known (see contract)
  Status status = Status::Ranked;
  std::int32_t rank = 0;  // 1-based when Ranked, 0 otherwise
  double points = 0.0;    // the source's points (PCS points); 0 when none
};

struct Athlete {
  std::string id;
  std::optional<Day> birth_day;
};

// Did the row's athlete start? Every status but DNS (DNF, OTL, DSQ and unranked rows started).
constexpr bool started(const Result& result) {
  return result.status != Status::Dns;
}
// Does the row give its athlete a race day? One definition for careers (races and race days
// entered, performance.hpp) and the rank features (race_days_*, days_since_last_race): a row of a
// one-day race or a stage the athlete started. Classifications are not days; a DNS is no day.
constexpr bool is_race_day(const Event& event, const Result& result) {
  return started(result) && (event.kind == EventKind::OneDay || event.kind == EventKind::Stage);
}

// What a result counts as when a rider's points are split by race type (rider-type clustering,
// type-share features). Derived from the event alone.
enum class RaceType { OneDay, GeneralClassification, Stage, Points, Mountains, TimeTrial, Other };
constexpr int kRaceTypeCount = 7;
const char* race_type_name(RaceType type);  // "one_day", "gc", "stage", "points", "mountains", ...
RaceType race_type(const Event& event);

struct ResultsTable {
  std::vector<Athlete> athletes;
  std::vector<Event> events;
  std::vector<Result> results;

  // -1 when absent. Linear in the first call's table size, then O(1) (the index is rebuilt when
  // the athlete count changed).
  std::int32_t find_athlete(std::string_view id) const;

 private:
  mutable std::unordered_map<std::string, std::int32_t> athlete_index_;
};

// Puts `table` in the canonical order every way into a table ends with (the readers'
// results_csv.hpp and the store's load), so one input gives the same table, index for index,
// however it was read: athletes by id; events by (start_day, name, kind, classification,
// event_class, parent's (start_day, name, event_class)), ties in the order given; results by
// (event, athlete). Parents and results are re-pointed; nothing is added or dropped. Downstream
// ties are broken by index (the rank module's same-day races and validation split, a race's rows),
// so without one order the same data gave other training rows read from a file than from a store.
//   sort_table(table);  // table.athletes[i].id < table.athletes[i + 1].id
void sort_table(ResultsTable& table);

// Per event: is it a junior or under-23 race? A UCI youth class (JR, 1.2U, 2.2U, 1.2U23, 2.2U23,
// 1.Ncup, 2.Ncup, JOJ) or a category word in the name (MJ, WJ, MU, WU, U23, U19, Espoirs,
// Junior..., also in the parent stage race's name). Careers leave these out by default: a
// junior's points per race are not comparable with a professional's (docs/careers.md).
std::vector<bool> youth_events(const ResultsTable& table);

// Edition-independent race identity from a source race name: lower-case ASCII (Latin accents
// folded), the UCI class suffix "(1.UWT)" and a trailing category word ("ME", "WE") dropped,
// non-alphanumerics collapsed to '-', and known renamings of WorldTour classics mapped to one key
// ("E3 BinckBank Classic", "Record Bank E3 Harelbeke" -> "e3-harelbeke"; the keys of the shared
// derived classics file are the targets). docs/formats.md lists the aliases.
std::string race_key(std::string_view name);

}  // namespace podium::career
