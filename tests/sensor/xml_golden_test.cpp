// Every .tcx / .gpx file in the shared data against its golden (`xml` section, made by
// ../shared/tools/activity-ref ref.mjs with an independent DOM walk): record count, per-channel
// count and sum (1e-6 relative), positions, first/last timestamp (to the millisecond), and for
// TCX the activities (sport, Id, laps) and lap totals.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "podium/core/file.hpp"
#include "podium/sensor/read.hpp"

namespace podium::sensor {
namespace {

namespace fs = std::filesystem;

fs::path shared_activities() {
  const char* env = std::getenv("PODIUM_SHARED_DATA");
  return fs::path(env != nullptr ? env : "../shared/data") / "activities";
}

std::vector<fs::path> xml_files() {
  std::vector<fs::path> files;
  if (!fs::is_directory(shared_activities())) return files;
  for (const auto& entry : fs::directory_iterator(shared_activities())) {
    const std::string ext = entry.path().extension().string();
    if (ext == ".tcx" || ext == ".gpx") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// UTC seconds -> "YYYY-MM-DDThh:mm:ss.mmmZ" as JavaScript's toISOString writes it, via
// std::chrono's calendar (independent of the reader's own date arithmetic).
std::string iso(double t) {
  using namespace std::chrono;
  const auto ms = static_cast<long long>(std::llround(t * 1000.0));
  const sys_time<milliseconds> tp{milliseconds{ms}};
  const auto day = floor<days>(tp);
  const year_month_day ymd{day};
  const hh_mm_ss<milliseconds> hms{tp - day};
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                static_cast<int>(hms.subseconds().count()));
  return text;
}

void expect_channel(const nlohmann::json& golden, const std::vector<Record>& records,
                    double Record::*field, const std::string& what) {
  std::size_t n = 0;
  double sum = 0;
  for (const Record& r : records) {
    if (std::isfinite(r.*field)) {
      ++n;
      sum += r.*field;
    }
  }
  EXPECT_EQ(n, golden.at("n").get<std::size_t>()) << what;
  if (n > 0 && golden.contains("sum")) {
    const double expected = golden.at("sum").get<double>();
    EXPECT_NEAR(sum, expected, 1e-6 * std::max(1.0, std::abs(expected))) << what;
  }
}

void expect_matches_golden(const fs::path& file) {
  const fs::path golden_path =
      shared_activities() / "golden" / (file.filename().string() + ".json");
  ASSERT_TRUE(fs::exists(golden_path)) << golden_path;
  const nlohmann::json golden = nlohmann::json::parse(read_file(golden_path.string())).at("xml");
  const nlohmann::json& g = golden.at("records");
  const Source source = Source::from_file(file.string());
  const bool tcx = file.extension() == ".tcx";
  const Activity a = tcx ? read_tcx(source, {}) : read_gpx(source, {});

  ASSERT_EQ(a.records.size(), g.at("n").get<std::size_t>());
  std::vector<double> times;
  std::size_t with_position = 0;
  for (const Record& r : a.records) {
    if (std::isfinite(r.time_utc_s)) times.push_back(r.time_utc_s);
    if (std::isfinite(r.lat_deg) && std::isfinite(r.lon_deg)) ++with_position;
  }
  EXPECT_EQ(times.size(), g.at("n_with_timestamp").get<std::size_t>());
  EXPECT_EQ(with_position, g.at("n_with_position").get<std::size_t>());
  if (!times.empty()) {
    EXPECT_EQ(iso(times.front()), g.at("first_timestamp").get<std::string>());
    EXPECT_EQ(iso(times.back()), g.at("last_timestamp").get<std::string>());
  } else {
    EXPECT_TRUE(g.at("first_timestamp").is_null());
  }
  expect_channel(g.at("power"), a.records, &Record::power_w, "power");
  expect_channel(g.at("heart_rate"), a.records, &Record::heart_rate_bpm, "heart_rate");
  expect_channel(g.at("cadence"), a.records, &Record::cadence_rpm, "cadence");
  expect_channel(g.at("speed_mps"), a.records, &Record::speed_mps, "speed_mps");
  expect_channel(g.at("altitude_m"), a.records, &Record::altitude_m, "altitude_m");
  // The shared files are well-formed; only the empty ones warn (no records).
  EXPECT_EQ(a.warnings.size(), a.records.empty() ? 1u : 0u);

  if (tcx) {
    const nlohmann::json& activities = golden.at("activities");
    ASSERT_EQ(a.sessions.size(), activities.size());
    std::size_t laps = 0;
    for (std::size_t i = 0; i < activities.size(); ++i) {
      const std::string sport = activities[i].at("sport").get<std::string>();
      EXPECT_EQ(a.sessions[i].sport, sport == "Biking" ? "cycling" : "running") << i;
      EXPECT_EQ(iso(a.sessions[i].start_utc_s).substr(0, 19),
                activities[i].at("id").get<std::string>().substr(0, 19))
          << i;
      laps += activities[i].at("laps").get<std::size_t>();
    }
    ASSERT_EQ(a.laps.size(), laps);
    double lap_time = 0, lap_distance = 0;
    for (const Lap& lap : a.laps) {
      lap_time += std::isnan(lap.device.timer_s) ? 0 : lap.device.timer_s;
      lap_distance += std::isnan(lap.device.distance_m) ? 0 : lap.device.distance_m;
    }
    EXPECT_NEAR(lap_time, golden.at("lap_total_time_s").get<double>(), 1e-6);
    EXPECT_NEAR(lap_distance, golden.at("lap_total_distance_m").get<double>(), 1e-5);
  } else {
    EXPECT_EQ(a.device.product, golden.at("creator").get<std::string>());
  }
}

// One test over all files (not one per file): ctest discovers tests without PODIUM_SHARED_DATA.
TEST(XmlGolden, EveryTcxAndGpxFileMatchesItsGolden) {
  const std::vector<fs::path> files = xml_files();
  if (files.empty()) {
    GTEST_SKIP() << "no .tcx/.gpx files under " << shared_activities()
                 << " (set PODIUM_SHARED_DATA to the shared data folder)";
  }
  EXPECT_GE(files.size(), 14u);
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.filename().string());
    expect_matches_golden(file);
  }
}

// The same recording exported as FIT and as TCX/GPX (PROVENANCE.md): every XML record lies on a
// FIT record with the same time, heart rate and position (the GPX export of the run drops the
// FIT file's last record).
TEST(XmlGolden, SameActivityAsFitLinesUp) {
  const fs::path dir = shared_activities();
  if (!fs::exists(dir / "gc-10kUNLP2014-Garmin15.fit")) {
    GTEST_SKIP() << "no shared activity data at " << dir;
  }
  const std::pair<const char*, const char*> pairs[] = {
      {"gc-10kUNLP2014-Garmin15.fit", "gc-10kUNLP2014-Garmin15.tcx"},
      {"slib-ride-3939576645.fit", "slib-ride-3939576645.gpx"},
      {"slib-run-2067489619.fit", "slib-run-2067489619.gpx"},
  };
  for (const auto& [fit_name, xml_name] : pairs) {
    SCOPED_TRACE(xml_name);
    const Activity fit = read_activity(Source::from_file((dir / fit_name).string()), {});
    const Activity xml = read_activity(Source::from_file((dir / xml_name).string()), {});
    ASSERT_LE(xml.records.size(), fit.records.size());
    EXPECT_LE(fit.records.size() - xml.records.size(), 1u);
    for (std::size_t i = 0; i < xml.records.size(); ++i) {
      const Record& x = xml.records[i];
      const Record& f = fit.records[i];
      ASSERT_EQ(x.time_utc_s, f.time_utc_s) << i;
      EXPECT_EQ(std::isnan(x.heart_rate_bpm), std::isnan(f.heart_rate_bpm)) << i;
      if (!std::isnan(x.heart_rate_bpm)) {
        EXPECT_EQ(x.heart_rate_bpm, f.heart_rate_bpm) << i;
      }
      EXPECT_NEAR(x.lat_deg, f.lat_deg, 1e-6) << i;
      EXPECT_NEAR(x.lon_deg, f.lon_deg, 1e-6) << i;
    }
  }
}

}  // namespace
}  // namespace podium::sensor
