// GPX 1.0 / 1.1 -> Activity.
//
// Every trkpt anywhere in the document is a Record, in document order (empty trkseg add none;
// points without <time> get NaN); every trk is a Session whose sport comes from its <type> and
// whose start is its first timed point. Channels, read the way the golden generator reads them
// (first match anywhere inside the point's <extensions>, any namespace prefix):
//   power        <power> (Strava), else <PowerInWatts> (Garmin PowerExtension)
//   heart rate   <hr> (Garmin TrackPointExtension v1/v2), else <heartrate>
//   cadence      <cad>, else <cadence>
//   speed        <speed> (TrackPointExtension v2), else GPX 1.0's own trkpt <speed>
//   temperature  <atemp>
// A GPX without any trkpt (metadata only, waypoints, routes) is an Activity with no records and
// a warning; its start is the metadata time.
#include <cmath>
#include <string>

#include "activity_limits.hpp"
#include "podium/core/error.hpp"
#include "podium/sensor/read.hpp"
#include "xml_doc.hpp"

namespace podium::sensor {
namespace {

using xml::child;
using xml::descendant;

struct SportName {
  std::string_view type;  // lower case, '-' and ' ' written as '_'
  std::string_view sport;
  std::string_view sub_sport;
};

// Activity types GPX writers put in trk/type (Garmin Connect, Strava words, common app words)
// -> FIT sport and sub_sport names.
constexpr SportName kSports[] = {
    {"cycling", "cycling", ""},
    {"biking", "cycling", ""},
    {"ride", "cycling", ""},
    {"road_biking", "cycling", "road"},
    {"road_cycling", "cycling", "road"},
    {"mountain_biking", "cycling", "mountain"},
    {"gravel_cycling", "cycling", "gravel_cycling"},
    {"indoor_cycling", "cycling", "indoor_cycling"},
    {"virtual_ride", "cycling", "virtual_activity"},
    {"virtualride", "cycling", "virtual_activity"},
    {"running", "running", ""},
    {"run", "running", ""},
    {"trail_running", "running", "trail"},
    {"street_running", "running", "street"},
    {"treadmill_running", "running", "treadmill"},
    {"virtual_run", "running", "virtual_activity"},
    {"virtualrun", "running", "virtual_activity"},
    {"walking", "walking", ""},
    {"walk", "walking", ""},
    {"hiking", "hiking", ""},
    {"hike", "hiking", ""},
    {"swimming", "swimming", ""},
    {"swim", "swimming", ""},
    {"open_water_swimming", "swimming", "open_water"},
};

// trk/type -> Session sport: a known word as its FIT name; a number -> "" (unknown: numeric
// codes mean different sports to different apps, e.g. Strava's 17 is not FIT's 17 = hiking);
// any other word lower-cased with '_' for blanks, as TCX sports are.
void set_sport(std::string_view type, Session& session) {
  std::string word(xml::trim(type));
  bool numeric = !word.empty();
  for (char& c : word) {
    numeric = numeric && c >= '0' && c <= '9';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == ' ' || c == '-') c = '_';
  }
  if (numeric) return;
  for (const SportName& known : kSports) {
    if (word == known.type) {
      session.sport = known.sport;
      session.sub_sport = known.sub_sport;
      return;
    }
  }
  session.sport = word;
}

// The first of the two names found inside `extensions` (the second only when the first is absent).
pugi::xml_node either(pugi::xml_node extensions, std::string_view first, std::string_view second) {
  const pugi::xml_node found = descendant(extensions, first);
  return found ? found : descendant(extensions, second);
}

Record read_trkpt(pugi::xml_node point, xml::ValueReader& values) {
  Record r;
  r.lat_deg = values.number(point.attribute("lat"), point, "trkpt@lat");
  r.lon_deg = values.number(point.attribute("lon"), point, "trkpt@lon");
  r.altitude_m = values.number(child(point, "ele"), "trkpt/ele");
  r.time_utc_s = values.time(child(point, "time"), "trkpt/time");
  const pugi::xml_node extensions = child(point, "extensions");
  if (extensions) {
    r.power_w = values.number(either(extensions, "power", "PowerInWatts"), "trkpt power");
    r.heart_rate_bpm = values.number(either(extensions, "hr", "heartrate"), "trkpt heart rate");
    r.cadence_rpm = values.number(either(extensions, "cad", "cadence"), "trkpt cadence");
    r.speed_mps = values.number(descendant(extensions, "speed"), "trkpt speed");
    r.temperature_c = values.number(descendant(extensions, "atemp"), "trkpt atemp");
  }
  if (std::isnan(r.speed_mps)) r.speed_mps = values.number(child(point, "speed"), "trkpt/speed");
  return r;
}

}  // namespace

Activity read_gpx(const Source& source, const ReadOptions& options) {
  Activity activity;
  activity.name = source.name();
  activity.format = FileFormat::Gpx;
  pugi::xml_document doc;
  const xml::Positions at =
      xml::load_document(source, options, "gpx", "trkpt", doc, activity.warnings);
  xml::ValueReader values(source, options, at);
  const pugi::xml_node root = doc.document_element();
  const auto place_of = [&](pugi::xml_node node) {
    return [&at, &source, node] { return at.at(xml::offset_of(node), source.name()); };
  };
  const std::string_view creator = xml::trim(root.attribute("creator").value());
  check_text(creator, place_of(root), "gpx@creator");
  activity.device.product = std::string(creator);
  // GPX 1.1 keeps the file's time in <metadata>, GPX 1.0 directly under <gpx>.
  const pugi::xml_node metadata = child(root, "metadata");
  const double file_time_utc_s =
      values.time(child(metadata ? metadata : root, "time"), "metadata/time");
  for (pugi::xml_node node = root; node; node = xml::next_in_document(node, root)) {
    if (node.type() != pugi::node_element) continue;
    const std::string_view name = xml::local_name(node);
    if (name == "trkpt") {
      append_within(activity.records, read_trkpt(node, values), limits::kActivityRecords,
                    place_of(node), "records", "records per activity");
      const double t = activity.records.back().time_utc_s;
      if (!activity.sessions.empty() && std::isnan(activity.sessions.back().start_utc_s)) {
        activity.sessions.back().start_utc_s = t;
      }
    } else if (name == "trk") {
      Session session;
      const pugi::xml_node type = child(node, "type");
      check_text(xml::trimmed_text(type), place_of(type), "trk/type");
      set_sport(xml::trimmed_text(type), session);
      append_within(activity.sessions, std::move(session), limits::kActivityLaps, place_of(node),
                    "sessions", "sessions per activity");
    }
  }
  values.append_warnings(activity.warnings);
  if (activity.records.empty()) {
    activity.warnings.push_back(
        {at.at(xml::offset_of(root)), "no track points (trkpt): the activity has no records"});
  }
  xml::finish_activity(activity, file_time_utc_s);
  return activity;
}

}  // namespace podium::sensor
