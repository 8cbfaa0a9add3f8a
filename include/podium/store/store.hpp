// podium's embedded database (SQLite): athletes with their settings history, imported activities
// with their channels, metrics and mean-maximal power curve, public competition results, trained
// rank models, and an audit log of every change.
//
// Contract: `open` configures the connection (WAL, synchronous=NORMAL, foreign keys, a busy
// timeout) and applies every pending migration; see docs/store.md for the schema, the durability
// trade-off and the blob format. Every change is one transaction that also appends its audit_log
// row, so a change is either wholly present (with its audit row) or wholly absent, even when the
// process is killed mid-way. Errors are podium::Error: InvalidInput for bad arguments and
// constraint violations (a duplicate metric or channel name, a second athlete with the same id),
// NotFound for an unknown athlete or a missing directory, Unsupported for a database newer than
// this code, Format for a file that is not a podium database or a corrupt blob, Io for the rest;
// messages name the database path and the step. A Store is movable, not copyable, and must be
// used from one thread at a time; several processes may share one database file.
//
//   Store db = Store::open(home + "/podium.db");
//   ImportResult r = db.import_activity(record);  // r.duplicate: these bytes were already there
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "podium/store/rows.hpp"

namespace podium::store {

// Throws Error(InvalidInput, "athlete id \"...\": must be 1-64 characters of [A-Za-z0-9_.-]").
void validate_athlete_id(const std::string& id);

// Whether opening a path that holds no database creates one. Commands that only read (or that
// need something a store already holds, like an athlete) use MustExist, so a mistyped --db
// fails without leaving an empty database file behind.
enum class OpenMode { CreateIfMissing, MustExist };

class Store {
 public:
  // Creates the file when absent and `mode` allows it (its directory must exist); Error(NotFound)
  // for a missing directory, or a missing file under MustExist. Migrates it to the current
  // schema.
  static Store open(const std::string& path, OpenMode mode = OpenMode::CreateIfMissing);
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  const std::string& path() const;
  // Who the audit rows of this store's later changes name: "cli" until set (the server sets the
  // logged-in user's name per request).
  void set_actor(const std::string& actor);
  const std::string& actor() const;
  int schema_version() const;

  // Adds an athlete and returns its id: `id` when given (validated; Error(InvalidInput) when it
  // exists), else the next free one of "A0001", "A0002", ... (sequential and deterministic:
  // nothing about the person is in it).
  std::string add_athlete(const std::optional<std::string>& id);
  std::vector<std::string> athletes() const;  // sorted
  // Error(NotFound) naming the id when unknown. Settings oldest first.
  AthleteInfo athlete(const std::string& id) const;

  // Records settings effective from `settings.effective_from_day`; a second call for the same day
  // replaces that day's entry. Every number must be finite (Error(InvalidInput) naming the field).
  void set_settings(const std::string& athlete, const AthleteSettings& settings);
  // The entry with the latest effective_from_day <= day; nullopt when none is that old.
  std::optional<AthleteSettings> settings_at(const std::string& athlete, std::int32_t day) const;

  // One transaction: activity row, channels, metrics, MMP and an audit row. When this athlete
  // already has an activity with the same content_sha256, returns its id with duplicate = true and
  // writes nothing. Any failure (bad field, duplicate metric or channel name, I/O) leaves nothing
  // of this activity behind.
  ImportResult import_activity(const ActivityRecord& record);
  // nullopt when no such id. Channels are decoded only with `with_channels`; metrics and MMP
  // always.
  std::optional<ActivityRecord> activity(std::int64_t id, bool with_channels) const;
  // The athlete's activities by start time (unknown starts last), then id.
  std::vector<ActivitySummary> activities(const std::string& athlete) const;
  std::optional<std::int64_t> find_activity(const std::string& athlete,
                                            const std::string& content_sha256) const;

  // (UTC day of the activity's start, sum of `metric` over that day's activities), ascending by
  // day, only days with a value: the daily load a PMC runs on (e.g. metric "tss_gc").
  std::vector<std::pair<std::int32_t, double>> daily_metric(const std::string& athlete,
                                                            const std::string& metric) const;
  // (UTC day of start, value) per activity that has `metric`, by start time: performance markers
  // such as best 5-minute power for a Banister fit.
  std::vector<std::pair<std::int32_t, double>> metric_by_activity(const std::string& athlete,
                                                                  const std::string& metric) const;

  // Public competition results (rows.hpp). One transaction with an audit row naming `source`:
  // athletes are upserted by source_id (a known birth day is kept when the new one is unknown),
  // events by a natural key (kind, classification, name, class, start day, parent's key) and
  // results by (event, athlete), so importing the same rows again adds nothing. A bad row
  // (Error(InvalidInput) naming field and index) or any failure leaves nothing behind.
  ResultsImportSummary import_results(const ResultsRows& rows, const std::string& source);
  // Everything stored: athletes and events in insertion order, results by (event, athlete).
  ResultsRows results() const;

  // Trained rankers by name: save replaces a model of the same name (audit row); rank_model is
  // nullopt when absent; rank_models lists all by name, without blobs (blob_bytes says the size).
  void save_rank_model(const std::string& name, const std::string& kind,
                       const std::string& card_json, const std::vector<std::uint8_t>& bytes);
  std::optional<RankModelRow> rank_model(const std::string& name) const;
  std::vector<RankModelRow> rank_models() const;

 private:
  // The account and governance tables (accounts.hpp, governance.hpp) share this connection.
  friend class Accounts;
  friend class Governance;
  friend class Analyses;
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace podium::store
