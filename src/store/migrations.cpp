#include "store/migrations.hpp"

#include <array>
#include <chrono>
#include <string>

#include "podium/core/error.hpp"

namespace podium::store {
namespace {

struct Migration {
  const char* description;
  const char* sql;
};

// Portable SQL: TEXT, INTEGER, REAL and BLOB columns (BYTEA in PostgreSQL), explicit keys, no
// SQLite-only functions. `INTEGER PRIMARY KEY` is SQLite's row id (an identity column there).
constexpr std::array kMigrations = {
    Migration{"athletes, settings history, activities, channels, metrics, MMP, audit log", R"sql(
CREATE TABLE schema_migrations (
  version INTEGER PRIMARY KEY,
  applied_at_utc_s INTEGER NOT NULL,
  description TEXT NOT NULL
);
CREATE TABLE athletes (
  id TEXT PRIMARY KEY,
  created_at_utc_s INTEGER NOT NULL
);
CREATE TABLE athlete_settings (
  athlete_id TEXT NOT NULL REFERENCES athletes(id) ON DELETE CASCADE,
  effective_from_day INTEGER NOT NULL,
  ftp_w REAL NOT NULL,
  cp_w REAL NOT NULL,
  wprime_j REAL NOT NULL,
  weight_kg REAL NOT NULL,
  hr_max_bpm REAL NOT NULL,
  hr_rest_bpm REAL NOT NULL,
  female INTEGER NOT NULL CHECK (female IN (0, 1)),
  power_zones TEXT NOT NULL,
  hr_zones TEXT NOT NULL,
  PRIMARY KEY (athlete_id, effective_from_day)
);
CREATE TABLE activities (
  id INTEGER PRIMARY KEY,
  athlete_id TEXT NOT NULL REFERENCES athletes(id) ON DELETE CASCADE,
  content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64),
  file_name TEXT NOT NULL,
  format TEXT NOT NULL,
  sport TEXT NOT NULL,
  start_utc_s REAL,
  device TEXT NOT NULL,
  samples INTEGER NOT NULL CHECK (samples >= 0),
  channel_count INTEGER NOT NULL,
  imported_at_utc_s INTEGER NOT NULL,
  warnings TEXT NOT NULL,
  summary_json TEXT NOT NULL,
  UNIQUE (athlete_id, content_sha256)
);
CREATE INDEX activities_by_start ON activities (athlete_id, start_utc_s);
CREATE TABLE activity_channels (
  activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  encoding TEXT NOT NULL,
  scale REAL NOT NULL,
  n INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (activity_id, name)
);
CREATE TABLE activity_metrics (
  activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (activity_id, name)
);
CREATE INDEX activity_metrics_by_name ON activity_metrics (name, activity_id);
CREATE TABLE activity_mmp (
  activity_id INTEGER PRIMARY KEY REFERENCES activities(id) ON DELETE CASCADE,
  n INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at_utc_s INTEGER NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
);
)sql"},
    // Public competition results are keyed by the source's own ids (a PCS slug, an ATP player id):
    // they name public figures in published results, unlike the pseudonymous `athletes` of
    // personal sensor data, so the two never share a table. `natural_key` makes a re-import
    // update rather than duplicate.
    Migration{"results: result athletes, events, results; trained rank models", R"sql(
CREATE TABLE result_athletes (
  id INTEGER PRIMARY KEY,
  source_id TEXT NOT NULL UNIQUE,
  birth_day INTEGER
);
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  natural_key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  race_key TEXT NOT NULL,
  event_class TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('one_day', 'stage_race', 'stage', 'classification')),
  classification TEXT NOT NULL,
  time_trial INTEGER NOT NULL CHECK (time_trial IN (0, 1)),
  start_day INTEGER NOT NULL,
  end_day INTEGER NOT NULL,
  season INTEGER NOT NULL,
  parent_id INTEGER REFERENCES events(id)
);
CREATE INDEX events_by_race ON events (race_key, season);
CREATE TABLE results (
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  athlete_id INTEGER NOT NULL REFERENCES result_athletes(id) ON DELETE CASCADE,
  day INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ranked', 'DNF', 'DNS', 'OTL', 'DSQ', 'unranked')),
  rank INTEGER NOT NULL CHECK (rank >= 0),
  points REAL NOT NULL CHECK (points >= 0),
  PRIMARY KEY (event_id, athlete_id)
);
CREATE INDEX results_by_athlete ON results (athlete_id, day);
CREATE TABLE rank_models (
  name TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  card_json TEXT NOT NULL,
  blob BLOB NOT NULL,
  created_at_utc_s INTEGER NOT NULL
);
)sql"},
    // Who may see what (users, roles, teams, sessions), on what grounds (consent), what the server
    // made (analyses, jobs), and who did it (audit_log.actor). A user of role athlete is the one
    // place besides consent where a person is linked to an athlete id: erasing the athlete
    // cascades to that account. Session tokens are stored only as their SHA-256, so a copied
    // database file holds no live session. audit_log becomes append-only: the triggers allow one
    // change, the erasure of the athlete a row is about (athlete_id set to NULL, the detail
    // replaced by a tombstone), and refuse every other UPDATE and every DELETE. A tombstone may
    // also replace the detail of a row that names the athlete or their user account without
    // being about them, and its actor when that was their user account (the server records the
    // logged-in user's name). Rows written before this migration name their athlete only in the
    // detail ("athlete=A0001 ..."): the UPDATE fills their athlete_id before the triggers exist.
    Migration{"users, teams, sessions, consent, analyses, jobs; audit actor, append-only audit",
              R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'coach', 'analyst', 'athlete')),
  password_hash TEXT NOT NULL,
  athlete_id TEXT UNIQUE REFERENCES athletes(id) ON DELETE CASCADE,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at_utc_s INTEGER NOT NULL,
  CHECK ((role = 'athlete') = (athlete_id IS NOT NULL))
);
CREATE TABLE teams (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at_utc_s INTEGER NOT NULL
);
CREATE TABLE team_users (
  team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_users_by_user ON team_users (user_id);
CREATE TABLE team_athletes (
  team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  athlete_id TEXT NOT NULL REFERENCES athletes(id) ON DELETE CASCADE,
  PRIMARY KEY (team_id, athlete_id)
);
CREATE INDEX team_athletes_by_athlete ON team_athletes (athlete_id);
CREATE TABLE sessions (
  token_sha256 TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at_utc_s INTEGER NOT NULL,
  expires_at_utc_s INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE TABLE consent (
  id INTEGER PRIMARY KEY,
  athlete_id TEXT NOT NULL REFERENCES athletes(id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('video_analysis', 'performance_modelling', 'sharing')),
  granted INTEGER NOT NULL CHECK (granted IN (0, 1)),
  actor TEXT NOT NULL,
  at_utc_s INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consent_by_athlete ON consent (athlete_id, purpose, id);
CREATE TABLE analyses (
  id INTEGER PRIMARY KEY,
  athlete_id TEXT NOT NULL REFERENCES athletes(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('video')),
  source_name TEXT NOT NULL,
  dir TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at_utc_s INTEGER NOT NULL,
  summary_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX analyses_by_athlete ON analyses (athlete_id, id);
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  params_json TEXT NOT NULL,
  progress REAL NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
  message TEXT NOT NULL DEFAULT '',
  athlete_id TEXT REFERENCES athletes(id) ON DELETE CASCADE,
  analysis_id INTEGER REFERENCES analyses(id) ON DELETE CASCADE,
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at_utc_s INTEGER NOT NULL,
  started_at_utc_s INTEGER,
  finished_at_utc_s INTEGER
);
CREATE INDEX jobs_by_state ON jobs (state, id);
CREATE TABLE store_secrets (
  name TEXT PRIMARY KEY,
  value BLOB NOT NULL
);
ALTER TABLE audit_log ADD COLUMN actor TEXT NOT NULL DEFAULT 'cli';
ALTER TABLE audit_log ADD COLUMN athlete_id TEXT;
CREATE INDEX audit_log_by_athlete ON audit_log (athlete_id);
UPDATE audit_log SET athlete_id = (
  SELECT a.id FROM athletes a
  WHERE audit_log.detail = 'athlete=' || a.id
     OR substr(audit_log.detail, 1, length(a.id) + 9) = 'athlete=' || a.id || ' ')
WHERE detail LIKE 'athlete=%';
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
WHEN NOT (NEW.id = OLD.id AND NEW.at_utc_s = OLD.at_utc_s AND NEW.action = OLD.action
          AND NEW.athlete_id IS NULL
          AND ((OLD.athlete_id IS NOT NULL AND NEW.actor = OLD.actor)
               OR (substr(NEW.detail, 1, 16) = 'erased athlete #'
                   AND substr(OLD.detail, 1, 16) <> 'erased athlete #'
                   AND (NEW.actor = OLD.actor OR substr(NEW.actor, 1, 16) = 'erased athlete #'))))
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
)sql"},
};

bool has_table(const Db& db, const char* name) {
  Statement s(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", "look up table");
  s.bind(1, std::string_view(name));
  return s.step();
}

}  // namespace

const int kSchemaVersion = static_cast<int>(kMigrations.size());

int schema_version(const Db& db) {
  if (!has_table(db, "schema_migrations")) return 0;
  Statement s(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", "read schema version");
  s.step();
  return static_cast<int>(s.int64(0));
}

void migrate(Db& db) {
  if (!has_table(db, "schema_migrations")) {
    Statement any(db, "SELECT name FROM sqlite_master WHERE type = 'table'", "list tables");
    if (any.step()) {
      throw Error(ErrorKind::Format, db.path() + ": not a podium database (table \"" + any.text(0) +
                                         "\" but no schema_migrations)");
    }
  }
  const int found = schema_version(db);
  if (found > kSchemaVersion) {
    throw Error(ErrorKind::Unsupported, db.path() + ": schema version " + std::to_string(found) +
                                            " is newer than this podium's " +
                                            std::to_string(kSchemaVersion) +
                                            "; use a newer podium");
  }
  for (int version = found + 1; version <= kSchemaVersion; ++version) {
    const std::string what = "migration " + std::to_string(version);
    Transaction tx(db, what);
    // Another process may have migrated between our read and our write lock.
    if (schema_version(db) >= version) continue;
    const Migration& m = kMigrations[version - 1];
    db.exec(m.sql, what);
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    Statement record(db, "INSERT INTO schema_migrations VALUES (?, ?, ?)", what + " record");
    record.bind(1, std::int64_t{version})
        .bind(2, static_cast<std::int64_t>(now))
        .bind(3, std::string_view(m.description));
    record.run();
    tx.commit();
  }
}

}  // namespace podium::store
