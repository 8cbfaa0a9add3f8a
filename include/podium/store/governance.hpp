// Responsible use made concrete: consent per athlete and purpose, erasure that erases, exports
// pseudonymised by default, and the append-only audit log of who read or changed what
// (migration 3, docs/store.md#governance, docs/server.md#security-model). The CLI and the server
// both go through here, so both refuse the same things with the same message.
//
// Contract:
// - Consent is a history: each record grants or withdraws one purpose for one athlete, with the
//   actor and time; the latest record per purpose decides. No record means no consent.
//   `require_consent` throws Error(Forbidden, "athlete \"A0001\" has not consented to
//   video_analysis (podium consent grant A0001 --purpose video_analysis)") otherwise.
// - `erase_athlete` removes, in one transaction, every row about the athlete (settings,
//   activities with channels/metrics/MMP, consent, team memberships, their user account and its
//   sessions, analyses, jobs), rewrites the audit rows about them to a tombstone ("erased
//   athlete #<n>", athlete_id NULL), appends one tombstone row naming the actor, then deletes the
//   athlete's files under `data_dir` (analyses' folders), and checkpoints the WAL (TRUNCATE) so
//   that with secure_delete on (Store::open sets it) no byte of the athlete's id is left in the
//   database file, its WAL or the data folder. Error(NotFound) for an unknown athlete.
// - Exports: `export_athlete` writes the athlete's data as JSON to a new file (atomically),
//   pseudonymised unless `identified` is asked for, which needs the sharing consent. A pseudonym
//   is HMAC-SHA256 of the id under a fresh per-export key (unlinkable across exports) or, with
//   `stable`, under the database's own secret (store_secrets) so that repeated exports line up.
//   Pseudonymised exports also drop GPS channels, file names and device names and shift times to
//   days since the athlete's first activity.
// - Audit: `record` appends one row (actor, action, athlete or none, detail); reads of personal
//   data are recorded too (action "read.<what>"). Rows are never updated except by erasure and
//   never deleted (migration 3's triggers enforce it).
//
//   Governance g(store);
//   g.record_consent("A0001", Purpose::VideoAnalysis, true, "ana", "signed form 2026-12-01");
//   g.require_consent("A0001", Purpose::VideoAnalysis);  // before any processing
//   g.erase_athlete("A0001", "admin", home + "/data");
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "podium/store/store.hpp"

namespace podium::store {

enum class Purpose { VideoAnalysis, PerformanceModelling, Sharing };
const char* purpose_name(Purpose purpose);  // "video_analysis", "performance_modelling", "sharing"
// Error(InvalidInput) naming the three.
Purpose parse_purpose(std::string_view name);

struct ConsentRecord {
  std::string athlete_id;
  Purpose purpose = Purpose::VideoAnalysis;
  bool granted = false;
  std::string actor;
  std::int64_t at_utc_s = 0;
  std::string note;
};

struct AuditRow {
  std::int64_t id = 0;
  std::int64_t at_utc_s = 0;
  std::string actor;
  std::string action;
  std::optional<std::string> athlete_id;
  std::string detail;
};

struct AuditQuery {
  std::optional<std::string> athlete_id;
  std::optional<std::string> actor;
  std::int64_t after_id = 0;  // rows with a larger id
  std::size_t limit = 1000;   // [1, 100000]
};

struct ErasureReport {
  std::size_t rows_deleted = 0;
  std::size_t audit_rows_tombstoned = 0;
  std::size_t files_deleted = 0;
  // False when another connection's open read kept the WAL from being truncated: the replaced
  // pages stay in the -wal file until a later checkpoint.
  bool wal_truncated = false;
};

struct ExportOptions {
  bool identified = false;  // needs the athlete's sharing consent
  bool stable = false;      // pseudonyms from the database secret instead of a per-export key
};

class Governance {
 public:
  explicit Governance(Store& store) : store_(&store) {}

  void record_consent(const std::string& athlete, Purpose purpose, bool granted,
                      const std::string& actor, const std::string& note);
  bool has_consent(const std::string& athlete, Purpose purpose) const;
  void require_consent(const std::string& athlete, Purpose purpose) const;
  std::vector<ConsentRecord> consent_history(const std::string& athlete) const;  // oldest first

  ErasureReport erase_athlete(const std::string& athlete, const std::string& actor,
                              const std::string& data_dir);

  // Returns the pseudonym used (or the id itself when identified).
  std::string export_athlete(const std::string& athlete, const std::string& out_path,
                             const ExportOptions& options, const std::string& actor);

  void record(const std::string& actor, const std::string& action,
              const std::optional<std::string>& athlete, const std::string& detail);
  std::vector<AuditRow> audit(const AuditQuery& query) const;

 private:
  Store* store_;
};

}  // namespace podium::store
