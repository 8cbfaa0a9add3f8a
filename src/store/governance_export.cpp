// Governance::export_athlete: one athlete's data as JSON, pseudonymised unless they consented to
// sharing (governance.hpp; docs/store.md#exports for the format).
#include <sodium.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "podium/core/calendar.hpp"
#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/core/json.hpp"
#include "podium/store/governance.hpp"
#include "podium/store/settings_json.hpp"
#include "store/store_impl.hpp"

namespace podium::store {
namespace {

using Json = nlohmann::json;
using ExportKey = std::array<unsigned char, crypto_auth_hmacsha256_KEYBYTES>;

constexpr const char* kExportKeyName = "export_pseudonym_key";
constexpr double kExportSecondsPerDay = 86400.0;
// Where an activity was: never in a pseudonymised export (docs/store.md, "Pseudonymous ids").
constexpr std::array<const char*, 2> kExportGpsChannels = {"lat_deg", "lon_deg"};

void export_sodium_init() {
  // Safe to call from several threads and more than once (libsodium >= 1.0.11).
  if (sodium_init() < 0) throw Error(ErrorKind::Internal, "libsodium: sodium_init failed");
}

// The database's own pseudonym key, made on first use. Called inside the export's write
// transaction, so two processes exporting at once agree on one key.
ExportKey export_stable_key(Db& db) {
  ExportKey key{};
  Statement s(db, "SELECT value FROM store_secrets WHERE name = ?", "read store_secrets");
  s.bind(1, std::string_view(kExportKeyName));
  if (s.step()) {
    const auto bytes = s.blob(0);
    if (bytes.size() != key.size()) {
      throw Error(ErrorKind::Format, db.path() + ": store_secrets \"" + kExportKeyName + "\" is " +
                                         std::to_string(bytes.size()) + " bytes, expected " +
                                         std::to_string(key.size()));
    }
    std::copy(bytes.begin(), bytes.end(), key.begin());
    return key;
  }
  randombytes_buf(key.data(), key.size());
  Statement ins(db, "INSERT INTO store_secrets (name, value) VALUES (?, ?)",
                "insert store_secrets");
  ins.bind(1, std::string_view(kExportKeyName)).bind_blob(2, key);
  ins.run();
  return key;
}

std::string export_pseudonym(const ExportKey& key, const std::string& athlete) {
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256(mac.data(), reinterpret_cast<const unsigned char*>(athlete.data()),
                         athlete.size(), key.data());
  std::array<char, 2 * crypto_auth_hmacsha256_BYTES + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), mac.data(), mac.size());
  return hex.data();
}

bool export_is_gps(const std::string& channel) {
  for (const char* gps : kExportGpsChannels) {
    if (channel == gps) return true;
  }
  return false;
}

Json export_values(const std::vector<double>& values) {
  Json list = Json::array();
  for (double v : values)
    list.push_back(json::number_or_null(v));
  return list;
}

// Pseudonymised, a date becomes whole days since the first activity's day. The settings in force
// at that day are given `from: null` ("before the first activity") and older ones are left out:
// `athlete add` dates its defaults 1970-01-01, whose distance to the first activity would give
// away the first activity's date.
Json export_settings_list(const std::vector<AthleteSettings>& history,
                          std::optional<std::int32_t> origin_day, bool identified) {
  Json list = Json::array();
  for (std::size_t i = 0; i < history.size(); ++i) {
    const AthleteSettings& s = history[i];
    if (identified) {
      list.push_back(settings_json(s, iso_from_day(s.effective_from_day)));
      continue;
    }
    const bool superseded =
        i + 1 < history.size() && (!origin_day || history[i + 1].effective_from_day <= *origin_day);
    if (superseded) continue;
    const bool before = !origin_day || s.effective_from_day <= *origin_day;
    list.push_back(settings_json(s, before ? Json() : Json(s.effective_from_day - *origin_day)));
  }
  return list;
}

Json export_activity(const ActivityRecord& r, std::size_t number, std::optional<double> origin_s,
                     bool identified) {
  Json a = {{"number", number}, {"format", r.format}, {"sport", r.sport}, {"samples", r.samples}};
  if (identified) {
    a["id"] = r.id;
    a["start_utc_s"] = json::number_or_null(r.start_utc_s);
    a["file_name"] = r.file_name;
    a["device"] = r.device;
    a["content_sha256"] = r.content_sha256;
    a["imported_at_utc_s"] = r.imported_at_utc_s;
    a["warnings"] = r.warnings;
    Json summary = Json::parse(r.summary_json, nullptr, false);
    a["summary"] = summary.is_discarded() ? Json(r.summary_json) : summary;
  } else {
    a["start_day"] = std::isnan(r.start_utc_s) || !origin_s
                         ? Json()
                         : Json((r.start_utc_s - *origin_s) / kExportSecondsPerDay);
  }
  Json metrics = Json::object();
  for (const auto& [name, value] : r.metrics)
    metrics[name] = value;
  a["metrics"] = metrics;
  a["mmp_w"] = export_values(r.mmp_w);
  Json channels = Json::object();
  for (const Channel& c : r.channels) {
    if (!identified && export_is_gps(c.name)) continue;
    channels[c.name] = export_values(c.values);
  }
  a["channels"] = channels;
  return a;
}

}  // namespace

std::string Governance::export_athlete(const std::string& athlete, const std::string& out_path,
                                       const ExportOptions& options, const std::string& actor) {
  Db& db = store_->impl_->db;
  export_sodium_init();
  // One write transaction: the export reads one consistent state, a first stable export makes its
  // key once, and the audit row is there exactly when the file is.
  Transaction tx(db, "export athlete");
  const AthleteInfo info = store_->athlete(athlete);
  if (options.identified) require_consent(athlete, Purpose::Sharing);

  std::string name = athlete;
  if (!options.identified) {
    ExportKey key{};
    if (options.stable) {
      key = export_stable_key(db);
    } else {
      randombytes_buf(key.data(), key.size());
    }
    name = export_pseudonym(key, athlete);
    sodium_memzero(key.data(), key.size());
  }

  std::vector<ActivityRecord> records;
  std::optional<double> origin_s;
  for (const ActivitySummary& summary : store_->activities(athlete)) {
    std::optional<ActivityRecord> r = store_->activity(summary.id, true);
    if (!r) continue;
    if (!std::isnan(r->start_utc_s) && (!origin_s || r->start_utc_s < *origin_s))
      origin_s = r->start_utc_s;
    records.push_back(std::move(*r));
  }
  std::optional<std::int32_t> origin_day;
  if (origin_s) origin_day = day_of_utc(*origin_s);

  Json out = {{"format", "podium.athlete_export"},
              {"version", 1},
              {"athlete", name},
              {"pseudonymised", !options.identified},
              {"pseudonym_key", options.identified ? Json()
                                : options.stable   ? Json("database")
                                                   : Json("this export only")},
              {"time_base", options.identified ? "UTC" : "days since the first activity"}};
  out["settings"] = export_settings_list(info.settings, origin_day, options.identified);
  Json consent = Json::object();
  for (Purpose p : {Purpose::VideoAnalysis, Purpose::PerformanceModelling, Purpose::Sharing})
    consent[purpose_name(p)] = has_consent(athlete, p);
  out["consent"] = consent;
  if (options.identified) {
    Json history = Json::array();
    for (const ConsentRecord& c : consent_history(athlete)) {
      history.push_back({{"purpose", purpose_name(c.purpose)},
                         {"granted", c.granted},
                         {"actor", c.actor},
                         {"at_utc_s", c.at_utc_s},
                         {"note", c.note}});
    }
    out["consent_history"] = history;
  }
  Json activities = Json::array();
  for (std::size_t i = 0; i < records.size(); ++i)
    activities.push_back(export_activity(records[i], i + 1, origin_s, options.identified));
  out["activities"] = activities;

  std::string detail = options.identified ? "identified" : "pseudonymised";
  if (options.stable && !options.identified) detail.append(" stable");
  store::audit(db, actor, "export", athlete, detail);
  write_file_atomic(out_path, out.dump(1) + "\n");
  try {
    tx.commit();
  } catch (const Error&) {
    // No audit row, so no export: the file must not outlive the failed commit.
    std::remove(out_path.c_str());
    throw;
  }
  return name;
}

}  // namespace podium::store
