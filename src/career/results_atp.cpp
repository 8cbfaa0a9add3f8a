// The ATP matches reader (results_csv.hpp; layout in shared/data/cycling/PROVENANCE.md section 3,
// rules in docs/formats.md "ATP matches"). Tennis results are matches, not places: one pass
// checks each match row and remembers, per (edition, player), the furthest exit seen and the
// match wins; once every row is read the exits become places and points. Places of knockout
// rounds are fixed by the round (a complete draw gives the same numbers as counting the players
// who went further, and the fixed table does not shift when a row elsewhere is bad); round-robin
// and early-round exits, where the round says nothing about rank, are ranked by wins.
#include <algorithm>
#include <array>
#include <charconv>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

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

// How far a player got in one edition, ordered: a larger exit went further.
enum Exit : std::uint8_t {
  kEarlyRound,  // "ER": the qualifying-like first round of the 2007 round-robin events
  kRoundRobin,  // "RR": group stage (Tour Finals, team cups)
  kR128,
  kR64,
  kR32,
  kR16,
  kQuarterFinal,
  kSemiFinal,
  kBronzeLost,
  kBronzeWon,
  kFinalLost,
  kFinalWon,
  kExitCount
};

struct RoundInfo {
  const char* code;
  Exit lost;
  Exit won;  // exit of the match winner when the round itself ends the tournament for them
};
// A winner of any round but BR and F goes on to a later round, so its exit is raised by that
// row; a winner whose next match is missing keeps the exit of the round they won.
constexpr std::array<RoundInfo, 10> kRounds = {{
    {"ER", kEarlyRound, kEarlyRound},
    {"RR", kRoundRobin, kRoundRobin},
    {"R128", kR128, kR128},
    {"R64", kR64, kR64},
    {"R32", kR32, kR32},
    {"R16", kR16, kR16},
    {"QF", kQuarterFinal, kQuarterFinal},
    {"SF", kSemiFinal, kSemiFinal},
    {"BR", kBronzeLost, kBronzeWon},
    {"F", kFinalLost, kFinalWon},
}};

// Place by exit for the knockout exits; 0 = ranked by wins among the players who went no further.
constexpr std::array<std::int32_t, kExitCount> kPlaceOfExit = {0, 0, 65, 33, 17, 9,
                                                               5, 3, 4,  3,  2,  1};

// Points by level and exit: a fixed scale modelled on ATP ranking points, applied to every year
// so that seasons compare (the historical points changed several times). Levels not listed
// (O = Olympics, challengers, exhibitions) earn 0.
using PointsScale = std::array<double, kExitCount>;
//                              ER RR  R128 R64 R32 R16  QF   SF   BR-  BR+  F-    F+
constexpr PointsScale kGrandSlam = {0, 0, 10, 45, 90, 180, 360, 720, 720, 720, 1200, 2000};
constexpr PointsScale kMasters = {0, 0, 10, 10, 45, 90, 180, 360, 360, 360, 600, 1000};
// Level A holds both the 500 and the 250 events: the data does not tell them apart.
constexpr PointsScale kTour250 = {0, 0, 0, 0, 5, 20, 45, 90, 90, 90, 150, 250};
// Tour Finals: by exit, as if the player won two group matches (200 each) on the way to the
// semi-final and one when out in the group; a semi-final win 400, the final 500.
constexpr PointsScale kTourFinals = {0, 200, 0, 0, 0, 0, 0, 400, 400, 400, 800, 1300};

const PointsScale* scale_of(std::string_view level) {
  if (level == "G") return &kGrandSlam;
  if (level == "M") return &kMasters;
  if (level == "A") return &kTour250;
  if (level == "F") return &kTourFinals;
  return nullptr;
}

constexpr std::string_view kDavisCup = "D";
constexpr std::size_t kMaxPlayerIdDigits = 12;

enum AtpColumn {
  kTourneyId,
  kTourneyName,
  kTourneyLevel,
  kTourneyDate,
  kWinnerId,
  kLoserId,
  kRound
};
constexpr std::array<const char*, 7> kAtpColumnNames = {
    "tourney_id", "tourney_name", "tourney_level", "tourney_date",
    "winner_id",  "loser_id",     "round"};

// "YYYYMMDD" -> day; nullopt unless eight digits of a real date.
std::optional<Day> parse_compact_date(std::string_view text) {
  if (text.size() != 8) return std::nullopt;
  int ymd = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), ymd);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return day_from_ymd(ymd / 10000, ymd / 100 % 100, ymd % 100);
}

bool valid_player_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxPlayerIdDigits) return false;
  for (char c : id)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

detail::Births detail::read_atp_players(std::string_view players, const std::string& name,
                                        const ReadOptions& options, ResultsImport& out) {
  Births births;
  if (players.empty()) return births;
  CsvReader csv(players, name);
  CsvRecord record;
  if (!csv.next(record))
    throw Error(ErrorKind::Format, Place{.source = name}, "empty file (no header row)");
  const int id = detail::find_column(record, "player_id");
  const int dob = detail::find_column(record, "dob");
  if (id < 0 || dob < 0) {
    throw Error(
        ErrorKind::Format, Place{.source = name, .line = static_cast<std::uint64_t>(record.line)},
        "not an ATP players file: missing column(s) " + (id < 0 ? std::string("player_id") : "") +
            (id < 0 && dob < 0 ? ", " : "") + (dob < 0 ? "dob" : ""));
  }
  const int needed = std::max(id, dob) + 1;
  BadRows bad(name, options.strict, out);
  while (csv.next(record)) {
    if (static_cast<int>(record.fields.size()) < needed) {
      bad.add(record.line, {}, "row has fewer fields than the header");
      continue;
    }
    const std::string_view id_text = detail::trim(record.fields[id]);
    const std::string_view dob_text = detail::trim(record.fields[dob]);
    // Upstream writes YYYY0000 for a year-only birth date: not known to the day, so none.
    if (dob_text.empty() || dob_text.ends_with("0000")) continue;
    if (!valid_player_id(id_text)) {
      bad.add(record.line, {.field = "player_id"},
              quoted_for_message(id_text) + " is not 1-12 digits");
      continue;
    }
    const std::optional<Day> day = parse_compact_date(dob_text);
    if (!day) {
      bad.add(record.line, {.field = "dob"},
              quoted_for_message(dob_text) + " is not a real YYYYMMDD date");
      continue;
    }
    if (births.size() == limits::kResultsAthletes && !births.contains(std::string(id_text)))
      detail::check_count(name, record.line, "players", limits::kResultsAthletes + 1,
                          limits::kResultsAthletes, "athletes per table");
    auto [it, inserted] = births.try_emplace(std::string(id_text), *day);
    if (!inserted && it->second != *day)
      bad.add(record.line, {.field = "dob", .value = std::string(dob_text)},
              "conflicts with an earlier row of this player");
  }
  return births;
}

namespace {

// One player in one edition while the rows are read.
struct Entry {
  std::int32_t event = 0;
  std::int32_t athlete = 0;
  Exit exit = kEarlyRound;
  std::int32_t wins = 0;
};

class Entries {
 public:
  // Each entry becomes a result: the entries are bounded by limits::kResultsRows.
  void record(const std::string& source, std::int64_t line, std::int32_t event,
              std::int32_t athlete, Exit exit, bool won) {
    const std::uint64_t key =
        (static_cast<std::uint64_t>(static_cast<std::uint32_t>(event)) << 32) |
        static_cast<std::uint32_t>(athlete);
    if (entries_.size() == limits::kResultsRows && !slot_.contains(key))
      detail::check_count(source, line, "results", limits::kResultsRows + 1, limits::kResultsRows,
                          "results per table");
    auto [it, inserted] = slot_.try_emplace(key, entries_.size());
    if (inserted) entries_.push_back({event, athlete, exit, 0});
    Entry& e = entries_[it->second];
    if (exit > e.exit) e.exit = exit;
    if (won) ++e.wins;
  }
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  std::unordered_map<std::uint64_t, std::size_t> slot_;
  std::vector<Entry> entries_;  // order of first appearance
};

// Place of each entry (results_csv.hpp): the fixed place of a knockout exit, else 1 + the
// players of the edition who went further + those with the same exit and more wins. Counted
// from each edition's sorted (exit, wins) keys: n log n, however large a round robin is.
std::vector<std::int32_t> places(const std::vector<Entry>& entries, std::size_t event_count) {
  using Key = std::pair<int, std::int32_t>;  // (exit, wins)
  std::vector<std::vector<Key>> keys(event_count);
  for (const Entry& e : entries)
    keys[e.event].push_back({e.exit, e.wins});
  for (std::vector<Key>& k : keys)
    std::sort(k.begin(), k.end());
  std::vector<std::int32_t> place(entries.size(), 0);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    place[i] = kPlaceOfExit[e.exit];
    if (place[i] > 0) continue;
    const std::vector<Key>& k = keys[e.event];
    const auto better = k.end() - std::upper_bound(k.begin(), k.end(), Key{e.exit, e.wins});
    place[i] = static_cast<std::int32_t>(1 + better);
  }
  return place;
}

}  // namespace

void detail::read_atp_matches(std::string_view matches, const std::string& matches_name,
                              const Births& births, const ReadOptions& options,
                              ResultsImport& out) {
  CsvReader csv(matches, matches_name);
  CsvRecord record;
  if (!csv.next(record)) {
    throw Error(ErrorKind::Format, Place{.source = matches_name}, "empty file (no header row)");
  }
  std::array<int, kAtpColumnNames.size()> column{};
  std::string missing;
  int needed = 0;
  for (std::size_t c = 0; c < kAtpColumnNames.size(); ++c) {
    column[c] = detail::find_column(record, kAtpColumnNames[c]);
    if (column[c] < 0) missing += std::string(missing.empty() ? "" : ", ") + kAtpColumnNames[c];
    needed = std::max(needed, column[c] + 1);
  }
  if (!missing.empty()) {
    throw Error(ErrorKind::Format,
                Place{.source = matches_name, .line = static_cast<std::uint64_t>(record.line)},
                "not an ATP matches file: missing column(s) " + missing);
  }

  BadRows bad(matches_name, options.strict, out);
  TableBuilder builder(out, matches_name);
  Entries entries;
  while (csv.next(record)) {
    ++out.counts.rows;
    const std::int64_t line = record.line;
    if (!detail::has_fields(record, needed, bad)) continue;
    auto field = [&](AtpColumn c) { return detail::trim(record.fields[column[c]]); };
    const std::string_view level = field(kTourneyLevel);
    detail::check_name(matches_name, line, "tourney_level", level);
    detail::check_name(matches_name, line, "tourney_id", field(kTourneyId));
    detail::check_name(matches_name, line, "tourney_name", field(kTourneyName));
    if (level == kDavisCup) {  // ties between nations, no draw to place players in
      ++out.counts.skipped;
      continue;
    }
    const std::string_view tourney_id = field(kTourneyId);
    if (tourney_id.empty()) {
      bad.add(line, {.field = "tourney_id"}, "missing");
      continue;
    }
    const std::string_view name = field(kTourneyName);
    if (name.empty()) {
      bad.add(line, {.field = "tourney_name"}, "missing");
      continue;
    }
    if (level.empty()) {
      bad.add(line, {.field = "tourney_level"}, "missing");
      continue;
    }
    const std::optional<Day> day = parse_compact_date(field(kTourneyDate));
    if (!day) {
      bad.add(line, {.field = "tourney_date"},
              quoted_for_message(field(kTourneyDate)) + " is not a real YYYYMMDD date");
      continue;
    }
    const std::string_view winner = field(kWinnerId);
    const std::string_view loser = field(kLoserId);
    if (!valid_player_id(winner)) {
      bad.add(line, {.field = "winner_id"}, quoted_for_message(winner) + " is not 1-12 digits");
      continue;
    }
    if (!valid_player_id(loser)) {
      bad.add(line, {.field = "loser_id"}, quoted_for_message(loser) + " is not 1-12 digits");
      continue;
    }
    if (winner == loser) {
      bad.add(line, {.field = "loser_id", .value = std::string(loser)},
              "the same player as winner_id");
      continue;
    }
    const RoundInfo* round = nullptr;
    for (const RoundInfo& r : kRounds)
      if (field(kRound) == r.code) round = &r;
    if (round == nullptr) {
      bad.add(line, {.field = "round"},
              quoted_for_message(field(kRound)) +
                  " is not F, BR, SF, QF, R16, R32, R64, R128, RR or ER");
      continue;
    }
    const std::string key(tourney_id);
    const std::int32_t known = builder.find_event(key);
    if (known >= 0) {
      const Event& e = out.table.events[known];
      if (e.start_day != *day) {
        bad.add(line, {.field = "tourney_date", .value = std::string(field(kTourneyDate))},
                "differs from the first row of this tourney_id");
        continue;
      }
      if (e.event_class != level) {
        bad.add(line, {.field = "tourney_level"},
                quoted_for_message(level) + " differs from the first row of this tourney_id");
        continue;
      }
    }
    const auto birth_of = [&](std::string_view id) {
      const auto it = births.find(std::string(id));
      return it == births.end() ? std::nullopt : std::optional<Day>(it->second);
    };
    const std::optional<Day> winner_birth = birth_of(winner);
    const std::optional<Day> loser_birth = birth_of(loser);
    // A players-file dob that makes a player an impossible age rejects the match: one of the two
    // is wrong, and the reader cannot tell which.
    std::string rule;
    for (const auto& [role, id, birth] : {std::tuple{"winner_id ", winner, winner_birth},
                                          std::tuple{"loser_id ", loser, loser_birth}}) {
      if (rule.empty() && birth) {
        rule = detail::check_age(*birth, *day);
        if (!rule.empty())
          rule += " for " + std::string(role) + std::string(id) + " (dob from players file)";
      }
    }
    if (!rule.empty()) {
      bad.add(line, {.field = "tourney_date", .value = std::string(field(kTourneyDate))}, rule);
      continue;
    }
    std::int32_t event = known;
    if (event < 0) {
      Event e;
      e.name = std::string(name);
      e.race_key = race_key(name);
      e.event_class = std::string(level);
      e.start_day = e.end_day = *day;
      e.season = civil_from_day(*day).year;
      event = builder.event(line, key, e);
    }
    const std::int32_t w =
        builder.athlete(line, "atp-" + std::string(winner), winner_birth, nullptr);
    const std::int32_t l = builder.athlete(line, "atp-" + std::string(loser), loser_birth, nullptr);
    entries.record(matches_name, line, event, w, round->won, true);
    entries.record(matches_name, line, event, l, round->lost, false);
  }

  const std::vector<std::int32_t> place = places(entries.entries(), out.table.events.size());
  for (std::size_t i = 0; i < place.size(); ++i) {
    const Entry& e = entries.entries()[i];
    const Event& event = out.table.events[e.event];
    const PointsScale* scale = scale_of(event.event_class);
    Result r;
    r.event = e.event;
    r.athlete = e.athlete;
    r.day = event.start_day;
    r.rank = place[i];
    r.points = scale == nullptr ? 0.0 : (*scale)[e.exit];
    builder.add_result(0, r);  // within the limit: Entries::record checked it at its line
  }
  builder.finish();
}

ResultsImport read_results_atp(std::string_view matches, const std::string& matches_name,
                               std::string_view players, const std::string& players_name,
                               const ReadOptions& options) {
  ResultsImport out;
  detail::read_atp_matches(matches, matches_name,
                           detail::read_atp_players(players, players_name, options, out), options,
                           out);
  return out;
}

}  // namespace podium::career
