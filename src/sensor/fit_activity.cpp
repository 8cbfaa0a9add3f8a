// FIT messages -> Activity (read.hpp `read_fit`): records, sessions, laps, timer pauses, device,
// developer channels, RR intervals, and heart rate merged from hr messages (fit_hr_merge.hpp).
// See docs/activity-files.md for what is decoded and how it compares with the goldens.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "activity_limits.hpp"
#include "fit_decode.hpp"
#include "fit_developer.hpp"
#include "fit_fields.hpp"
#include "fit_hr_events.hpp"
#include "fit_hr_merge.hpp"
#include "fit_profile.hpp"
#include "fit_stream.hpp"
#include "fit_time_checks.hpp"
#include "podium/sensor/read.hpp"

namespace podium::sensor {
namespace {

double fit_time_to_unix(double fit_s) {
  return fit_s + kFitEpochUnixS;
}

// Serial and product numbers as text; "" when absent or not a plausible integer.
std::string integer_text(double v) {
  constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53
  if (!(std::abs(v) < kMaxExactInteger)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

class ActivityBuilder : public FitSink {
 public:
  ActivityBuilder(Activity& activity, const FitIssues& issues) : a_(activity), issues_(issues) {}

  void on_message(const FitMessage& m) override {
    switch (m.definition->global) {
      case fit::kMesgRecord:
        return on_record(m);
      case fit::kMesgFileId:
        return on_file_id(m);
      case fit::kMesgSession:
        return on_session(m);
      case fit::kMesgLap:
        return on_lap(m);
      case fit::kMesgEvent:
        return on_event(m);
      case fit::kMesgDeviceInfo:
        return on_device_info(m);
      case fit::kMesgHrv:
        return on_hrv(m);
      case fit::kMesgHr:
        return on_hr(m);
      case fit::kMesgFieldDescription:
        return developer_.on_field_description(m, a_, issues_);
      case fit::kMesgDeveloperDataId:
        return developer_.on_developer_data_id(m, a_);
      default:
        return;  // messages podium does not use are skipped by size
    }
  }

  // After decoding `input_bytes`: heart rate merge, channel padding, sport and start, time sanity
  // warnings, and the closing warning of an activity without records (read.hpp).
  void finish(std::size_t input_bytes);

 private:
  // Where a message's limit error is placed: its header byte.
  auto at(const FitMessage& m) const {
    return [this, offset = m.offset] { return issues_.at(offset); };
  }

  double message_time(const FitMessage& m) const {
    if (m.has_header_time) return fit_time_to_unix(m.header_time);
    double t = fit_number(m, fit::kFieldTimestamp);
    return std::isnan(t) ? kMissing : fit_time_to_unix(t);
  }

  void on_record(const FitMessage& m);
  void on_file_id(const FitMessage& m);
  void on_session(const FitMessage& m);
  void on_lap(const FitMessage& m);
  void on_event(const FitMessage& m);
  void on_device_info(const FitMessage& m);
  void on_hrv(const FitMessage& m);
  void on_hr(const FitMessage& m);
  DeviceSummary summary(const FitMessage& m, const fit::SummaryFields& f) const;
  void merge_hr_messages();

  Activity& a_;
  const FitIssues& issues_;
  std::vector<std::size_t> record_offsets_;
  bool have_file_id_ = false;
  bool have_creator_ = false;
  // Compressed speed/distance: distance is a 12-bit rolling counter accumulated over records.
  bool have_distance_counter_ = false;
  std::uint32_t distance_last_ = 0;
  std::uint64_t distance_total_16ths_ = 0;
  // Timer state for pauses.
  bool timer_stopped_ = false;
  double stopped_at_ = kMissing;
  // hr messages (132) and the accumulated event_timestamp counter.
  std::vector<HrMessage> hr_messages_;
  std::size_t first_hr_offset_ = 0;
  std::uint64_t hr_beats_ = 0;
  HrEventTimes event_times_;
  FitDeveloperData developer_;
};

void ActivityBuilder::on_record(const FitMessage& m) {
  Record r;
  const bool little = m.definition->little_endian;
  double altitude16 = kMissing, altitude32 = kMissing;
  double speed16 = kMissing, speed32 = kMissing, speed_compressed = kMissing;
  for (const FitFieldDef& f : m.definition->fields) {
    if (!f.usable) continue;
    const std::uint8_t* p = m.data + f.offset;
    switch (f.number) {
      case fit::kFieldTimestamp:
        if (!m.has_header_time)
          r.time_utc_s = fit_time_to_unix(fit_element(f.base_type, p, little));
        break;
      case fit::kRecordPositionLat:
        r.lat_deg = fit_element(f.base_type, p, little) * fit::kSemicirclesToDeg;
        break;
      case fit::kRecordPositionLong:
        r.lon_deg = fit_element(f.base_type, p, little) * fit::kSemicirclesToDeg;
        break;
      case fit::kRecordAltitude:
        altitude16 =
            fit_element(f.base_type, p, little) / fit::kAltitudeScale - fit::kAltitudeOffsetM;
        break;
      case fit::kRecordEnhancedAltitude:
        altitude32 =
            fit_element(f.base_type, p, little) / fit::kAltitudeScale - fit::kAltitudeOffsetM;
        break;
      case fit::kRecordHeartRate:
        r.heart_rate_bpm = fit_element(f.base_type, p, little);
        break;
      case fit::kRecordCadence:
        r.cadence_rpm = fit_element(f.base_type, p, little);
        break;
      case fit::kRecordDistance:
        r.distance_m = fit_element(f.base_type, p, little) / fit::kDistanceScale;
        break;
      case fit::kRecordSpeed:
        speed16 = fit_element(f.base_type, p, little) / fit::kSpeedScale;
        break;
      case fit::kRecordEnhancedSpeed:
        speed32 = fit_element(f.base_type, p, little) / fit::kSpeedScale;
        break;
      case fit::kRecordPower:
        r.power_w = fit_element(f.base_type, p, little);
        break;
      case fit::kRecordTemperature:
        r.temperature_c = fit_element(f.base_type, p, little);
        break;
      case fit::kRecordCompressedSpeedDistance: {
        // Three bytes: speed in the low 12 bits (1/100 m/s), a distance counter in the high 12
        // bits (1/16 m) that rolls over; all 0xFF means not present.
        if (f.size < 3 || (p[0] == 0xFF && p[1] == 0xFF && p[2] == 0xFF)) break;
        std::uint32_t speed = p[0] | ((p[1] & 0x0Fu) << 8);
        std::uint32_t counter = (p[1] >> 4) | (static_cast<std::uint32_t>(p[2]) << 4);
        speed_compressed = speed / 100.0;
        if (!have_distance_counter_) {
          distance_total_16ths_ = counter;
          have_distance_counter_ = true;
        } else {
          distance_total_16ths_ += (counter - distance_last_) & 0xFFFu;
        }
        distance_last_ = counter;
        r.distance_m = static_cast<double>(distance_total_16ths_) / 16.0;
        break;
      }
      default:
        break;
    }
  }
  if (m.has_header_time) r.time_utc_s = fit_time_to_unix(m.header_time);
  // The 16-bit fields win when valid: Garmin's SDK expands them into the enhanced fields,
  // replacing what the file wrote there (the values agree wherever both are in range).
  r.altitude_m = std::isnan(altitude16) ? altitude32 : altitude16;
  r.speed_mps = !std::isnan(speed_compressed) ? speed_compressed
                : !std::isnan(speed16)        ? speed16
                                              : speed32;
  append_within(a_.records, r, limits::kActivityRecords, at(m), "records", "records per activity");
  record_offsets_.push_back(m.offset);
  if (!m.definition->developer_fields.empty())
    developer_.on_record(m, a_.records.size() - 1, a_, issues_);
  if (!a_.developer.empty()) FitDeveloperData::check_values(m, a_, issues_);
}

void ActivityBuilder::on_file_id(const FitMessage& m) {
  if (have_file_id_) return;  // chained files: the first file names the device
  have_file_id_ = true;
  int manufacturer = fit_enum(m, fit::kFileIdManufacturer, -1);
  if (manufacturer >= 0) a_.device.manufacturer = fit::manufacturer_name(manufacturer);
  a_.device.product = integer_text(fit_number(m, fit::kFileIdProduct));
  a_.device.serial = integer_text(fit_number(m, fit::kFileIdSerialNumber));
}

void ActivityBuilder::on_device_info(const FitMessage& m) {
  if (have_creator_ || fit_enum(m, fit::kDeviceInfoIndex, -1) != 0) return;
  have_creator_ = true;
  double software = fit_number(m, fit::kDeviceInfoSoftwareVersion);
  if (!std::isnan(software)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", software / fit::kSoftwareVersionScale);
    a_.device.software = buf;
  }
  if (a_.device.serial.empty())
    a_.device.serial = integer_text(fit_number(m, fit::kDeviceInfoSerialNumber));
}

DeviceSummary ActivityBuilder::summary(const FitMessage& m, const fit::SummaryFields& f) const {
  DeviceSummary s;
  s.elapsed_s = fit_number(m, fit::kSummaryElapsedTime) / fit::kSummaryTimeScale;
  s.timer_s = fit_number(m, fit::kSummaryTimerTime) / fit::kSummaryTimeScale;
  s.distance_m = fit_number(m, fit::kSummaryDistance) / fit::kDistanceScale;
  s.calories_kcal = fit_number(m, fit::kSummaryCalories);
  s.avg_heart_rate_bpm = fit_number(m, f.avg_heart_rate);
  s.max_heart_rate_bpm = fit_number(m, f.max_heart_rate);
  s.avg_cadence_rpm = fit_number(m, f.avg_cadence);
  s.avg_power_w = fit_number(m, f.avg_power);
  s.max_power_w = fit_number(m, f.max_power);
  s.ascent_m = fit_number(m, f.ascent);
  s.normalized_power_w = fit_number(m, f.normalized_power);
  s.work_j = fit_number(m, f.work);
  if (f.training_stress_score != fit::kNoField)
    s.training_stress_score = fit_number(m, f.training_stress_score) / fit::kTssScale;
  if (f.intensity_factor != fit::kNoField)
    s.intensity_factor = fit_number(m, f.intensity_factor) / fit::kIntensityFactorScale;
  if (f.threshold_power != fit::kNoField) s.threshold_power_w = fit_number(m, f.threshold_power);
  return s;
}

void ActivityBuilder::on_session(const FitMessage& m) {
  Session s;
  int sport = fit_enum(m, fit::kSessionSport, -1);
  int sub_sport = fit_enum(m, fit::kSessionSubSport, -1);
  if (sport >= 0) s.sport = fit::sport_name(sport);
  if (sub_sport >= 0) s.sub_sport = fit::sub_sport_name(sub_sport);
  double start = fit_number(m, fit::kSummaryStartTime);
  s.start_utc_s = std::isnan(start) ? kMissing : fit_time_to_unix(start);
  s.device = summary(m, fit::kSessionFields);
  append_within(a_.sessions, s, limits::kActivityLaps, at(m), "sessions", "sessions per activity");
}

void ActivityBuilder::on_lap(const FitMessage& m) {
  Lap lap;
  double start = fit_number(m, fit::kSummaryStartTime);
  lap.start_utc_s = std::isnan(start) ? kMissing : fit_time_to_unix(start);
  lap.device = summary(m, fit::kLapFields);
  append_within(a_.laps, lap, limits::kActivityLaps, at(m), "laps", "laps per activity");
}

void ActivityBuilder::on_event(const FitMessage& m) {
  if (fit_enum(m, fit::kEventEvent, -1) != fit::kEventTimer) return;
  int event_type = fit_enum(m, fit::kEventType, -1);
  double t = message_time(m);
  if (event_type < 0 || std::isnan(t)) return;
  bool stop = event_type == fit::kEventTypeStop || event_type == fit::kEventTypeStopAll ||
              event_type == fit::kEventTypeStopDisable ||
              event_type == fit::kEventTypeStopDisableAll;
  if (stop && !timer_stopped_) {
    timer_stopped_ = true;
    stopped_at_ = t;
  } else if (event_type == fit::kEventTypeStart && timer_stopped_) {
    timer_stopped_ = false;
    append_within(a_.pauses, Pause{stopped_at_, t}, limits::kActivityLaps, at(m), "timer pauses",
                  "timer pauses per activity");
  }
}

void ActivityBuilder::on_hrv(const FitMessage& m) {
  for (double v : fit_numbers(m, fit::kHrvTime))
    if (!std::isnan(v)) {
      append_within(a_.rr_intervals_s, v / fit::kHrvTimeScale, limits::kActivityRecords, at(m),
                    "RR intervals", "RR intervals per activity");
    }
}

void ActivityBuilder::on_hr(const FitMessage& m) {
  if (hr_messages_.empty()) first_hr_offset_ = m.offset;
  HrMessage hr{kMissing, {}, fit_numbers(m, fit::kHrFilteredBpm)};
  double t = message_time(m);
  if (!std::isnan(t)) {
    double fraction = fit_number(m, fit::kHrFractionalTimestamp) / fit::kHrFractionalScale;
    double time256 = fit_number(m, fit::kHrTime256);
    if (!std::isnan(time256)) fraction = time256 / fit::kHrTime256Scale;
    hr.anchor_time_s = t - kFitEpochUnixS + (std::isnan(fraction) ? 0.0 : fraction);
  }
  hr.event_times_s = event_times_.read(m);
  // The beats hr messages carry are samples like records (a message without any counts as one).
  hr_beats_ += std::max<std::size_t>({1, hr.bpm.size(), hr.event_times_s.size()});
  if (hr_beats_ > limits::kActivityRecords) {
    throw limits::exceeded(issues_.at(m.offset), "heart beats (hr messages)", hr_beats_,
                           limits::kActivityRecords, "heart beats per activity");
  }
  hr_messages_.push_back(std::move(hr));
}

void ActivityBuilder::merge_hr_messages() {
  if (hr_messages_.empty() || a_.records.empty()) return;
  std::vector<HrSample> beats;
  std::string why;
  if (!expand_heart_rates(hr_messages_, limits::kActivityRecords, beats, why)) {
    issues_.report(first_hr_offset_, "hr messages not merged into records: " + why);
    return;
  }
  std::vector<double> times, hr;
  times.reserve(a_.records.size());
  hr.reserve(a_.records.size());
  for (const Record& r : a_.records) {
    times.push_back(r.time_utc_s - kFitEpochUnixS);
    hr.push_back(r.heart_rate_bpm);
  }
  merge_heart_rates(beats, times, hr);
  for (std::size_t i = 0; i < hr.size(); ++i)
    a_.records[i].heart_rate_bpm = hr[i];
}

void ActivityBuilder::finish(std::size_t input_bytes) {
  merge_hr_messages();
  developer_.finish(a_);
  if (!a_.sessions.empty()) {
    a_.sport = a_.sessions.front().sport;
    for (const Session& s : a_.sessions)
      if (s.sport != a_.sport) a_.sport = "multisport";
    a_.start_utc_s = a_.sessions.front().start_utc_s;
  }
  if (std::isnan(a_.start_utc_s))
    for (const Record& r : a_.records)
      if (!std::isnan(r.time_utc_s)) {
        a_.start_utc_s = r.time_utc_s;
        break;
      }
  warn_about_record_times(a_, record_offsets_);
  if (a_.records.empty()) {
    a_.warnings.push_back(
        {Place{.byte = input_bytes}, "no record messages: the activity has no records"});
  }
}

}  // namespace

Activity read_fit(const Source& source, const ReadOptions& options) {
  Activity activity;
  activity.name = source.name();
  activity.format = FileFormat::Fit;
  FitIssues issues{source.name(), options.strict, &activity.warnings};
  ActivityBuilder builder(activity, issues);
  decode_fit(source.bytes(), issues, builder);
  if (issues.unlisted > 0) {
    activity.warnings.push_back({Place{.byte = source.bytes().size()},
                                 std::to_string(issues.unlisted) +
                                     " more problems in the file, not listed (podium lists " +
                                     std::to_string(limits::kActivityWarnings) + ")"});
  }
  builder.finish(source.bytes().size());
  return activity;
}

}  // namespace podium::sensor
