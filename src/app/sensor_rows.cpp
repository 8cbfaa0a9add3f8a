#include "sensor_rows.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "podium/core/numbers.hpp"

namespace podium::app {
namespace {

using sensor::ActivityAnalysis;
using sensor::Series;
using sensor::Thresholds;
using store::AthleteSettings;

struct StoredChannel {
  const char* name;
  double scale;  // quantum in the channel's unit: interpolated samples carry fractions
  std::vector<double> Series::*values;
  // The series fills absent power and heart rate with 0: they are kept only when the file has
  // them, and this flag says so on the way back. nullptr: absent means NaN.
  bool Series::*present;
};

constexpr StoredChannel kChannels[] = {
    {"power_w", 0.1, &Series::power_w, &Series::has_power},
    {"heart_rate_bpm", 0.1, &Series::heart_rate_bpm, &Series::has_heart_rate},
    {"cadence_rpm", 0.1, &Series::cadence_rpm, nullptr},
    {"speed_mps", 0.001, &Series::speed_mps, nullptr},
    {"distance_m", 0.01, &Series::distance_m, nullptr},
    {"altitude_m", 0.01, &Series::altitude_m, nullptr},
    {"lat_deg", 1e-7, &Series::lat_deg, nullptr},
    {"lon_deg", 1e-7, &Series::lon_deg, nullptr},
    {"temperature_c", 0.1, &Series::temperature_c, nullptr},
};
constexpr const char* kSecsChannel = "secs";

template <std::size_t kSeconds>
double mmp_at(const ActivityAnalysis& a) {
  return kSeconds < a.mmp.watts.size() ? a.mmp.watts[kSeconds] : kNaN;
}

// A section's metric, NaN when the section was not computed (non-finite values are not stored).
template <auto kMember>
double power(const ActivityAnalysis& a) {
  return a.metrics.power ? (*a.metrics.power).*kMember : kNaN;
}
template <auto kMember>
double heart_rate(const ActivityAnalysis& a) {
  return a.metrics.heart_rate ? (*a.metrics.heart_rate).*kMember : kNaN;
}

struct StoredMetric {
  const char* name;
  double (*value)(const ActivityAnalysis&);
};

constexpr StoredMetric kMetrics[] = {
    {"duration_s", [](const ActivityAnalysis& a) { return a.metrics.duration_s; }},
    {"elapsed_s", [](const ActivityAnalysis& a) { return a.metrics.elapsed_s; }},
    {"moving_s", [](const ActivityAnalysis& a) { return a.metrics.moving_s; }},
    {"distance_m", [](const ActivityAnalysis& a) { return a.metrics.distance_m; }},
    {"elevation_gain_m", [](const ActivityAnalysis& a) { return a.metrics.elevation_gain_m; }},
    {"avg_power_w", power<&sensor::PowerMetrics::avg_w>},
    {"np_gc_w", power<&sensor::PowerMetrics::np_gc_w>},
    {"np_coggan_w", power<&sensor::PowerMetrics::np_coggan_w>},
    {"xpower_w", power<&sensor::PowerMetrics::xpower_w>},
    {"if_gc", power<&sensor::PowerMetrics::if_gc>},
    {"tss_gc", power<&sensor::PowerMetrics::tss_gc>},
    {"tss_coggan", power<&sensor::PowerMetrics::tss_coggan>},
    {"work_kj", power<&sensor::PowerMetrics::work_kj>},
    {"avg_hr_bpm", heart_rate<&sensor::HeartRateMetrics::avg_bpm>},
    {"trimp_banister_gc", heart_rate<&sensor::HeartRateMetrics::trimp_banister_gc>},
    {"trimp_edwards", heart_rate<&sensor::HeartRateMetrics::trimp_edwards>},
    {"mmp_5_w", mmp_at<5>},
    {"mmp_60_w", mmp_at<60>},
    {"mmp_300_w", mmp_at<300>},
    {"mmp_1200_w", mmp_at<1200>},
    {"mmp_3600_w", mmp_at<3600>},
    {"wbal_min_j",
     [](const ActivityAnalysis& a) { return a.wbal_integral ? a.wbal_integral->min_j : kNaN; }},
};

struct SettingsField {
  double Thresholds::*thresholds;
  double AthleteSettings::*settings;
};
constexpr SettingsField kSettingsFields[] = {
    {&Thresholds::ftp_w, &AthleteSettings::ftp_w},
    {&Thresholds::cp_w, &AthleteSettings::cp_w},
    {&Thresholds::wprime_j, &AthleteSettings::wprime_j},
    {&Thresholds::weight_kg, &AthleteSettings::weight_kg},
    {&Thresholds::hr_max_bpm, &AthleteSettings::hr_max_bpm},
    {&Thresholds::hr_rest_bpm, &AthleteSettings::hr_rest_bpm},
};
// Zones a store row leaves empty mean the defaults.
struct ZonesField {
  std::vector<double> Thresholds::*thresholds;
  std::vector<double> AthleteSettings::*settings;
};
constexpr ZonesField kZonesFields[] = {
    {&Thresholds::power_zones, &AthleteSettings::power_zones},
    {&Thresholds::hr_zones, &AthleteSettings::hr_zones},
};

void add_channel(store::ActivityRecord& r, const std::string& name, double scale,
                 const std::vector<double>& values) {
  if (std::none_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); })) {
    return;
  }
  r.channels.push_back({name, scale, values});
}

}  // namespace

std::vector<std::string> warning_lines(const std::string& file_name,
                                       const sensor::Activity& activity) {
  std::vector<std::string> out;
  for (const sensor::ReadWarning& w : activity.warnings)
    out.push_back(w.text(file_name));
  return out;
}

store::ActivityRecord to_store_record(const FileIdentity& file, const sensor::Activity& activity,
                                      const ActivityAnalysis& analysis,
                                      const std::string& athlete) {
  store::ActivityRecord r;
  r.athlete_id = athlete;
  r.content_sha256 = file.sha256;
  r.file_name = file.file_name;
  r.format = sensor::file_format_name(activity.format);
  r.sport = activity.sport;
  r.start_utc_s = activity.start_utc_s;
  r.device = activity.device.manufacturer + " " + activity.device.product;
  r.samples = static_cast<std::int64_t>(activity.records.size());
  r.warnings = warning_lines(file.file_name, activity);
  r.summary_json = sensor::summary_json(activity).dump();

  const Series& s = analysis.series;
  add_channel(r, kSecsChannel, 1, std::vector<double>(s.secs.begin(), s.secs.end()));
  for (const StoredChannel& c : kChannels) {
    if (c.present == nullptr || s.*c.present) add_channel(r, c.name, c.scale, s.*c.values);
  }
  for (const StoredMetric& m : kMetrics) {
    const double v = m.value(analysis);
    if (std::isfinite(v)) r.metrics.emplace_back(m.name, v);
  }
  const std::vector<double>& mmp = analysis.mmp.watts;
  if (mmp.size() > 1) r.mmp_w.assign(mmp.begin() + 1, mmp.end());
  return r;
}

Series series_from_store(const store::ActivityRecord& r) {
  const auto find = [&](const std::string& name) -> const std::vector<double>* {
    for (const store::Channel& c : r.channels)
      if (c.name == name) return &c.values;
    return nullptr;
  };
  Series s;
  s.start_utc_s = r.start_utc_s;
  const std::vector<double>* secs = find(kSecsChannel);
  const std::size_t n = secs ? secs->size() : 0;
  for (std::size_t i = 0; i < n; ++i)
    s.secs.push_back(static_cast<std::int32_t>(std::lround((*secs)[i])));
  for (const StoredChannel& c : kChannels) {
    const std::vector<double>* v = find(c.name);
    const bool found = v != nullptr && v->size() == n;
    if (found) {
      s.*c.values = *v;
    } else {
      (s.*c.values).assign(n, c.present ? 0.0 : sensor::kMissing);
    }
    if (c.present) s.*c.present = found;
  }
  s.flags.assign(n, 0);
  return s;
}

Thresholds to_thresholds(const AthleteSettings& s) {
  Thresholds t;
  for (const SettingsField& f : kSettingsFields)
    t.*f.thresholds = s.*f.settings;
  for (const ZonesField& f : kZonesFields)
    if (!(s.*f.settings).empty()) t.*f.thresholds = s.*f.settings;
  t.female = s.female;
  return t;
}

AthleteSettings to_settings(const Thresholds& t, std::int32_t effective_from_day) {
  AthleteSettings s;
  s.effective_from_day = effective_from_day;
  for (const SettingsField& f : kSettingsFields)
    s.*f.settings = t.*f.thresholds;
  for (const ZonesField& f : kZonesFields)
    s.*f.settings = t.*f.thresholds;
  s.female = t.female;
  return s;
}

}  // namespace podium::app
