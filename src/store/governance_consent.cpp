// Governance: consent per athlete and purpose, and the audit log's append and query
// (governance.hpp). Erasure and exports are in governance_erase.cpp and governance_export.cpp.
#include <algorithm>
#include <string>

#include "podium/core/error.hpp"
#include "podium/store/governance.hpp"
#include "store/store_impl.hpp"

namespace podium::store {
namespace {

constexpr std::size_t kConsentNoteMaxBytes = 1000;
constexpr std::size_t kConsentActorMaxBytes = 128;
constexpr std::size_t kConsentActionMaxBytes = 64;
constexpr std::size_t kConsentDetailMaxBytes = 4000;
constexpr std::size_t kConsentAuditMaxRows = 100000;

void consent_require_text(const char* field, const std::string& value, std::size_t min_bytes,
                          std::size_t max_bytes) {
  if (value.size() >= min_bytes && value.size() <= max_bytes) return;
  throw Error(ErrorKind::InvalidInput, std::string(field) + ": must be " +
                                           std::to_string(min_bytes) + "-" +
                                           std::to_string(max_bytes) + " bytes (this one is " +
                                           std::to_string(value.size()) + ")");
}

}  // namespace

const char* purpose_name(Purpose purpose) {
  switch (purpose) {
    case Purpose::VideoAnalysis:
      return "video_analysis";
    case Purpose::PerformanceModelling:
      return "performance_modelling";
    case Purpose::Sharing:
      return "sharing";
  }
  return "sharing";
}

Purpose parse_purpose(std::string_view name) {
  for (Purpose p : {Purpose::VideoAnalysis, Purpose::PerformanceModelling, Purpose::Sharing}) {
    if (name == purpose_name(p)) return p;
  }
  const bool printable = name.size() <= 32 && std::all_of(name.begin(), name.end(), [](char c) {
                           return c > ' ' && c < 0x7f && c != '"';
                         });
  std::string message = "purpose \"";
  message.append(printable ? std::string(name) : std::string("..."))
      .append("\": must be one of video_analysis, performance_modelling, sharing");
  throw Error(ErrorKind::InvalidInput, message);
}

void Governance::record_consent(const std::string& athlete, Purpose purpose, bool granted,
                                const std::string& actor, const std::string& note) {
  consent_require_text("consent actor", actor, 1, kConsentActorMaxBytes);
  consent_require_text("consent note", note, 0, kConsentNoteMaxBytes);
  Db& db = store_->impl_->db;
  Transaction tx(db, "record consent");
  require_athlete(db, athlete);
  Statement s(db,
              "INSERT INTO consent (athlete_id, purpose, granted, actor, at_utc_s, note) "
              "VALUES (?, ?, ?, ?, ?, ?)",
              "insert consent");
  s.bind(1, athlete)
      .bind(2, std::string_view(purpose_name(purpose)))
      .bind(3, std::int64_t{granted ? 1 : 0})
      .bind(4, actor)
      .bind(5, now_utc_s())
      .bind(6, note);
  s.run();
  // The note stays in the consent table only: it may name the person (a signed form).
  store::audit(db, actor, granted ? "consent.grant" : "consent.withdraw", athlete,
               std::string("purpose=") + purpose_name(purpose));
  tx.commit();
}

bool Governance::has_consent(const std::string& athlete, Purpose purpose) const {
  Statement s(store_->impl_->db,
              "SELECT granted FROM consent WHERE athlete_id = ? AND purpose = ? "
              "ORDER BY id DESC LIMIT 1",
              "read consent");
  s.bind(1, athlete).bind(2, std::string_view(purpose_name(purpose)));
  return s.step() && s.int64(0) != 0;
}

void Governance::require_consent(const std::string& athlete, Purpose purpose) const {
  require_athlete(store_->impl_->db, athlete);
  if (has_consent(athlete, purpose)) return;
  const std::string name = purpose_name(purpose);
  std::string message = "athlete \"";
  message.append(athlete)
      .append("\" has not consented to ")
      .append(name)
      .append(" (podium consent grant ")
      .append(athlete)
      .append(" --purpose ")
      .append(name)
      .append(")");
  throw Error(ErrorKind::Forbidden, message);
}

std::vector<ConsentRecord> Governance::consent_history(const std::string& athlete) const {
  const Db& db = store_->impl_->db;
  require_athlete(db, athlete);
  Statement s(db,
              "SELECT purpose, granted, actor, at_utc_s, note FROM consent WHERE athlete_id = ? "
              "ORDER BY id",
              "read consent history");
  s.bind(1, athlete);
  std::vector<ConsentRecord> out;
  while (s.step()) {
    out.push_back({.athlete_id = athlete,
                   .purpose = parse_purpose(s.text(0)),
                   .granted = s.int64(1) != 0,
                   .actor = s.text(2),
                   .at_utc_s = s.int64(3),
                   .note = s.text(4)});
  }
  return out;
}

void Governance::record(const std::string& actor, const std::string& action,
                        const std::optional<std::string>& athlete, const std::string& detail) {
  consent_require_text("audit actor", actor, 1, kConsentActorMaxBytes);
  consent_require_text("audit action", action, 1, kConsentActionMaxBytes);
  consent_require_text("audit detail", detail, 0, kConsentDetailMaxBytes);
  // Only the id's form is checked: a refused read of an unknown id is worth recording too.
  if (athlete) validate_athlete_id(*athlete);
  Db& db = store_->impl_->db;
  Transaction tx(db, "record audit");
  store::audit(db, actor, action, athlete, detail);
  tx.commit();
}

std::vector<AuditRow> Governance::audit(const AuditQuery& query) const {
  if (query.limit < 1 || query.limit > kConsentAuditMaxRows) {
    throw Error(ErrorKind::InvalidInput,
                "audit limit " + std::to_string(query.limit) + ": must be 1-100000");
  }
  Statement s(store_->impl_->db,
              "SELECT id, at_utc_s, actor, action, athlete_id, detail FROM audit_log "
              "WHERE (?1 IS NULL OR athlete_id = ?1) AND (?2 IS NULL OR actor = ?2) AND id > ?3 "
              "ORDER BY id LIMIT ?4",
              "read audit_log");
  if (query.athlete_id) {
    s.bind(1, *query.athlete_id);
  } else {
    s.bind_null(1);
  }
  if (query.actor) {
    s.bind(2, *query.actor);
  } else {
    s.bind_null(2);
  }
  s.bind(3, query.after_id).bind(4, static_cast<std::int64_t>(query.limit));
  std::vector<AuditRow> out;
  while (s.step()) {
    AuditRow row{.id = s.int64(0),
                 .at_utc_s = s.int64(1),
                 .actor = s.text(2),
                 .action = s.text(3),
                 .athlete_id = std::nullopt,
                 .detail = s.text(5)};
    if (!s.is_null(4)) row.athlete_id = s.text(4);
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace podium::store
