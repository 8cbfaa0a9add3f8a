// Athletes: the ones the caller may see, one athlete's settings, training load, consent,
// erasure and export. Access is Accounts' rule; processing needs the athlete's consent.
#include <unistd.h>
#include <filesystem>

#include "bodies.hpp"
#include "load_view.hpp"
#include "podium/core/calendar.hpp"
#include "podium/core/file.hpp"
#include "podium/store/governance.hpp"
#include "podium/store/settings_json.hpp"
#include "router.hpp"

namespace podium::server {
namespace {

double athlete_number_query(const Call& c, const char* name, double fallback) {
  const std::string v = c.query(name);
  if (v.empty()) return fallback;
  std::size_t used = 0;
  double d = 0;
  try {
    d = std::stod(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != v.size() || !std::isfinite(d)) {
    throw Error(ErrorKind::InvalidInput, Place{.source = "query", .field = name},
                "'" + v.substr(0, 32) + "' is not a number");
  }
  return d;
}

void athletes_get(Call& c) {
  const std::vector<std::string> ids = c.accounts().visible_athletes(c.me());
  store::Governance(c.store).record(c.me().name, "read.athletes", std::nullopt,
                                    std::to_string(ids.size()) + " athletes");
  send_json(c, 200, {{"athletes", ids}});
}

void athlete_get(Call& c) {
  const std::string& id = c.args.at(0);
  c.accounts().require_athlete_access(c.me(), id, store::Access::Read);
  const store::AthleteInfo info = c.store.athlete(id);
  Json settings = Json::array();
  for (const store::AthleteSettings& s : info.settings)
    settings.push_back(store::settings_json(s, iso_from_day(s.effective_from_day)));
  store::Governance(c.store).record(c.me().name, "read.athlete", id, "settings");
  send_json(c, 200,
            {{"id", info.id}, {"created_at_utc_s", info.created_at_utc_s}, {"settings", settings}});
}

void load_get(Call& c) {
  const std::string& id = c.args.at(0);
  c.accounts().require_athlete_access(c.me(), id, store::Access::Read);
  app::LoadRequest req{.athlete = id};
  if (!c.query("metric").empty()) req.metric = c.query("metric");
  if (!c.query("marker").empty()) req.marker = c.query("marker");
  if (!c.query("convention").empty()) req.convention = c.query("convention");
  req.ctl_days = athlete_number_query(c, "ctl_days", req.ctl_days);
  req.atl_days = athlete_number_query(c, "atl_days", req.atl_days);
  if (!c.query("from").empty())
    req.first_day = day_from_iso(c.query("from"), {.source = "query", .field = "from"});
  if (!c.query("to").empty())
    req.last_day = day_from_iso(c.query("to"), {.source = "query", .field = "to"});
  const Json body = app::load_json(app::compute_load(c.store, req));
  store::Governance(c.store).record(c.me().name, "read.load", id, req.metric);
  send_json(c, 200, body);
}

Json consent_json(const std::string& athlete, const store::Governance& g) {
  Json current = Json::object();
  for (store::Purpose p : {store::Purpose::VideoAnalysis, store::Purpose::PerformanceModelling,
                           store::Purpose::Sharing})
    current[store::purpose_name(p)] = g.has_consent(athlete, p);
  Json history = Json::array();
  for (const store::ConsentRecord& r : g.consent_history(athlete)) {
    history.push_back({{"purpose", store::purpose_name(r.purpose)},
                       {"granted", r.granted},
                       {"actor", r.actor},
                       {"at_utc_s", r.at_utc_s},
                       {"note", r.note}});
  }
  return {{"athlete", athlete}, {"consent", current}, {"history", history}};
}

void consent_get(Call& c) {
  const std::string& id = c.args.at(0);
  c.accounts().require_athlete_access(c.me(), id, store::Access::Read);
  store::Governance g(c.store);
  g.record(c.me().name, "read.consent", id, "");
  send_json(c, 200, consent_json(id, g));
}

void consent_post(Call& c) {
  const std::string& id = c.args.at(0);
  // Consent is the athlete's to give, or recorded by who collected it: never by an analyst.
  c.accounts().require_role(c.me(), {store::Role::Admin, store::Role::Coach, store::Role::Athlete});
  c.accounts().require_athlete_access(c.me(), id, store::Access::Write);
  const ConsentBody body = parse_consent_body(c.req.body);
  store::Governance g(c.store);
  g.record_consent(id, body.purpose, body.granted, c.me().name, body.note);
  send_json(c, 200, consent_json(id, g));
}

void athlete_delete(Call& c) {
  const std::string& id = c.args.at(0);
  c.accounts().require_role(c.me(), {store::Role::Admin});
  const store::ErasureReport r =
      store::Governance(c.store).erase_athlete(id, c.me().name, c.shared.options.data_dir);
  send_json(c, 200,
            {{"erased", true},
             {"rows_deleted", r.rows_deleted},
             {"audit_rows_tombstoned", r.audit_rows_tombstoned},
             {"files_deleted", r.files_deleted}});
}

bool athlete_flag(const Call& c, const char* name) {
  const std::string v = c.query(name);
  if (v.empty() || v == "0" || v == "false") return false;
  if (v == "1" || v == "true") return true;
  throw Error(ErrorKind::InvalidInput, Place{.source = "query", .field = name},
              "expected true or false");
}

void export_get(Call& c) {
  const std::string& id = c.args.at(0);
  c.accounts().require_role(c.me(), {store::Role::Admin, store::Role::Coach, store::Role::Athlete});
  c.accounts().require_athlete_access(c.me(), id, store::Access::Read);
  const store::ExportOptions options{.identified = athlete_flag(c, "identified"),
                                     .stable = athlete_flag(c, "stable")};
  // The export is written to a private temporary file (Governance writes files atomically), read
  // back and removed: nothing of it stays on the server.
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  const std::string path = (dir / ("podium-export-" + std::to_string(::getpid()) + "-" +
                                   std::to_string(reinterpret_cast<std::uintptr_t>(&c)) + ".json"))
                               .string();
  std::string body;
  try {
    store::Governance(c.store).export_athlete(id, path, options, c.me().name);
    body = read_file(path);
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(path, ec);
    throw;
  }
  std::error_code ec;
  std::filesystem::remove(path, ec);
  c.res.status = 200;
  c.res.set_content(body, "application/json");
}

}  // namespace

void add_athlete_routes(std::vector<Route>& out) {
  out.push_back({"GET", "/api/v1/athletes", Auth::Session, Body::None,
                 "The athletes the caller may see", "athletes", athletes_get});
  out.push_back({"GET", "/api/v1/athletes/{id}", Auth::Session, Body::None,
                 "An athlete's settings history", "athletes", athlete_get});
  out.push_back({"DELETE", "/api/v1/athletes/{id}", Auth::Session, Body::None,
                 "Erase an athlete: every row, file and derived result (admin)", "athletes",
                 athlete_delete});
  out.push_back({"GET", "/api/v1/athletes/{id}/load", Auth::Session, Body::None,
                 "PMC (CTL/ATL/TSB) and Banister fit, as `podium load --json` "
                 "(?metric, marker, convention, ctl_days, atl_days, from, to)",
                 "athletes", load_get});
  out.push_back({"GET", "/api/v1/athletes/{id}/consent", Auth::Session, Body::None,
                 "Consent per purpose and its history", "athletes", consent_get});
  out.push_back({"POST", "/api/v1/athletes/{id}/consent", Auth::Session, Body::Json,
                 "Grant or withdraw a purpose: {purpose, granted, note?} (not analysts)",
                 "athletes", consent_post});
  out.push_back({"GET", "/api/v1/athletes/{id}/export", Auth::Session, Body::None,
                 "The athlete's data as JSON, pseudonymised unless ?identified=true", "athletes",
                 export_get});
}

}  // namespace podium::server
