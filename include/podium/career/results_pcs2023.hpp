// The 2023 season of a second PCS scrape (../shared/data/cycling/pcs_2023_valenrieu,
// PROVENANCE.md section 2): the UCI top-500 riders and the top 10 of 472 races and stages, and
// the reconciliation of its rider names with the athlete keys of a results table (PCS slugs).
//
// Contract, readers (strict: outside data, one located error, nothing returned):
// read_pcs2023_riders reads coureurs2023.csv: ';'-separated, a header naming at least Rank, Rider
// ("Lastname Firstname"), Team and Date_of_birth ("21st September 1998", empty = unknown); Rank a
// whole number 1..100000. read_pcs2023_races reads courses2023.csv: ','-separated (RFC 4180
// quotes), a header naming at least nom, circuit, date ("22 January 2023"), categorie2 and the
// ten places premier ... dixieme (a name, or empty when the scrape has no rider for the place).
// Every record has the header's field count. A race is a one-day race when its class (circuit)
// starts with "1." or is NC or WC, a stage of a stage race when it starts with "2."; any other
// class (the two "Final" rows) is kept with kind Other and left out by callers; a record with no
// date and no named place (the scrape lists races it got nothing for) is kept with kind Empty and
// day 0. time_trial: the
// name says so (is_time_trial_name) or categorie2 ends in TT/TTT. Errors: Error(Format) with
// Place{source, line, field, value} — a missing header column, a record with the wrong field
// count, an unreadable rank or date, an empty rider or race name; more than
// kPcs2023MaxRecords records: limits::exceeded. Dates must lie in 1800..2200 (day_from_ymd).
//
// Contract, reconciliation: rider_name_key folds a name to its word set: words split at spaces
// and hyphens, each lower-cased with Latin accents folded (race_key's folding) and every other
// character dropped ("O'connor" -> "oconnor"), sorted and joined by '-', so "Pogačar Tadej" and the
// slug "tadej-pogacar" share the key "pogacar-tadej"; purely numeric words (slug suffixes for
// namesakes) are dropped. match_riders: a name matches the athlete whose id has the same key; when
// several athletes share it, the one with the same birth day (the tie-break); when the only
// athlete with the key has a known birth day that differs from a known one of the rider, no match
// (a namesake). A rider left without a match (not ambiguous) whose birth day is known then matches
// the one athlete born that day whose name covers his: every word of the shorter of the two names
// begins a word of the longer ("Vingegaard Jonas" -> jonas-vingegaard-rasmussen, "Barta Will" ->
// william-barta; twins sharing only a surname do not); none or several: no match.
// Each rider gets an athlete index or -1 and a reason.
//
//   Pcs2023Season s = read_pcs2023_folder("../shared/data/cycling/pcs_2023_valenrieu");
//   RiderMatches m = match_riders(table, s.riders);
//   m.athlete[0];  // Pogačar's index in `table`, or -1
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "podium/career/results.hpp"

namespace podium::career {

inline constexpr std::size_t kPcs2023MaxRecords = 100'000;
inline constexpr std::size_t kPcs2023Places = 10;

struct Pcs2023Rider {
  int uci_rank = 0;
  std::string name;  // "Lastname Firstname" as in the file
  std::string team;
  std::optional<Day> birth_day;
  std::int64_t line = 0;
};

enum class Pcs2023Kind { OneDay, Stage, Other, Empty };

struct Pcs2023Race {
  std::string name;
  std::string race_class;  // circuit: "1.UWT", "2.Pro", "NC"
  Pcs2023Kind kind = Pcs2023Kind::OneDay;
  bool time_trial = false;
  Day day = 0;
  std::array<std::string, kPcs2023Places> top;  // "" = no rider for the place
  std::int64_t line = 0;
};

struct Pcs2023Season {
  std::vector<Pcs2023Rider> riders;
  std::vector<Pcs2023Race> races;
};

std::vector<Pcs2023Rider> read_pcs2023_riders(std::string_view bytes, std::string_view source);
std::vector<Pcs2023Race> read_pcs2023_races(std::string_view bytes, std::string_view source);
// coureurs2023.csv and courses2023.csv of `dir` (Error(Io) naming a missing file).
Pcs2023Season read_pcs2023_folder(const std::string& dir);

std::string rider_name_key(std::string_view name);

enum class RiderMatch { Name, NameAndBirthDay, WordsAndBirthDay, Ambiguous, BirthDayDiffers, None };
const char* rider_match_name(RiderMatch m);  // "name", "name+birth_day", ...

struct RiderMatches {
  std::vector<std::int32_t> athlete;  // per rider: index in the table or -1
  std::vector<RiderMatch> how;
  std::size_t matched() const;
};
RiderMatches match_riders(const ResultsTable& table, std::span<const Pcs2023Rider> riders);

}  // namespace podium::career
