// podium consent grant|withdraw|show and podium audit: consent per athlete and purpose, and the
// append-only log of who read or changed what (store/governance.hpp).
#include <cstdio>
#include <deque>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "governance_cli.hpp"
#include "podium/store/governance.hpp"
#include "store_access.hpp"

namespace podium::app {
namespace {

constexpr std::size_t kAuditPage = 10000;

void show_consent(const std::string& db, const std::string& athlete, bool as_json) {
  store::Store st = open_store(db);
  store::Governance g(st);
  const std::vector<store::ConsentRecord> history = g.consent_history(athlete);
  // Consent notes may name the person (a signed form): reading them is recorded.
  g.record(st.actor(), "read.consent", athlete, "");
  const store::Purpose purposes[] = {store::Purpose::VideoAnalysis,
                                     store::Purpose::PerformanceModelling, store::Purpose::Sharing};
  if (as_json) {
    nlohmann::json j = {{"athlete", athlete}, {"consent", nlohmann::json::object()}};
    for (store::Purpose p : purposes)
      j["consent"][store::purpose_name(p)] = g.has_consent(athlete, p);
    j["history"] = nlohmann::json::array();
    for (const store::ConsentRecord& r : history) {
      j["history"].push_back({{"purpose", store::purpose_name(r.purpose)},
                              {"granted", r.granted},
                              {"actor", r.actor},
                              {"at", utc_text(r.at_utc_s)},
                              {"note", r.note}});
    }
    std::printf("%s\n", j.dump(1).c_str());
    return;
  }
  std::printf("athlete %s\n", athlete.c_str());
  for (store::Purpose p : purposes) {
    std::printf("  %-22s %s\n", store::purpose_name(p),
                g.has_consent(athlete, p) ? "granted" : "not granted");
  }
  if (history.empty()) return;
  std::printf("history:\n");
  for (const store::ConsentRecord& r : history) {
    // The note is quoted as JSON so that nothing in it can break the line.
    const std::string note = r.note.empty() ? "" : " " + nlohmann::json(r.note).dump();
    std::printf("  %s %-8s %-22s by %s%s\n", utc_text(r.at_utc_s).c_str(),
                r.granted ? "grant" : "withdraw", store::purpose_name(r.purpose), r.actor.c_str(),
                note.c_str());
  }
}

// The latest `limit` rows that match: the query pages forward from the oldest, so only the tail
// is kept.
std::deque<store::AuditRow> latest_audit(const store::Governance& g, store::AuditQuery query,
                                         std::size_t limit) {
  std::deque<store::AuditRow> rows;
  query.limit = kAuditPage;
  for (;;) {
    const std::vector<store::AuditRow> page = g.audit(query);
    for (const store::AuditRow& r : page) {
      rows.push_back(r);
      if (rows.size() > limit) rows.pop_front();
    }
    if (page.size() < kAuditPage) break;
    query.after_id = page.back().id;
  }
  return rows;
}

}  // namespace

void add_consent_commands(CLI::App& group) {
  group.require_subcommand(1);
  struct Args {
    std::string db, athlete, purpose, note;
    bool json = false;
  };
  auto a = std::make_shared<Args>();
  for (const bool grant : {true, false}) {
    CLI::App* cmd =
        group.add_subcommand(grant ? "grant" : "withdraw",
                             grant ? "Record that an athlete consents to a purpose"
                                   : "Record that an athlete withdraws consent to a purpose");
    cmd->add_option("athlete", a->athlete, "Athlete id")->required();
    cmd->add_option("--purpose", a->purpose, "video_analysis, performance_modelling or sharing")
        ->required();
    cmd->add_option("--note", a->note, "Where the consent is documented (kept out of the log)");
    add_db_option(*cmd, a->db);
    cmd->callback([a, grant] {
      const store::Purpose purpose = store::parse_purpose(a->purpose);
      store::Store st = open_store(a->db);
      store::Governance(st).record_consent(a->athlete, purpose, grant, st.actor(), a->note);
      std::printf("athlete %s: %s %s\n", a->athlete.c_str(), store::purpose_name(purpose),
                  grant ? "granted" : "withdrawn");
    });
  }
  CLI::App* show = group.add_subcommand("show", "An athlete's consent per purpose and history");
  show->add_option("athlete", a->athlete, "Athlete id")->required();
  show->add_flag("--json", a->json, "JSON instead of text");
  add_db_option(*show, a->db);
  show->callback([a] { show_consent(a->db, a->athlete, a->json); });
}

void add_audit_commands(CLI::App& group) {
  struct Args {
    std::string db, athlete, actor;
    std::size_t limit = 50;
    bool json = false;
  };
  auto a = std::make_shared<Args>();
  group.add_option("--athlete", a->athlete, "Only rows about this athlete");
  group.add_option("--actor", a->actor, "Only rows by this actor (a user name, or cli:<login>)");
  group.add_option("--limit", a->limit, "The latest N rows (default 50, at most 100000)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}));
  group.add_flag("--json", a->json, "JSON instead of a table");
  add_db_option(group, a->db);
  group.callback([a] {
    store::Store st = open_store(a->db);
    store::AuditQuery q;
    if (!a->athlete.empty()) {
      store::validate_athlete_id(a->athlete);
      q.athlete_id = a->athlete;
    }
    if (!a->actor.empty()) q.actor = a->actor;
    store::Governance g(st);
    const std::deque<store::AuditRow> rows = latest_audit(g, q, a->limit);
    if (a->json) {
      nlohmann::json j = nlohmann::json::array();
      for (const store::AuditRow& r : rows) {
        j.push_back({{"id", r.id},
                     {"at", utc_text(r.at_utc_s)},
                     {"actor", r.actor},
                     {"action", r.action},
                     {"athlete", r.athlete_id ? nlohmann::json(*r.athlete_id) : nlohmann::json()},
                     {"detail", r.detail}});
      }
      std::printf("%s\n", j.dump(1).c_str());
      return;
    }
    std::printf("%-6s %-20s %-20s %-18s %-10s %s\n", "id", "at", "actor", "action", "athlete",
                "detail");
    for (const store::AuditRow& r : rows) {
      std::printf("%-6lld %-20s %-20s %-18s %-10s %s\n", static_cast<long long>(r.id),
                  utc_text(r.at_utc_s).c_str(), r.actor.c_str(), r.action.c_str(),
                  r.athlete_id.value_or("-").c_str(), r.detail.c_str());
    }
  });
}

}  // namespace podium::app
