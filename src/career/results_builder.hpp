// Internal: what the results readers share. A builder that interns athletes and events by their
// natural keys and drops repeated (event, athlete) results at the end, plus the field parsers and
// the bad-row bookkeeping of lenient/strict mode (results_csv.hpp contract).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "podium/career/results_csv.hpp"
#include "podium/core/csv.hpp"
#include "podium/core/error.hpp"

namespace podium::career::detail {

// Rows that break a rule: strict -> throw at once, lenient -> remember and go on.
class BadRows {
 public:
  BadRows(std::string name, bool strict, ResultsImport& out)
      : name_(std::move(name)), strict_(strict), out_(out) {}
  // Records (or throws) the row at `line` of this file; `column` holds the field the rule is about
  // (none for the whole row) and, for a value that passed its syntax check, that value. Outside
  // text that did not is quoted in the problem (core/message.hpp).
  //   bad.add(line, {.field = "date"}, quoted_for_message(text) + " is not a real date");
  //   bad.add(line, {.field = "rank", .value = "0"}, "must be 1-10000");
  void add(std::int64_t line, Place column, const std::string& problem);

 private:
  std::string name_;
  bool strict_;
  ResultsImport& out_;
};

// Throws limits::exceeded placed at `line` of `source` when `count` (of `what`) is past `limit`.
void check_count(const std::string& source, std::int64_t line, const char* what,
                 std::uint64_t count, std::uint64_t limit, const char* unit);
// The same for a name the table will keep (limits::kResultsNameBytes): "NAME: line N: event
// bytes = 300: more than podium's limit of 256 bytes per name".
void check_name(const std::string& source, std::int64_t line, std::string_view column,
                std::string_view text);

// Interns into `out`, within limits::kResultsEvents / kResultsAthletes / kResultsRows: the
// first one past is limits::exceeded at the line that would create it.
class TableBuilder {
 public:
  TableBuilder(ResultsImport& out, std::string source) : out_(out), source_(std::move(source)) {}
  // Index of the athlete with this id, created when new. The birth day is stored the first time
  // one is given; `conflict` is set when a different one was stored before.
  std::int32_t athlete(std::int64_t line, std::string_view id, std::optional<Day> birth,
                       bool* conflict);
  // -1 when no athlete has this id yet.
  std::int32_t find_athlete(std::string_view id) const;
  // -1 when no event has this natural key yet.
  std::int32_t find_event(const std::string& key) const;
  // Index of the event with this natural key, created from `event` when new.
  std::int32_t event(std::int64_t line, const std::string& key, const Event& event);
  void add_result(std::int64_t line, const Result& result);
  // Drops repeated (event, athlete) results, keeping the first (counted as duplicates), puts the
  // table in its canonical order (results.hpp sort_table) and fills the counts from the table.
  void finish();

 private:
  ResultsImport& out_;
  std::string source_;
  std::unordered_map<std::string, std::int32_t> athletes_;
  std::unordered_map<std::string, std::int32_t> events_;
};

// Field parsers: nullopt when the text breaks the rule; `what` then says which rule.
std::optional<Day> parse_iso_date(std::string_view text);  // YYYY-MM-DD
// "12", "12.0", "12*" -> 12 (PCS marks some places with '*'); nullopt for anything else.
std::optional<std::int64_t> parse_place(std::string_view text);
std::optional<Status> parse_status(std::string_view text);  // DNF DNS OTL DSQ (any case)
// Empty -> 0. Finite, >= 0 and <= kMaxPoints; nullopt otherwise.
std::optional<double> parse_points(std::string_view text);
bool valid_athlete_id(std::string_view id);
// The rule valid_athlete_id checks, as messages say it: "1-64 characters of [A-Za-z0-9_.-]" (the
// length is limits::kAthleteIdBytes).
std::string athlete_id_rule();
// Empty when the age on `day` of someone born on `birth` is plausible, else the rule broken.
std::string check_age(Day birth, Day day);
std::string_view trim(std::string_view text);
std::string lower(std::string_view text);

inline constexpr std::int64_t kMaxPlace = 10000;

// Index of the header field equal to `column` after trimming and lower-casing; -1 when absent.
int find_column(const podium::CsvRecord& header, std::string_view column);
// False, after recording "row has N fields, the header M or more", when `record` is short.
bool has_fields(const podium::CsvRecord& record, int needed, BadRows& bad);

// Fills result.status and result.rank from a rank cell: empty or DF (finished, place unknown) ->
// Unranked, 1..kMaxPlace -> Ranked, DNF/DNS/OTL/DSQ -> that status. Otherwise records a bad row
// placed at `column` and returns false.
bool parse_rank_cell(std::string_view text, std::string_view column, std::int64_t line,
                     BadRows& bad, Result& result);
inline constexpr double kMaxPoints = 1e6;
inline constexpr double kMinAgeYears = 10.0;
inline constexpr double kMaxAgeYears = 70.0;

// Birth days by athlete key, from a results source's profile file.
using Births = std::unordered_map<std::string, Day>;
// The profile files (slug / player_id -> birth day; a bad birth date is a bad row of that file)
// and the tables read with them (results_csv.hpp): the *_path readers read a profile file and
// let its text go before they read the table.
Births read_pcs_riders(std::string_view riders, const std::string& name, const ReadOptions& options,
                       ResultsImport& out);
void read_pcs_results(std::string_view results, const std::string& results_name,
                      const Births& births, const ReadOptions& options, ResultsImport& out);
Births read_atp_players(std::string_view players, const std::string& name,
                        const ReadOptions& options, ResultsImport& out);
void read_atp_matches(std::string_view matches, const std::string& matches_name,
                      const Births& births, const ReadOptions& options, ResultsImport& out);

// The bytes of the first of `names` found beside `file` (a reader's optional companion: PCS rider
// profiles, ATP players), gunzipped when gzip; `found_name` is its path or "" with empty bytes.
std::string read_companion(const std::string& file, std::initializer_list<const char*> names,
                           std::string& found_name);

}  // namespace podium::career::detail
