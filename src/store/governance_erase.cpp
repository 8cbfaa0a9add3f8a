// Governance::erase_athlete: every row, file and audit mention of one athlete, gone for good
// (governance.hpp; docs/store.md#erasure). Erasure is rare and must be thorough rather than fast:
// it scans the audit log and the jobs table instead of trusting only their athlete_id columns.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/store/governance.hpp"
#include "store/store_impl.hpp"

namespace podium::store {
namespace {

namespace fs = std::filesystem;

// What migration 3's audit trigger accepts as a rewritten detail or actor.
constexpr std::string_view kEraseTombstonePrefix = "erased athlete #";

// Whether `text` holds `token` as a whole space-separated word: "athlete=A1" is in
// "athlete=A1 day=3" but not in "athlete=A10".
bool erase_has_token(std::string_view text, std::string_view token) {
  for (std::size_t at = text.find(token); at != std::string_view::npos;
       at = text.find(token, at + 1)) {
    const bool starts = at == 0 || text[at - 1] == ' ';
    const std::size_t end = at + token.size();
    const bool ends = end == text.size() || text[end] == ' ';
    if (starts && ends) return true;
  }
  return false;
}

// A LIKE pattern that matches `text` anywhere, with LIKE's wildcards escaped ('\' is the escape):
// ids may hold '_', which LIKE would take for any character. SQLite's LIKE ignores ASCII case, so
// the pattern only narrows the rows; erase_has_token decides.
std::string erase_like_anywhere(std::string_view text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  return pattern;
}

std::vector<std::string> erase_user_names(const Db& db, const std::string& athlete) {
  Statement s(db, "SELECT name FROM users WHERE athlete_id = ?", "erase: read users");
  s.bind(1, athlete);
  std::vector<std::string> names;
  while (s.step())
    names.push_back(s.text(0));
  return names;
}

std::int64_t erase_next_number(const Db& db) {
  Statement s(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'athlete.erase'",
              "erase: count erasures");
  s.step();
  return s.int64(0) + 1;
}

// Rewrites every audit row about the athlete or written by their user account to the tombstone:
// rows with the athlete's id, old rows that name it only in their detail, rows whose detail names
// one of their users, rows whose actor is one of their users (the server writes the logged-in
// user's name). Returns how many.
std::size_t erase_tombstone_audit(Db& db, const std::string& athlete,
                                  const std::vector<std::string>& users,
                                  const std::string& tombstone) {
  std::string athlete_token = "athlete=";
  athlete_token.append(athlete);
  std::vector<std::string> user_tokens;
  std::string sql =
      "SELECT id, actor, athlete_id, detail FROM audit_log WHERE athlete_id = ? OR detail LIKE ? "
      "ESCAPE '\\'";
  for (const std::string& user : users) {
    user_tokens.push_back("user=" + user);
    sql.append(" OR actor = ? OR detail LIKE ? ESCAPE '\\'");
  }
  struct Hit {
    std::int64_t id;
    bool actor;
  };
  std::vector<Hit> hits;
  {
    Statement s(db, sql, "erase: find audit rows");
    s.bind(1, athlete).bind(2, erase_like_anywhere(athlete_token));
    for (std::size_t i = 0; i < users.size(); ++i) {
      const int k = 3 + 2 * static_cast<int>(i);
      s.bind(k, users[i]).bind(k + 1, erase_like_anywhere(user_tokens[i]));
    }
    while (s.step()) {
      const std::string actor = s.text(1);
      const std::string detail = s.text(3);
      bool by_user = false;
      bool about = !s.is_null(2) && s.text(2) == athlete;
      about = about || erase_has_token(detail, athlete_token);
      for (std::size_t i = 0; i < users.size(); ++i) {
        by_user = by_user || actor == users[i];
        about = about || erase_has_token(detail, user_tokens[i]);
      }
      if (about || by_user) hits.push_back({s.int64(0), by_user});
    }
  }
  Statement keep_actor(db, "UPDATE audit_log SET athlete_id = NULL, detail = ? WHERE id = ?",
                       "erase: tombstone audit_log");
  Statement new_actor(db,
                      "UPDATE audit_log SET athlete_id = NULL, detail = ?, actor = ? WHERE id = ?",
                      "erase: tombstone audit_log");
  for (const Hit& h : hits) {
    if (h.actor) {
      new_actor.bind(1, tombstone).bind(2, tombstone).bind(3, h.id);
      new_actor.run();
      new_actor.reset();
    } else {
      keep_actor.bind(1, tombstone).bind(2, h.id);
      keep_actor.run();
      keep_actor.reset();
    }
  }
  return hits.size();
}

// Runs a DELETE ... RETURNING 1 bound to the athlete id (every ? is it) and counts the rows.
std::size_t erase_delete(Db& db, const std::string& sql, const std::string& athlete,
                         int placeholders = 1) {
  Statement s(db, sql + " RETURNING 1", "erase: " + sql.substr(0, sql.find(" WHERE")));
  for (int k = 1; k <= placeholders; ++k)
    s.bind(k, athlete);
  std::size_t n = 0;
  while (s.step())
    ++n;
  return n;
}

// Jobs that name the athlete in their parameters without an athlete_id (a JSON string "<id>").
std::size_t erase_jobs_naming(Db& db, const std::string& athlete) {
  const std::string quoted = "\"" + athlete + "\"";
  std::vector<std::int64_t> ids;
  {
    Statement s(db, "SELECT id, params_json FROM jobs WHERE params_json LIKE ? ESCAPE '\\'",
                "erase: find jobs");
    s.bind(1, erase_like_anywhere(quoted));
    while (s.step()) {
      if (s.text(1).find(quoted) != std::string::npos) ids.push_back(s.int64(0));
    }
  }
  Statement del(db, "DELETE FROM jobs WHERE id = ?", "erase: delete jobs");
  for (std::int64_t id : ids) {
    del.bind(1, id);
    del.run();
    del.reset();
  }
  return ids.size();
}

// The analyses' folders, each checked to lie strictly inside `data_dir` (relative folders are
// taken from there) after resolving "..", and symbolic links where the path exists: a row that
// points elsewhere, by mistake or by a crafted name, must not make erasure delete outside it.
std::vector<fs::path> erase_analysis_dirs(const Db& db, const std::string& athlete,
                                          const std::string& data_dir) {
  Statement s(db, "SELECT id, dir FROM analyses WHERE athlete_id = ? ORDER BY id",
              "erase: read analyses");
  s.bind(1, athlete);
  std::vector<fs::path> dirs;
  std::optional<fs::path> base;
  while (s.step()) {
    const std::string what = db.path() + ": athlete \"" + athlete + "\" analysis " +
                             std::to_string(s.int64(0)) + " folder \"" + s.text(1) + "\"";
    if (data_dir.empty()) {
      throw Error(ErrorKind::InvalidInput,
                  what + ": no data folder given to erase it from; nothing erased");
    }
    if (!base) base = fs::weakly_canonical(fs::absolute(data_dir));
    const fs::path dir(s.text(1));
    const fs::path joined = (dir.is_absolute() ? dir : *base / dir).lexically_normal();
    const fs::path real = fs::weakly_canonical(joined);
    for (const fs::path& p : {joined, real}) {
      const fs::path rel = p.lexically_relative(*base);
      if (s.text(1).empty() || rel.empty() || rel == "." || *rel.begin() == "..") {
        throw Error(ErrorKind::InvalidInput, what + ": not inside the data folder \"" +
                                                 base->string() + "\"; nothing erased");
      }
    }
    dirs.push_back(real);
  }
  return dirs;
}

std::size_t erase_files(const std::vector<fs::path>& dirs, const std::string& db_path) {
  std::size_t files = 0;
  for (const fs::path& dir : dirs) {
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(dir, ec))) continue;
    if (fs::is_directory(fs::symlink_status(dir, ec))) {
      for (auto it = fs::recursive_directory_iterator(dir, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_directory()) ++files;
      }
    } else {
      ++files;
    }
    fs::remove_all(dir, ec);
    if (ec) {
      throw Error(ErrorKind::Io, db_path + ": erase: cannot delete \"" + dir.string() +
                                     "\": " + ec.message() + "; nothing erased from the store");
    }
  }
  return files;
}

// Copies the WAL into the database file and truncates it, so the pages the erasure replaced live
// on in neither. Another connection's open read transaction keeps them (busy = 1).
bool erase_checkpoint(Db& db) {
  Statement s(db, "PRAGMA wal_checkpoint(TRUNCATE)", "erase: checkpoint");
  return s.step() && s.int64(0) == 0;
}

}  // namespace

ErasureReport Governance::erase_athlete(const std::string& athlete, const std::string& actor,
                                        const std::string& data_dir) {
  Db& db = store_->impl_->db;
  ErasureReport report;
  {
    Transaction tx(db, "erase athlete");
    require_athlete(db, athlete);
    const std::vector<fs::path> dirs = erase_analysis_dirs(db, athlete, data_dir);
    const std::vector<std::string> users = erase_user_names(db, athlete);
    std::string tombstone(kEraseTombstonePrefix);
    tombstone.append(std::to_string(erase_next_number(db)));
    report.audit_rows_tombstoned = erase_tombstone_audit(db, athlete, users, tombstone);

    constexpr const char* kOfUsers = "(SELECT id FROM users WHERE athlete_id = ?)";
    constexpr const char* kOfActivities = "(SELECT id FROM activities WHERE athlete_id = ?)";
    std::size_t& n = report.rows_deleted;
    n +=
        erase_delete(db, std::string("DELETE FROM sessions WHERE user_id IN ") + kOfUsers, athlete);
    n += erase_delete(db, std::string("DELETE FROM team_users WHERE user_id IN ") + kOfUsers,
                      athlete);
    n += erase_delete(db,
                      "DELETE FROM jobs WHERE athlete_id = ? OR analysis_id IN (SELECT id FROM "
                      "analyses WHERE athlete_id = ?)",
                      athlete, 2);
    n += erase_jobs_naming(db, athlete);
    n += erase_delete(db, "DELETE FROM analyses WHERE athlete_id = ?", athlete);
    n += erase_delete(db, "DELETE FROM users WHERE athlete_id = ?", athlete);
    n += erase_delete(db, "DELETE FROM consent WHERE athlete_id = ?", athlete);
    n += erase_delete(db, "DELETE FROM team_athletes WHERE athlete_id = ?", athlete);
    for (const char* table : {"activity_mmp", "activity_metrics", "activity_channels"}) {
      n += erase_delete(
          db, std::string("DELETE FROM ") + table + " WHERE activity_id IN " + kOfActivities,
          athlete);
    }
    n += erase_delete(db, "DELETE FROM activities WHERE athlete_id = ?", athlete);
    n += erase_delete(db, "DELETE FROM athlete_settings WHERE athlete_id = ?", athlete);
    n += erase_delete(db, "DELETE FROM athletes WHERE id = ?", athlete);

    // The files go before the commit: if one cannot be deleted the rows stay too and the erasure
    // can be run again, instead of leaving files no row leads to any more.
    report.files_deleted = erase_files(dirs, db.path());
    bool actor_is_erased = false;
    for (const std::string& user : users)
      actor_is_erased = actor_is_erased || user == actor;
    store::audit(db, actor_is_erased ? tombstone : actor, "athlete.erase", std::nullopt, tombstone);
    tx.commit();
  }
  report.wal_truncated = erase_checkpoint(db);
  return report;
}

}  // namespace podium::store
