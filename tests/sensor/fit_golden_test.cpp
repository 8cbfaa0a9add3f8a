// Every FIT file of the shared activity folder against its golden (made by activity-ref, see
// ../shared/tools/activity-ref/README.md): the primary decoder's record count, power and heart
// rate n and sum exactly; cadence, speed and altitude n and sum to 1e-6 relative; session and
// lap counts and the device summary values of @garmin/fitsdk's sessions. Where the golden cannot
// be matched, kExceptions names the value and says why (docs/activity-files.md has the details).
#include <gtest/gtest.h>

#include <cmath>
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
using nlohmann::json;

// A golden value podium does not reproduce, on purpose or by necessity.
struct Exception {
  const char* file;
  const char* what;  // "records.<channel>" or "sessions"
  const char* why;
};

const Exception kExceptions[] = {
    {"fitparse-compressed-speed-distance.fit", "records.speed_mps",
     "fit-file-parser (primary: @garmin/fitsdk stops at the first compressed-timestamp header) "
     "does not expand compressed_speed_distance into speed; podium does (755 values)"},
};

const Exception* exception_for(const std::string& file, const std::string& what) {
  for (const Exception& e : kExceptions)
    if (file == e.file && what == e.what) return &e;
  return nullptr;
}

fs::path shared_data() {
  const char* env = std::getenv("PODIUM_SHARED_DATA");
  return env != nullptr ? fs::path(env) : fs::path("../shared/data");
}

struct Stats {
  std::size_t n = 0;
  double sum = 0;
};

Stats stats(const std::vector<Record>& records, double Record::*channel) {
  Stats s;
  for (const Record& r : records) {
    double v = r.*channel;
    if (std::isnan(v)) continue;
    ++s.n;
    s.sum += v;
  }
  return s;
}

void expect_near_rel(double actual, double expected, double rel, const std::string& what) {
  double tol = std::max(std::abs(expected) * rel, 1e-6);
  EXPECT_NEAR(actual, expected, tol) << what;
}

void expect_channel(const std::string& file, const json& golden, const char* key, Stats actual,
                    bool exact) {
  const std::string what = std::string("records.") + key;
  const json& g = golden.at(key);
  std::size_t n = g.at("n").get<std::size_t>();
  double sum = n > 0 ? g.at("sum").get<double>() : 0.0;
  if (const Exception* e = exception_for(file, what)) {
    std::printf("[ exception ] %s %s: golden n=%zu sum=%g, podium n=%zu sum=%g: %s\n", file.c_str(),
                what.c_str(), n, sum, actual.n, actual.sum, e->why);
    return;
  }
  EXPECT_EQ(actual.n, n) << file << " " << what;
  // Golden sums are rounded to 1e-6; integer channels must match that exactly.
  expect_near_rel(actual.sum, sum, exact ? 1e-12 : 1e-6, file + " " + what + " sum");
}

void expect_device(const std::string& file, const json& golden, const char* key, double actual) {
  const json& g = golden.at(key);
  if (g.is_null()) {
    EXPECT_TRUE(std::isnan(actual)) << file << " session " << key << " = " << actual;
  } else {
    expect_near_rel(actual, g.get<double>(), 1e-6, file + " session " + key);
  }
}

std::vector<fs::path> fit_files() {
  std::vector<fs::path> out;
  fs::path dir = shared_data() / "activities";
  if (!fs::is_directory(dir)) return out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    fs::path golden = dir / "golden" / (entry.path().filename().string() + ".json");
    if (!entry.is_regular_file() || !fs::exists(golden)) continue;
    json g = json::parse(read_file(golden.string()));
    if (g.at("file").value("format", "") == "fit") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(FitGolden, EveryFitFileMatchesItsGolden) {
  std::vector<fs::path> files = fit_files();
  if (files.empty())
    GTEST_SKIP() << "no shared activity data at " << shared_data() / "activities"
                 << " (set PODIUM_SHARED_DATA)";
  // The shared folder holds 41 FIT files; fewer means the data is incomplete, not that we pass.
  EXPECT_GE(files.size(), 41u);
  for (const fs::path& path : files) {
    const std::string file = path.filename().string();
    SCOPED_TRACE(file);
    json golden =
        json::parse(read_file((path.parent_path() / "golden" / (file + ".json")).string()));
    Source source = Source::from_file(path.string());
    if (is_gzip(source.bytes())) source = gunzip(source);
    Activity a = read_fit(source, ReadOptions{});
    std::printf("[ fit       ] %s: %zu records, %zu sessions, %zu warnings\n", file.c_str(),
                a.records.size(), a.sessions.size(), a.warnings.size());
    const json& fitsdk = golden.at("garmin_fitsdk");
    const std::string primary = golden.value("primary_decoder", "@garmin/fitsdk");
    const json& section = primary == "fit-file-parser" ? golden.at("fit_file_parser") : fitsdk;
    const json& records = section.at("records");
    EXPECT_EQ(a.records.size(), records.at("n").get<std::size_t>()) << file << " records.n";
    expect_channel(file, records, "power", stats(a.records, &Record::power_w), true);
    expect_channel(file, records, "heart_rate", stats(a.records, &Record::heart_rate_bpm), true);
    expect_channel(file, records, "cadence", stats(a.records, &Record::cadence_rpm), true);
    expect_channel(file, records, "speed_mps", stats(a.records, &Record::speed_mps), false);
    expect_channel(file, records, "altitude_m", stats(a.records, &Record::altitude_m), false);

    const json& sessions = fitsdk.at("sessions");
    ASSERT_EQ(a.sessions.size(), sessions.size()) << file << " sessions";
    EXPECT_EQ(a.laps.size(), fitsdk.at("lap_count").get<std::size_t>()) << file << " laps";
    for (std::size_t i = 0; i < sessions.size(); ++i) {
      const json& s = sessions[i];
      const DeviceSummary& d = a.sessions[i].device;
      expect_device(file, s, "normalized_power", d.normalized_power_w);
      expect_device(file, s, "training_stress_score", d.training_stress_score);
      expect_device(file, s, "threshold_power", d.threshold_power_w);
      expect_device(file, s, "total_elapsed_time", d.elapsed_s);
      expect_device(file, s, "total_timer_time", d.timer_s);
      if (s.at("sport").is_string()) {
        EXPECT_EQ(a.sessions[i].sport, s.at("sport").get<std::string>());
      }
    }
  }
}

}  // namespace
}  // namespace podium::sensor
