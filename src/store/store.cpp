#include "podium/store/store.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "podium/core/error.hpp"
#include "podium/core/json.hpp"
#include "podium/core/limits.hpp"
#include "podium/core/option.hpp"
#include "podium/store/settings_json.hpp"
#include "store/migrations.hpp"
#include "store/store_impl.hpp"

namespace podium::store {
namespace {

bool athlete_exists(const Db& db, const std::string& id) {
  Statement s(db, "SELECT 1 FROM athletes WHERE id = ?", "look up athlete");
  s.bind(1, id);
  return s.step();
}

void check_finite(const char* field, double value) {
  require_option(std::isfinite(value), "", field, value, "must be finite");
}

std::string zones_json(const char* field, const std::vector<double>& zones) {
  for (double z : zones)
    check_finite(field, z);
  return nlohmann::json(zones).dump();
}

std::vector<double> parse_zones(const Db& db, const std::string& athlete, std::int32_t day,
                                const char* field, const std::string& text) {
  const std::string where =
      db.path() + ": athlete \"" + athlete + "\" settings of day " + std::to_string(day);
  const json::Where w = json::Where(where).key(field);
  const json::Json j = json::parse(text, w.place().text(), limits::kStoredJsonBytes);
  const json::Json& list = json::array(j, w, limits::kStoredJsonItems);
  std::vector<double> zones;
  zones.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i)
    zones.push_back(json::number(list[i], w.index(i)));
  return zones;
}

constexpr const char* kSettingsColumns =
    "effective_from_day, ftp_w, cp_w, wprime_j, weight_kg, hr_max_bpm, hr_rest_bpm, female, "
    "power_zones, hr_zones";

AthleteSettings read_settings(const Db& db, const std::string& athlete, const Statement& s) {
  AthleteSettings a;
  a.effective_from_day = static_cast<std::int32_t>(s.int64(0));
  a.ftp_w = s.real(1);
  a.cp_w = s.real(2);
  a.wprime_j = s.real(3);
  a.weight_kg = s.real(4);
  a.hr_max_bpm = s.real(5);
  a.hr_rest_bpm = s.real(6);
  a.female = s.int64(7) != 0;
  a.power_zones = parse_zones(db, athlete, a.effective_from_day, "power_zones", s.text(8));
  a.hr_zones = parse_zones(db, athlete, a.effective_from_day, "hr_zones", s.text(9));
  return a;
}

}  // namespace

nlohmann::json settings_json(const AthleteSettings& s, const nlohmann::json& from) {
  return {{"from", from},
          {"ftp_w", s.ftp_w},
          {"cp_w", s.cp_w},
          {"wprime_j", s.wprime_j},
          {"weight_kg", s.weight_kg},
          {"hr_max_bpm", s.hr_max_bpm},
          {"hr_rest_bpm", s.hr_rest_bpm},
          {"sex", s.female ? "female" : "male"},
          {"power_zones", s.power_zones},
          {"hr_zones", s.hr_zones}};
}

std::int64_t now_utc_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void audit(Db& db, const std::string& actor, const std::string& action,
           const std::optional<std::string>& athlete, const std::string& detail) {
  Statement s(db,
              "INSERT INTO audit_log (at_utc_s, actor, action, athlete_id, detail) VALUES (?, ?, "
              "?, ?, ?)",
              "insert audit_log");
  s.bind(1, now_utc_s()).bind(2, actor).bind(3, action);
  if (athlete) {
    s.bind(4, *athlete);
  } else {
    s.bind_null(4);
  }
  s.bind(5, detail);
  s.run();
}

void require_athlete(const Db& db, const std::string& athlete) {
  validate_athlete_id(athlete);
  if (!athlete_exists(db, athlete))
    throw Error(ErrorKind::NotFound, db.path() + ": athlete \"" + athlete + "\" not found");
}

void validate_athlete_id(const std::string& id) {
  const bool chars_ok = std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
  });
  if (!id.empty() && id.size() <= limits::kAthleteIdBytes && chars_ok) return;
  throw Error(ErrorKind::InvalidInput, "athlete id \"" + id + "\": must be 1-" +
                                           std::to_string(limits::kAthleteIdBytes) +
                                           " characters of [A-Za-z0-9_.-]");
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Store Store::open(const std::string& path, OpenMode mode) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty() && !std::filesystem::is_directory(parent, ec)) {
    throw Error(ErrorKind::NotFound,
                path + ": open: directory \"" + parent.string() + "\" does not exist");
  }
  if (mode == OpenMode::MustExist && !std::filesystem::exists(path, ec)) {
    throw Error(ErrorKind::NotFound, path +
                                         ": no podium store here (`podium athlete add` or "
                                         "`podium results import` creates one)");
  }
  Db db = Db::open(path, mode == OpenMode::CreateIfMissing);
  migrate(db);
  return Store(std::make_unique<Impl>(Impl{std::move(db)}));
}

void Store::set_actor(const std::string& actor) {
  require_option(!actor.empty() && actor.size() <= 128, "store", "actor", actor,
                 "must be 1-128 characters");
  impl_->actor = actor;
}

const std::string& Store::actor() const {
  return impl_->actor;
}

const std::string& Store::path() const {
  return impl_->db.path();
}

int Store::schema_version() const {
  return store::schema_version(impl_->db);
}

std::string Store::add_athlete(const std::optional<std::string>& id) {
  Db& db = impl_->db;
  if (id) validate_athlete_id(*id);
  Transaction tx(db, "add athlete");
  std::string chosen;
  if (id) {
    if (athlete_exists(db, *id))
      throw Error(ErrorKind::InvalidInput, db.path() + ": athlete \"" + *id + "\" already exists");
    chosen = *id;
  } else {
    Statement count(db, "SELECT COUNT(*) FROM athletes", "count athletes");
    count.step();
    for (std::int64_t n = count.int64(0) + 1;; ++n) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "A%04lld", static_cast<long long>(n));
      if (!athlete_exists(db, buf)) {
        chosen = buf;
        break;
      }
    }
  }
  Statement insert(db, "INSERT INTO athletes (id, created_at_utc_s) VALUES (?, ?)",
                   "insert athletes");
  insert.bind(1, chosen).bind(2, now_utc_s());
  insert.run();
  audit(db, impl_->actor, "athlete.add", chosen, "athlete=" + chosen);
  tx.commit();
  return chosen;
}

std::vector<std::string> Store::athletes() const {
  Statement s(impl_->db, "SELECT id FROM athletes ORDER BY id", "list athletes");
  std::vector<std::string> ids;
  while (s.step())
    ids.push_back(s.text(0));
  return ids;
}

AthleteInfo Store::athlete(const std::string& id) const {
  const Db& db = impl_->db;
  validate_athlete_id(id);
  Statement a(db, "SELECT created_at_utc_s FROM athletes WHERE id = ?", "read athlete");
  a.bind(1, id);
  if (!a.step()) throw Error(ErrorKind::NotFound, db.path() + ": athlete \"" + id + "\" not found");
  AthleteInfo info{id, a.int64(0), {}};
  Statement s(db,
              std::string("SELECT ") + kSettingsColumns +
                  " FROM athlete_settings WHERE athlete_id = ? ORDER BY effective_from_day",
              "read athlete_settings");
  s.bind(1, id);
  while (s.step())
    info.settings.push_back(read_settings(db, id, s));
  return info;
}

void Store::set_settings(const std::string& athlete, const AthleteSettings& t) {
  Db& db = impl_->db;
  check_finite("ftp_w", t.ftp_w);
  check_finite("cp_w", t.cp_w);
  check_finite("wprime_j", t.wprime_j);
  check_finite("weight_kg", t.weight_kg);
  check_finite("hr_max_bpm", t.hr_max_bpm);
  check_finite("hr_rest_bpm", t.hr_rest_bpm);
  const std::string power = zones_json("power_zones", t.power_zones);
  const std::string hr = zones_json("hr_zones", t.hr_zones);
  Transaction tx(db, "set settings");
  require_athlete(db, athlete);
  // DELETE + INSERT rather than an upsert: same effect, and portable SQL.
  Statement del(db, "DELETE FROM athlete_settings WHERE athlete_id = ? AND effective_from_day = ?",
                "replace athlete_settings");
  del.bind(1, athlete).bind(2, std::int64_t{t.effective_from_day});
  del.run();
  Statement ins(db,
                std::string("INSERT INTO athlete_settings (athlete_id, ") + kSettingsColumns +
                    ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                "insert athlete_settings");
  ins.bind(1, athlete)
      .bind(2, std::int64_t{t.effective_from_day})
      .bind(3, t.ftp_w)
      .bind(4, t.cp_w)
      .bind(5, t.wprime_j)
      .bind(6, t.weight_kg)
      .bind(7, t.hr_max_bpm)
      .bind(8, t.hr_rest_bpm)
      .bind(9, std::int64_t{t.female ? 1 : 0})
      .bind(10, power)
      .bind(11, hr);
  ins.run();
  audit(db, impl_->actor, "athlete.settings", athlete,
        "athlete=" + athlete + " day=" + std::to_string(t.effective_from_day));
  tx.commit();
}

std::optional<AthleteSettings> Store::settings_at(const std::string& athlete,
                                                  std::int32_t day) const {
  const Db& db = impl_->db;
  require_athlete(db, athlete);
  Statement s(db,
              std::string("SELECT ") + kSettingsColumns +
                  " FROM athlete_settings WHERE athlete_id = ? AND effective_from_day <= ?"
                  " ORDER BY effective_from_day DESC LIMIT 1",
              "read athlete_settings");
  s.bind(1, athlete).bind(2, std::int64_t{day});
  if (!s.step()) return std::nullopt;
  return read_settings(db, athlete, s);
}

}  // namespace podium::store
