// Results readers: outside results files -> ResultsTable (results.hpp). Three layouts: podium's
// generic results CSV (docs/formats.md, "Results CSV"), the ProCyclingStats layout of the
// shared `pcs_noctildon` data (one table of every rider's result history, plus rider profiles)
// and Jeff Sackmann's ATP matches (one row per tennis match, plus player profiles).
//
// Contract: bytes in (already gunzipped), a table out, never I/O except in the *_path readers.
// Lenient by default: a bad row is skipped, counted and listed in `bad_rows` with its place (file,
// 1-based physical line, the column the rule is about) and the problem, and the rest is imported
// (the list keeps the first kBadRowsKept; counts.bad_rows counts them all);
// `strict` throws Error(Format) at that place at the first bad row instead: "NAME: line N: date:
// '2019-02-30' is not a real YYYY-MM-DD date", "NAME: line N: rank = 0: must be 1-10000". A
// second result of the same athlete in the same event is a duplicate (counted, the first kept),
// not a bad row.
// A file that is not of the expected layout (empty, no header, a required column missing, an
// unterminated quote) is Error(Format) naming the file and what is missing, in both modes.
// Output order is canonical (results.hpp sort_table): athletes by id, events by day and name,
// results by (event, athlete); a store loads the same table back in the same order.
//
//   ResultsImport r = read_results_generic(bytes, "results.csv", {});
//   for (const BadRow& b : r.bad_rows) std::cerr << b.place.message(b.problem) << "\n";
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "podium/career/results.hpp"
#include "podium/core/error.hpp"

namespace podium::career {

struct ReadOptions {
  bool strict = false;
};

// Bad rows listed in detail: every bad row of the real files (the PCS table has 1963), while a
// hostile file of millions of bad rows costs a few MB of list, not gigabytes.
inline constexpr std::size_t kBadRowsKept = 10'000;

struct BadRow {
  // .source: the file the line is in (the results file, or PCS riders_info / ATP players);
  // .line: its physical line; .field: the column the rule is about, "" for the whole row.
  Place place;
  std::string problem;
};

struct ImportCounts {
  std::int64_t rows = 0;         // data records read (header excluded)
  std::int64_t results = 0;      // result rows kept (== table.results.size())
  std::int64_t events = 0;       // == table.events.size()
  std::int64_t athletes = 0;     // == table.athletes.size()
  std::int64_t bad_rows = 0;     // every bad row (bad_rows lists the first kBadRowsKept)
  std::int64_t duplicates = 0;   // same athlete, same event again: dropped
  std::int64_t header_rows = 0;  // PCS stage-race header rows (an event, no result)
  std::int64_t skipped = 0;      // rows left out by a documented rule (ATP Davis Cup ties)
};

struct ResultsImport {
  ResultsTable table;
  std::vector<BadRow> bad_rows;
  ImportCounts counts;
};

// Generic results CSV: header row, case-insensitive column names in any order. Required: date,
// event, athlete_id, rank; optional: event_class, birth_date, points, kind, parent. Unknown
// columns are ignored. See docs/formats.md for every rule.
ResultsImport read_results_generic(std::string_view bytes, const std::string& name,
                                   const ReadOptions& options);

// PCS layout (shared/data/cycling/PROVENANCE.md): `results` is pcs_rider_results.csv; `riders`
// is riders_info.csv (DOB, link = "rider/<slug>") or empty for no birth dates. Athlete ids are
// the lower-cased rider slugs.
ResultsImport read_results_pcs(std::string_view results, const std::string& results_name,
                               std::string_view riders, const std::string& riders_name,
                               const ReadOptions& options);

// Reads the `pcs_noctildon` folder (pcs_rider_results.csv.gz and riders_info.csv.gz in it) or a
// single results file (.csv or .csv.gz) with riders_info.csv[.gz] beside it when present. gzip is
// undone (capped at limits::kInflatedBytes). Error(NotFound) when the results file is missing.
ResultsImport read_results_pcs_path(const std::string& path, const ReadOptions& options);

// ATP matches (Jeff Sackmann's tennis_atp layout: one row per match, winner_id, loser_id,
// tourney_id, tourney_date YYYYMMDD, tourney_level, round); `players` is atp_players.csv
// (player_id, dob YYYYMMDD) or empty for no birth dates. One OneDay event per tourney_id, one
// result per player and edition: the place by the round of the player's last match (F won 1,
// F lost 2, SF 3, QF 5, R16 9 ... R128 65; round robin by wins) and points from a fixed scale
// by level and place, the same for every year (docs/formats.md, "ATP matches"). Athlete ids
// are "atp-<player_id>". Davis Cup rows (level D) are skipped (counts.skipped); counts.rows
// counts matches, counts.results player results.
ResultsImport read_results_atp(std::string_view matches, const std::string& matches_name,
                               std::string_view players, const std::string& players_name,
                               const ReadOptions& options);

// Reads a matches file (.csv or .csv.gz) with atp_players.csv[.gz] beside it when present, or a
// folder holding exactly one atp_matches*.csv[.gz] and the players file. Error(NotFound) when
// there is no matches file, Error(InvalidInput) when the folder holds several.
ResultsImport read_results_atp_path(const std::string& path, const ReadOptions& options);

// True for an individual time trial or prologue by its PCS-style name: "Stage 4 (ITT) - ...",
// "Prologue - ...", "World Championships - ITT (WC)", "... Time Trial ..."; team time trials
// ("TTT") are not individual.
bool is_time_trial_name(std::string_view name);

}  // namespace podium::career
