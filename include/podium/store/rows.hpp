// The store's plain row types: what goes into and comes out of podium's database. They depend on
// nothing but std, so the store never includes sensor headers; the CLI converts sensor types
// (Thresholds, Activity, metrics) into these.
//
// Contract: units are in the names; days are whole days since 1970-01-01 UTC; times are UTC
// seconds since the Unix epoch; NaN = unknown where a double may be unknown. Athlete ids are
// pseudonymous, 1-64 characters of [A-Za-z0-9_.-]; no person's name is ever stored.
//
//   ActivityRecord r; r.athlete_id = "A0001"; r.content_sha256 = sha256_hex(bytes);
//   r.channels.push_back({"power_w", 1.0, power});  r.metrics.push_back({"np_gc_w", 251.3});
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace podium::store {

// One athlete's settings from `effective_from_day` until the next entry. Range rules are
// sensor::validate's (the CLI runs it first); the store itself only insists on finite numbers.
struct AthleteSettings {
  std::int32_t effective_from_day = 0;
  double ftp_w = 250.0;
  double cp_w = 250.0;
  double wprime_j = 20000.0;
  double weight_kg = 70.0;
  double hr_max_bpm = 190.0;
  double hr_rest_bpm = 50.0;
  bool female = false;
  std::vector<double> power_zones;  // ascending lower bounds, fractions of FTP
  std::vector<double> hr_zones;     // ascending lower bounds, fractions of HRmax
  bool operator==(const AthleteSettings&) const = default;
};

struct AthleteInfo {
  std::string id;
  std::int64_t created_at_utc_s = 0;
  std::vector<AthleteSettings> settings;  // the whole history, oldest first
};

// A series stored as a compact blob, quantised to multiples of `scale` (in the channel's unit:
// 1 for W or bpm, 0.001 for m/s, 1e-7 for degrees, 0.01 for m). NaN = no sample there.
struct Channel {
  std::string name;  // 1-128 bytes, no control characters; unique within an activity
  double scale = 1.0;
  std::vector<double> values;
  bool operator==(const Channel&) const = default;
};

struct ActivityRecord {
  std::int64_t id = 0;  // set by the store; ignored by import_activity
  std::string athlete_id;
  std::string content_sha256;  // 64 lower-case hex digits of the file's bytes
  std::string file_name;       // base name only, no directories
  std::string format;          // "fit", "tcx" or "gpx"
  std::string sport;           // "" when unknown
  double start_utc_s = std::numeric_limits<double>::quiet_NaN();
  std::string device;                  // manufacturer and product, never a serial number
  std::int64_t samples = 0;            // records the reader produced
  std::int64_t imported_at_utc_s = 0;  // set by the store; ignored by import_activity
  std::vector<std::string> warnings;   // what a lenient read skipped, one line each
  std::string summary_json;            // what the file said beyond its samples (JSON)
  std::vector<Channel> channels;
  std::vector<std::pair<std::string, double>> metrics;  // finite values, names unique
  std::vector<double> mmp_w;  // mmp_w[i]: best mean power over i + 1 seconds; empty = none
};

struct ActivitySummary {
  std::int64_t id = 0;
  std::string file_name;
  std::string format;
  std::string sport;
  double start_utc_s = std::numeric_limits<double>::quiet_NaN();
  std::int64_t samples = 0;
  std::string content_sha256;
};

struct ImportResult {
  std::int64_t id = 0;
  bool duplicate = false;  // the same bytes were already imported for this athlete: nothing written
};

// Public competition results (`podium results import`): the rows of a career::ResultsTable with
// its enums spelled as text, so the store needs no career header. These athletes are the
// source's own public keys (a PCS slug), kept apart from the pseudonymous `athletes` above.
// Indices (`parent`, `event`, `athlete`) are positions in the ResultsRows vectors.
struct ResultAthleteRow {
  std::string source_id;                  // 1-64 characters of [A-Za-z0-9_.-]
  std::optional<std::int32_t> birth_day;  // days since 1970-01-01
  bool operator==(const ResultAthleteRow&) const = default;
};

struct ResultEventRow {
  std::string name;
  std::string race_key;
  std::string event_class;
  std::string kind;            // one_day, stage_race, stage, classification
  std::string classification;  // "" or general, points, mountains, youth, other
  bool time_trial = false;
  std::int32_t start_day = 0;
  std::int32_t end_day = 0;
  std::int32_t season = 0;
  std::int32_t parent = -1;  // an earlier event's index, or -1
  bool operator==(const ResultEventRow&) const = default;
};

struct ResultRow {
  std::int32_t event = 0;
  std::int32_t athlete = 0;
  std::int32_t day = 0;
  std::string status;  // ranked, DNF, DNS, OTL, DSQ, unranked
  std::int32_t rank = 0;
  double points = 0.0;  // finite, >= 0
  bool operator==(const ResultRow&) const = default;
};

struct ResultsRows {
  std::vector<ResultAthleteRow> athletes;
  std::vector<ResultEventRow> events;
  std::vector<ResultRow> results;
};

struct ResultsImportSummary {
  std::int64_t athletes_added = 0;
  std::int64_t events_added = 0;
  std::int64_t results_added = 0;    // new (event, athlete) pairs
  std::int64_t results_written = 0;  // added + replaced
};

// A trained ranker: its model card (JSON) and its serialised bytes.
struct RankModelRow {
  std::string name;  // 1-128 bytes, no control characters
  std::string kind;  // e.g. "xgboost", "neural"
  std::string card_json;
  std::vector<std::uint8_t> blob;  // empty in rank_models() listings
  std::int64_t blob_bytes = 0;
  std::int64_t created_at_utc_s = 0;
};

}  // namespace podium::store
