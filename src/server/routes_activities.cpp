// An athlete's activities: list, upload (import), and one activity's summary, 1 Hz channels,
// power-duration curve with CP fits, and W'bal. Every read is checked against the caller's access
// to the activity's athlete and recorded in the audit log.
#include <cmath>

#include "activity_import.hpp"
#include "activity_view.hpp"
#include "podium/core/json.hpp"
#include "podium/store/governance.hpp"
#include "router.hpp"

namespace podium::server {
namespace {

// A stored activity the caller may read, with its channels, and the audit row of the read.
store::ActivityRecord readable_activity(Call& c, const char* what) {
  const std::int64_t id = id_arg(c, 0, "activity id");
  auto rec = c.store.activity(id, true);
  if (!rec) throw Error(ErrorKind::NotFound, "no activity " + std::to_string(id));
  c.accounts().require_athlete_access(c.me(), rec->athlete_id, store::Access::Read);
  store::Governance(c.store).record(c.me().name, std::string("read.") + what, rec->athlete_id,
                                    "activity " + std::to_string(id));
  return std::move(*rec);
}

app::ActivityView activity_view(Call& c, const char* what) {
  const store::ActivityRecord rec = readable_activity(c, what);
  return app::stored_view(
      rec, sensor::resolve_thresholds(
               {}, app::settings_on(c.store, rec.athlete_id, rec.start_utc_s), std::nullopt));
}

Json summary_json(const store::ActivitySummary& a) {
  return {{"id", a.id},
          {"file_name", a.file_name},
          {"format", a.format},
          {"sport", a.sport},
          {"start_utc_s", json::number_or_null(a.start_utc_s)},
          {"samples", a.samples},
          {"sha256", a.content_sha256}};
}

void activities_get(Call& c) {
  const std::string& athlete = c.args.at(0);
  c.accounts().require_athlete_access(c.me(), athlete, store::Access::Read);
  Json list = Json::array();
  for (const store::ActivitySummary& a : c.store.activities(athlete))
    list.push_back(summary_json(a));
  store::Governance(c.store).record(c.me().name, "read.activities", athlete, "");
  send_json(c, 200, {{"athlete", athlete}, {"activities", list}});
}

void activities_post(Call& c) {
  const std::string& athlete = c.args.at(0);
  c.accounts().require_athlete_access(c.me(), athlete, store::Access::Write);
  store::Governance(c.store).require_consent(athlete, store::Purpose::PerformanceModelling);
  const std::string name = upload_name(c);
  const app::ImportOutcome o = app::import_activity_file(
      c.store, athlete, app::activity_bytes_in_memory(name, c.req.body), false);
  send_json(c, o.duplicate ? 200 : 201,
            {{"id", o.id},
             {"duplicate", o.duplicate},
             {"file_name", o.file_name},
             {"records", o.records},
             {"warnings", o.warnings}});
}

void activity_get(Call& c) {
  Json j = app::view_json(activity_view(c, "activity"));
  j.erase("mmp_w");  // the curve is /mmp's
  send_json(c, 200, j);
}

void channels_get(Call& c) {
  const store::ActivityRecord rec = readable_activity(c, "channels");
  std::vector<std::string> wanted;
  const std::string names = c.query("names");
  for (std::size_t at = 0; !names.empty() && at <= names.size();) {
    const std::size_t end = std::min(names.find(',', at), names.size());
    wanted.push_back(names.substr(at, end - at));
    at = end + 1;
  }
  Json channels = Json::object();
  Json available = Json::array();
  for (const store::Channel& ch : rec.channels)
    available.push_back(ch.name);
  for (const std::string& w : wanted) {
    const auto it = std::find_if(rec.channels.begin(), rec.channels.end(),
                                 [&](const store::Channel& ch) { return ch.name == w; });
    if (it == rec.channels.end()) {
      throw Error(ErrorKind::InvalidInput, Place{.source = "query", .field = "names", .value = w},
                  "no such channel in this activity (it has " + available.dump() + ")");
    }
    Json values = Json::array();
    for (double v : it->values)
      values.push_back(json::number_or_null(v));
    channels[w] = std::move(values);
  }
  send_json(c, 200,
            {{"id", rec.id},
             {"start_utc_s", json::number_or_null(rec.start_utc_s)},
             {"hz", 1},
             {"available", available},
             {"channels", channels}});
}

void mmp_get(Call& c) {
  const app::ActivityView v = activity_view(c, "mmp");
  const sensor::MmpCurve& mmp = v.analysis.mmp;
  Json duration = Json::array(), watts = Json::array();
  for (std::size_t d = 1; d < mmp.watts.size(); ++d) {
    duration.push_back(d);
    watts.push_back(json::number_or_null(mmp.watts[d]));
  }
  send_json(c, 200, {{"duration_s", duration}, {"watts", watts}, {"cp", app::view_json(v)["cp"]}});
}

void wbal_get(Call& c) {
  const app::ActivityView v = activity_view(c, "wbal");
  const auto& w = v.analysis.wbal_integral;
  Json series = Json::array();
  if (w) {
    for (double j : w->wbal_j)
      series.push_back(json::number_or_null(j));
  }
  const sensor::Thresholds& t = v.analysis.thresholds;
  send_json(c, 200,
            {{"cp_w", t.cp_w},
             {"wprime_j", t.wprime_j},
             {"model", "integral_skiba2012"},
             {"wbal_j", series},
             {"summary", app::view_json(v)["wbal"]}});
}

}  // namespace

void add_activity_routes(std::vector<Route>& out) {
  out.push_back({"GET", "/api/v1/athletes/{id}/activities", Auth::Session, Body::None,
                 "The athlete's activities", "activities", activities_get});
  out.push_back({"POST", "/api/v1/athletes/{id}/activities", Auth::Session, Body::Upload,
                 "Import a FIT/TCX/GPX file (octet-stream, ?name=FILE); needs consent "
                 "performance_modelling",
                 "activities", activities_post});
  out.push_back({"GET", "/api/v1/activities/{id}", Auth::Session, Body::None,
                 "An activity's summary, metrics, CP fits and W'bal summary", "activities",
                 activity_get});
  out.push_back({"GET", "/api/v1/activities/{id}/channels", Auth::Session, Body::None,
                 "1 Hz channels (?names=power_w,heart_rate_bpm)", "activities", channels_get});
  out.push_back({"GET", "/api/v1/activities/{id}/mmp", Auth::Session, Body::None,
                 "Mean-maximal power curve and CP fits", "activities", mmp_get});
  out.push_back({"GET", "/api/v1/activities/{id}/wbal", Auth::Session, Body::None,
                 "W'bal (integral model) at every second", "activities", wbal_get});
}

}  // namespace podium::server
