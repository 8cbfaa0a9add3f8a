// TCX (Garmin TrainingCenterDatabase v2 + ActivityExtension v2) -> Activity.
//
// Every Activity element (also inside MultiSportSession) is a Session, every Lap a Lap, every
// Trackpoint anywhere in the document a Record, all in document order (so several activities'
// records are concatenated, and Trackpoints without Time or Position still count, as the
// golden generator counts them). Values are read the way that generator reads them: Watts and
// Speed anywhere in the Trackpoint (TPX extension), HeartRateBpm/Value, Cadence else RunCadence.
#include <cmath>
#include <string>
#include <unordered_map>

#include "activity_limits.hpp"
#include "podium/core/error.hpp"
#include "podium/sensor/read.hpp"
#include "xml_doc.hpp"

namespace podium::sensor {
namespace {

using xml::child;
using xml::descendant;

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lower_case(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = lower(c);
  return out;
}

// TCX Sport (Running | Biking | Other) -> FIT sport names; anything else lower-cased.
std::string tcx_sport(std::string_view sport) {
  if (sport == "Biking") return "cycling";
  if (sport == "Other") return "generic";
  return lower_case(sport);
}

// The manufacturer a Creator name makes obvious (FIT manufacturer names), else "".
std::string manufacturer_of(std::string_view product) {
  const std::string name = lower_case(product);
  static constexpr std::pair<std::string_view, std::string_view> kPrefixes[] = {
      {"edge", "garmin"},         {"forerunner", "garmin"}, {"fenix", "garmin"},
      {"garmin", "garmin"},       {"polar", "polar"},       {"suunto", "suunto"},
      {"wahoo", "wahoo_fitness"}, {"coros", "coros"},
  };
  for (const auto& [prefix, manufacturer] : kPrefixes) {
    if (name.starts_with(prefix)) return std::string(manufacturer);
  }
  return "";
}

// An element's text that an Activity keeps, within kActivityTextBytes (`place` maps an offset to
// its Place).
std::string kept_text(pugi::xml_node element, const auto& place, const char* what) {
  const std::string_view text = xml::trimmed_text(element);
  check_text(
      text, [&] { return place(xml::offset_of(element)); }, what);
  return std::string(text);
}

// Creator: Name -> product, Version -> software ("2.90"), UnitId -> serial; a Device_t creator
// (not an Application_t) also names its manufacturer when the product name makes it obvious.
Device read_creator(pugi::xml_node creator, const auto& place) {
  Device device;
  device.product = kept_text(child(creator, "Name"), place, "Creator/Name");
  const pugi::xml_node version = child(creator, "Version");
  const std::string major = kept_text(child(version, "VersionMajor"), place, "VersionMajor");
  const std::string minor = kept_text(child(version, "VersionMinor"), place, "VersionMinor");
  if (!major.empty()) device.software = major + "." + minor;
  const std::string unit_id = kept_text(child(creator, "UnitId"), place, "Creator/UnitId");
  if (unit_id != "0") device.serial = unit_id;
  std::string_view type;
  for (pugi::xml_attribute a = creator.first_attribute(); a; a = a.next_attribute()) {
    if (xml::local_name(std::string_view(a.name())) == "type") type = a.value();
  }
  if (!type.ends_with("Application_t")) device.manufacturer = manufacturer_of(device.product);
  return device;
}

Record read_trackpoint(pugi::xml_node point, xml::ValueReader& values) {
  Record r;
  r.time_utc_s = values.time(child(point, "Time"), "Trackpoint/Time");
  if (const pugi::xml_node position = child(point, "Position")) {
    r.lat_deg = values.number(descendant(position, "LatitudeDegrees"),
                              "Trackpoint/Position/LatitudeDegrees");
    r.lon_deg = values.number(descendant(position, "LongitudeDegrees"),
                              "Trackpoint/Position/LongitudeDegrees");
  }
  r.altitude_m = values.number(child(point, "AltitudeMeters"), "Trackpoint/AltitudeMeters");
  r.distance_m = values.number(child(point, "DistanceMeters"), "Trackpoint/DistanceMeters");
  if (const pugi::xml_node heart_rate = child(point, "HeartRateBpm")) {
    r.heart_rate_bpm = values.number(descendant(heart_rate, "Value"), "Trackpoint/HeartRateBpm");
  }
  const pugi::xml_node cadence = child(point, "Cadence");
  r.cadence_rpm = cadence ? values.number(cadence, "Trackpoint/Cadence")
                          : values.number(descendant(point, "RunCadence"), "TPX/RunCadence");
  r.power_w = values.number(descendant(point, "Watts"), "TPX/Watts");
  r.speed_mps = values.number(descendant(point, "Speed"), "TPX/Speed");
  return r;
}

Lap read_lap(pugi::xml_node lap, xml::ValueReader& values) {
  Lap out;
  out.start_utc_s = values.time(lap.attribute("StartTime"), lap, "Lap@StartTime");
  DeviceSummary& d = out.device;
  d.timer_s = values.number(child(lap, "TotalTimeSeconds"), "Lap/TotalTimeSeconds");
  d.distance_m = values.number(child(lap, "DistanceMeters"), "Lap/DistanceMeters");
  d.calories_kcal = values.number(child(lap, "Calories"), "Lap/Calories");
  d.avg_heart_rate_bpm = values.number(descendant(child(lap, "AverageHeartRateBpm"), "Value"),
                                       "Lap/AverageHeartRateBpm");
  d.max_heart_rate_bpm = values.number(descendant(child(lap, "MaximumHeartRateBpm"), "Value"),
                                       "Lap/MaximumHeartRateBpm");
  const pugi::xml_node extensions = child(lap, "Extensions");
  const pugi::xml_node cadence = child(lap, "Cadence");
  d.avg_cadence_rpm =
      cadence ? values.number(cadence, "Lap/Cadence")
              : values.number(descendant(extensions, "AvgRunCadence"), "LX/AvgRunCadence");
  d.avg_power_w = values.number(descendant(extensions, "AvgWatts"), "LX/AvgWatts");
  d.max_power_w = values.number(descendant(extensions, "MaxWatts"), "LX/MaxWatts");
  return out;
}

// What a head unit's session message would hold, from the session's laps: sums of time,
// distance and energy, maxima, and timer-weighted means (NaN when no lap carries the value).
DeviceSummary sum_laps(const std::vector<Lap>& laps, const std::vector<std::size_t>& indices) {
  DeviceSummary s;
  const auto add = [](double& total, double value) {
    if (!std::isnan(value)) total = std::isnan(total) ? value : total + value;
  };
  const auto keep_max = [](double& best, double value) {
    if (!std::isnan(value) && (std::isnan(best) || value > best)) best = value;
  };
  const auto weighted_mean = [&](double DeviceSummary::*field) {
    double sum = 0, weight = 0;
    for (std::size_t i : indices) {
      const DeviceSummary& d = laps[i].device;
      if (!std::isnan(d.*field) && d.timer_s > 0) {
        sum += d.*field * d.timer_s;
        weight += d.timer_s;
      }
    }
    return weight > 0 ? sum / weight : kMissing;
  };
  for (std::size_t i : indices) {
    const DeviceSummary& d = laps[i].device;
    add(s.timer_s, d.timer_s);
    add(s.distance_m, d.distance_m);
    add(s.calories_kcal, d.calories_kcal);
    keep_max(s.max_heart_rate_bpm, d.max_heart_rate_bpm);
    keep_max(s.max_power_w, d.max_power_w);
  }
  s.avg_heart_rate_bpm = weighted_mean(&DeviceSummary::avg_heart_rate_bpm);
  s.avg_cadence_rpm = weighted_mean(&DeviceSummary::avg_cadence_rpm);
  s.avg_power_w = weighted_mean(&DeviceSummary::avg_power_w);
  return s;
}

}  // namespace

Activity read_tcx(const Source& source, const ReadOptions& options) {
  Activity activity;
  activity.name = source.name();
  activity.format = FileFormat::Tcx;
  pugi::xml_document doc;
  const xml::Positions at = xml::load_document(source, options, "TrainingCenterDatabase",
                                               "Trackpoint", doc, activity.warnings);
  xml::ValueReader values(source, options, at);
  // Session index of each Activity element, and the laps that are its children.
  std::unordered_map<pugi::xml_node_struct*, std::size_t> session_of;
  std::vector<std::vector<std::size_t>> session_laps;
  bool have_creator = false;
  const pugi::xml_node root = doc.document_element();
  const auto place = [&](std::size_t offset) { return at.at(offset, source.name()); };
  const auto place_of = [&](pugi::xml_node node) {
    return [&place, node] { return place(xml::offset_of(node)); };
  };
  for (pugi::xml_node node = root; node; node = xml::next_in_document(node, root)) {
    if (node.type() != pugi::node_element) continue;
    const std::string_view name = xml::local_name(node);
    if (name == "Trackpoint") {
      append_within(activity.records, read_trackpoint(node, values), limits::kActivityRecords,
                    place_of(node), "records", "records per activity");
    } else if (name == "Lap") {
      append_within(activity.laps, read_lap(node, values), limits::kActivityLaps, place_of(node),
                    "laps", "laps per activity");
      const auto owner = session_of.find(node.parent().internal_object());
      if (owner != session_of.end()) {
        session_laps[owner->second].push_back(activity.laps.size() - 1);
      }
    } else if (name == "Activity") {
      Session session;
      const std::string_view sport = xml::trim(node.attribute("Sport").value());
      check_text(sport, place_of(node), "Activity@Sport");
      session.sport = tcx_sport(sport);
      session.start_utc_s = values.time(child(node, "Id"), "Activity/Id");
      session_of[node.internal_object()] = activity.sessions.size();
      append_within(activity.sessions, std::move(session), limits::kActivityLaps, place_of(node),
                    "sessions", "sessions per activity");
      session_laps.emplace_back();
      const pugi::xml_node creator = child(node, "Creator");
      if (creator && !have_creator) {
        activity.device = read_creator(creator, place);
        have_creator = true;
      }
    }
  }
  for (std::size_t i = 0; i < activity.sessions.size(); ++i) {
    Session& session = activity.sessions[i];
    session.device = sum_laps(activity.laps, session_laps[i]);
    if (std::isnan(session.start_utc_s) && !session_laps[i].empty()) {
      session.start_utc_s = activity.laps[session_laps[i].front()].start_utc_s;
    }
  }
  values.append_warnings(activity.warnings);
  if (activity.records.empty()) {
    activity.warnings.push_back(
        {at.at(xml::offset_of(root)), "no Trackpoint elements: the activity has no records"});
  }
  xml::finish_activity(activity, kMissing);
  return activity;
}

}  // namespace podium::sensor
