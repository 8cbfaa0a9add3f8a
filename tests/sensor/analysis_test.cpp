// The sensor entry points without the CLI: analyze_activity (developer-power fallback, the
// two-day limit, every stage filled), analyze_series, resolve_thresholds (precedence, the FTP/CP
// coupling, validation) and the JSON / table writers.
#include "podium/sensor/analysis.hpp"
#include "testkit/throws_error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "podium/core/error.hpp"
#include "synthetic_ride.hpp"

namespace podium::sensor {
namespace {

using testkit::ThrowsError;

constexpr double kStartUtcS = 1700000000.0;

// One record per second of the synthetic ride, heart rate following power.
Activity ride(std::size_t seconds) {
  Activity a;
  a.start_utc_s = kStartUtcS;
  a.sport = "cycling";
  for (std::size_t i = 0; i < seconds; ++i) {
    Record r;
    r.time_utc_s = kStartUtcS + static_cast<double>(i);
    a.records.push_back(r);
  }
  const std::vector<std::int32_t> watts = testing::synthetic_ride(seconds, 42);
  for (std::size_t i = 0; i < seconds; ++i) {
    a.records[i].power_w = watts[i];
    a.records[i].heart_rate_bpm = 100 + watts[i] / 5.0;
  }
  return a;
}

Session session_with_threshold(double threshold_w) {
  Session s;
  s.sport = "cycling";
  s.start_utc_s = kStartUtcS;
  s.device.threshold_power_w = threshold_w;
  return s;
}

TEST(AnalyzeActivity, FillsEveryStageOfAPowerRide) {
  const Activity a = ride(3600);
  Thresholds t;
  t.cp_w = 260;
  const ActivityAnalysis r = analyze_activity(a, t, {});
  EXPECT_EQ(r.series.size(), 3600u);
  ASSERT_TRUE(r.metrics.power.has_value());
  ASSERT_TRUE(r.metrics.heart_rate.has_value());
  EXPECT_EQ(r.mmp.watts.size(), 3601u);
  EXPECT_TRUE(r.cp2_linear && r.cp2_cherrypick && r.morton3);
  ASSERT_TRUE(r.wbal_integral && r.wbal_differential);
  EXPECT_EQ(r.wbal_integral->wbal_j.size(), 3600u);
  EXPECT_EQ(r.thresholds.cp_w, 260);
  EXPECT_TRUE(r.notes.empty());
  // The same from the cleaned series.
  const ActivityAnalysis s = analyze_series(clean(a, {}), t);
  EXPECT_EQ(s.mmp.watts, r.mmp.watts);
  EXPECT_EQ(s.metrics.power->np_gc_w, r.metrics.power->np_gc_w);
  EXPECT_EQ(s.wbal_differential->min_j, r.wbal_differential->min_j);
}

TEST(AnalyzeActivity, WithoutPowerHasMetricsButNoCurve) {
  Activity a = ride(600);
  for (Record& r : a.records)
    r.power_w = kMissing;
  const ActivityAnalysis r = analyze_activity(a, {}, {});
  EXPECT_FALSE(r.metrics.power.has_value());
  EXPECT_TRUE(r.metrics.heart_rate.has_value());
  EXPECT_TRUE(r.mmp.watts.empty());
  EXPECT_FALSE(r.cp2_linear || r.cp2_cherrypick || r.cp3_cherrypick || r.morton3);
  EXPECT_FALSE(r.wbal_integral || r.wbal_differential);
  EXPECT_TRUE(r.notes.empty());
}

TEST(AnalyzeActivity, UsesDeveloperPowerOnlyWhenTheFileHasNoNativePower) {
  Activity a = ride(600);
  NamedChannel stryd{"Power", "Watts", {}};
  for (Record& r : a.records) {
    stryd.values.push_back(r.power_w);
    r.power_w = kMissing;
  }
  a.developer.push_back(stryd);
  const ActivityAnalysis r = analyze_activity(a, {}, {});
  ASSERT_TRUE(r.metrics.power.has_value());
  EXPECT_EQ(r.mmp.watts.size(), 601u);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0],
            "power taken from the developer field 'Power' (Watts): the file has no native power");
  EXPECT_TRUE(std::isnan(a.records[0].power_w)) << "the activity itself is left alone";

  // One native power value anywhere: the developer field is ignored.
  a.records[300].power_w = 150;
  EXPECT_TRUE(analyze_activity(a, {}, {}).notes.empty());
  a.records[300].power_w = kMissing;
  // Another unit, another name or another length: not power.
  struct NotPower {
    const char* name;
    const char* units;
    std::size_t extra_values;
  };
  for (const NotPower& c :
       {NotPower{"Power", "%", 0}, NotPower{"Form Power", "Watts", 0}, NotPower{"Power", "W", 1}}) {
    Activity b = a;
    b.developer[0].name = c.name;
    b.developer[0].units = c.units;
    b.developer[0].values.resize(b.developer[0].values.size() + c.extra_values);
    EXPECT_FALSE(analyze_activity(b, {}, {}).metrics.power.has_value()) << c.name << " " << c.units;
  }
  Activity w = a;
  w.developer[0].units = "w";
  EXPECT_TRUE(analyze_activity(w, {}, {}).metrics.power.has_value()) << "units in any case";
}

TEST(AnalyzeActivity, NotesAFileWithoutRecords) {
  Activity a;
  a.sessions.push_back(session_with_threshold(300));
  const ActivityAnalysis r = analyze_activity(a, {}, {});
  EXPECT_EQ(r.series.size(), 0u);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0], "the file has no records: only the device's own summaries, no metrics");
}

TEST(AnalyzeActivity, SkipsTheCurvePastTwoDays) {
  Activity a = ride(600);
  Record late = a.records.back();
  late.time_utc_s = kStartUtcS + kMaxCurveSeconds + 1;
  a.records.push_back(late);
  const ActivityAnalysis r = analyze_activity(a, {}, {});
  EXPECT_TRUE(r.metrics.power.has_value());
  EXPECT_TRUE(r.mmp.watts.empty());
  EXPECT_FALSE(r.cp2_cherrypick || r.wbal_integral);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0],
            "power-duration curve, CP and W'bal skipped: the series spans more than two days "
            "(GoldenCheetah's limit)");
  // Exactly at the limit the curve is still computed.
  a.records.back().time_utc_s = kStartUtcS + kMaxCurveSeconds;
  EXPECT_EQ(analyze_activity(a, {}, {}).mmp.watts.size(),
            static_cast<std::size_t>(kMaxCurveSeconds) + 2);
}

TEST(AnalyzeActivity, RejectsInvalidThresholds) {
  Thresholds t;
  t.ftp_w = -5;
  EXPECT_THROW(analyze_activity(ride(60), t, {}), Error);
}

TEST(ResolveThresholds, PrecedenceAndSource) {
  Thresholds stored;
  stored.ftp_w = stored.cp_w = 310;
  stored.hr_max_bpm = 181;

  ResolvedThresholds r = resolve_thresholds({}, std::nullopt, std::nullopt);
  EXPECT_EQ(r.source, "defaults");
  EXPECT_EQ(r.thresholds.ftp_w, Thresholds{}.ftp_w);

  r = resolve_thresholds({}, std::nullopt, 275.0);
  EXPECT_EQ(r.source, "device threshold power");
  EXPECT_EQ(r.thresholds.ftp_w, 275);
  EXPECT_EQ(r.thresholds.cp_w, 275);

  r = resolve_thresholds({}, stored, 275.0);
  EXPECT_EQ(r.source, "athlete settings");
  EXPECT_EQ(r.thresholds.ftp_w, 310);
  EXPECT_EQ(r.thresholds.hr_max_bpm, 181);

  r = resolve_thresholds({.hr_rest_bpm = 45}, stored, std::nullopt);
  EXPECT_EQ(r.source, "athlete settings + command line");
  EXPECT_EQ(r.thresholds.hr_rest_bpm, 45);
  EXPECT_EQ(r.thresholds.ftp_w, 310);
}

TEST(ResolveThresholds, FtpOverrideMovesAnEqualCpUnlessCpIsGiven) {
  Thresholds stored;
  stored.ftp_w = stored.cp_w = 300;
  ResolvedThresholds r = resolve_thresholds({.ftp_w = 280}, stored, std::nullopt);
  EXPECT_EQ(r.thresholds.ftp_w, 280);
  EXPECT_EQ(r.thresholds.cp_w, 280);
  r = resolve_thresholds({.ftp_w = 280, .cp_w = 295}, stored, std::nullopt);
  EXPECT_EQ(r.thresholds.cp_w, 295);
  stored.cp_w = 320;  // a CP of its own stays
  r = resolve_thresholds({.ftp_w = 280}, stored, std::nullopt);
  EXPECT_EQ(r.thresholds.cp_w, 320);
  r = resolve_thresholds({.wprime_j = 18000, .hr_max_bpm = 200}, std::nullopt, 250.0);
  EXPECT_EQ(r.source, "device threshold power + command line");
  EXPECT_EQ(r.thresholds.wprime_j, 18000);
  EXPECT_EQ(r.thresholds.hr_max_bpm, 200);
}

TEST(ResolveThresholds, ValidatesTheResult) {
  EXPECT_THAT([&] { resolve_thresholds({.hr_rest_bpm = 200}, std::nullopt, std::nullopt); },
              ThrowsError(ErrorKind::InvalidInput, "hr_rest_bpm = 200: must be in (15, 150]"));
}

TEST(DeviceThresholdPower, FirstSessionWithOne) {
  Activity a;
  EXPECT_FALSE(device_threshold_power(a).has_value());
  a.sessions = {session_with_threshold(kMissing), session_with_threshold(0),
                session_with_threshold(265), session_with_threshold(300)};
  EXPECT_EQ(device_threshold_power(a), 265.0);
}

TEST(AnalysisJson, KeysAndNulls) {
  const nlohmann::json j = to_json(analyze_activity(ride(1300), {}, {}));
  for (const char* key : {"thresholds", "series", "metrics", "mmp_w", "cp", "wbal"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j.size(), 6u);
  EXPECT_EQ(j["series"]["samples"], 1300);
  EXPECT_TRUE(j["mmp_w"].contains("1200"));
  EXPECT_FALSE(j["mmp_w"].contains("1800"));
  EXPECT_EQ(j["cp"]["cp2_linear"]["model"], "cp2_linear_work_time");
  EXPECT_TRUE(j["cp"]["cp2_cherrypick"]["pmax_w"].is_null()) << "NaN for a 2-parameter model";
  EXPECT_TRUE(j["wbal"]["differential_skiba2015"]["tau_s"].is_null());
  EXPECT_FALSE(j["thresholds"].contains("source")) << "where thresholds came from is the caller's";

  Activity none = ride(60);
  for (Record& r : none.records)
    r.power_w = kMissing;
  const nlohmann::json n = to_json(analyze_activity(none, {}, {}));
  EXPECT_EQ(n["mmp_w"], nlohmann::json::object());
  EXPECT_TRUE(n["cp"]["morton3"].is_null());
  EXPECT_TRUE(n["wbal"]["integral_skiba2012"].is_null());
}

TEST(SummaryJson, WhatTheFileSaidBeyondItsSamples) {
  Activity a = ride(10);
  a.device = {"garmin", "edge500", "12345", "3.1"};
  a.sessions.push_back(session_with_threshold(280));
  a.laps.resize(3);
  a.pauses.resize(2);
  a.developer.push_back({"Form Power", "Watts", std::vector<double>(10, 50.0)});
  const nlohmann::json j = summary_json(a);
  EXPECT_EQ(j["sport"], "cycling");
  EXPECT_EQ(j["start"], "2023-11-14T22:13:20Z");
  EXPECT_EQ(
      j["device"],
      (nlohmann::json{{"manufacturer", "garmin"}, {"product", "edge500"}, {"software", "3.1"}}))
      << "never the serial number";
  EXPECT_EQ(j["laps"], 3);
  EXPECT_EQ(j["pauses"], 2);
  EXPECT_EQ(j["developer_channels"], nlohmann::json::array({"Form Power"}));
  ASSERT_EQ(j["sessions"].size(), 1u);
  EXPECT_EQ(j["sessions"][0]["device"]["threshold_power_w"], 280.0);
  EXPECT_TRUE(j["sessions"][0]["device"]["avg_power_w"].is_null());
  EXPECT_EQ(summary_json(Activity{})["start"], "") << "an unknown start";
}

TEST(FormatAnalysis, SectionsOnlyWhenComputed) {
  const std::string full = format_analysis(analyze_activity(ride(1300), {}, {}));
  EXPECT_NE(full.find("\nmean-maximal power\n"), std::string::npos);
  EXPECT_NE(full.find("    1200 s  "), std::string::npos);
  EXPECT_NE(full.find("\ncritical power (this ride's curve)\n"), std::string::npos);
  EXPECT_NE(full.find("\nW'bal minimum: integral "), std::string::npos);
  Activity none = ride(60);
  for (Record& r : none.records)
    r.power_w = kMissing;
  const std::string bare = format_analysis(analyze_activity(none, {}, {}));
  EXPECT_EQ(bare.find("mean-maximal power"), std::string::npos);
  EXPECT_EQ(bare.find("critical power"), std::string::npos);
  EXPECT_EQ(bare.find("W'bal"), std::string::npos);
}

}  // namespace
}  // namespace podium::sensor
