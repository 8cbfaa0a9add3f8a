// Crash safety through the CLI: `podium activity import` of 100 synthetic TCX rides is SIGKILLed
// mid-import several times, after seeded delays that are fractions of a measured full import.
// After every kill the database passes PRAGMA integrity_check and foreign_key_check, every
// activity the CLI reported imported is there, at most the one in flight is extra, and each
// activity present is whole: every channel at full length and the same channels, metrics and
// power-duration curve as an uninterrupted import of the same file. A last run completes the
// import with exactly 100 activities.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "e2e/cli.hpp"
#include "podium/store/store.hpp"

namespace {

using namespace podium::e2e;  // NOLINT(google-build-using-namespace): test vocabulary
using podium::store::ActivityRecord;
using podium::store::Store;

constexpr int kFiles = 100;
constexpr int kSamples = 3000;  // trackpoints per file, one a second
constexpr int kKills = 6;
// Each kill lands this fraction of a full import's time (startup excluded) after the run's first
// line of output. The fractions sum to at most 0.6, so no run finishes before its kill even if
// skipping duplicates cost nothing and the machine got 1.6 times faster after the measurement.
constexpr double kMinKillFraction = 0.03;
constexpr double kMaxKillFraction = 0.10;
constexpr unsigned kSeed = 20261124;
constexpr std::time_t kFirstStartUtcS = 1704092400;  // 2024-01-01T07:00:00Z
const std::set<std::string> kChannels = {"secs", "power_w", "heart_rate_bpm", "cadence_rpm",
                                         "distance_m"};

int watts(int file, int second) {
  return 150 + (second * 7 + file * 13) % 200;
}

// Ride `file`: its own day and minute (so no two files are duplicates), power, heart rate,
// cadence and distance every second.
std::string synthetic_tcx(int file) {
  const std::time_t start = kFirstStartUtcS + static_cast<std::time_t>(file) * (86400 + 60);
  std::string points;
  points.reserve(static_cast<std::size_t>(kSamples) * 260);
  for (int s = 0; s < kSamples; ++s) {
    points += "<Trackpoint><Time>" + iso_utc(start + s) + "</Time><DistanceMeters>" +
              std::to_string(s * 8) + ".0</DistanceMeters><HeartRateBpm><Value>" +
              std::to_string(110 + (s / 30 + file) % 60) + "</Value></HeartRateBpm><Cadence>" +
              std::to_string(80 + s % 20) + "</Cadence><Extensions><ns3:TPX><ns3:Watts>" +
              std::to_string(watts(file, s)) + "</ns3:Watts></ns3:TPX></Extensions></Trackpoint>";
  }
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
 xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2"><Activities>)"
         "<Activity Sport=\"Biking\"><Id>" +
         iso_utc(start) + "</Id><Lap StartTime=\"" + iso_utc(start) +
         "\"><TotalTimeSeconds>3000</TotalTimeSeconds><Track>" + points +
         "</Track></Lap></Activity></Activities></TrainingCenterDatabase>\n";
}

std::string file_name(int file) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "ride-%03d.tcx", file);
  return buf;
}

struct Child {
  pid_t pid = -1;
  FILE* out = nullptr;  // its stdout
};

// `podium activity import FILES --athlete A0001 --db DB` as a child process, stdout and stderr
// piped.
Child spawn_import(const std::vector<std::string>& files, const std::string& db,
                   const std::string& home) {
  std::vector<std::string> args = {PODIUM_BIN, "activity", "import"};
  args.insert(args.end(), files.begin(), files.end());
  for (const char* a : {"--athlete", "A0001", "--db"})
    args.emplace_back(a);
  args.push_back(db);
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (std::string& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  int fds[2];
  if (pipe(fds) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    dup2(fds[1], STDERR_FILENO);  // errors into the same pipe; no progress bar on a terminal
    close(fds[0]);
    close(fds[1]);
    setenv("PODIUM_HOME", home.c_str(), 1);
    execv(PODIUM_BIN, argv.data());
    _exit(127);
  }
  close(fds[1]);
  return {pid, fdopen(fds[0], "r")};
}

// Blocks until the child prints its first line (the CLI flushes one line per file) and returns
// it; empty when the child ends first.
std::string first_line(Child& child) {
  std::array<char, 4096> buf{};
  return fgets(buf.data(), buf.size(), child.out) ? std::string(buf.data()) : std::string();
}

// Waits for the child and appends all it wrote to `out`; returns the wait status.
int finish(Child& child, std::string& out) {
  int status = 0;
  waitpid(child.pid, &status, 0);
  std::array<char, 4096> buf{};
  while (fgets(buf.data(), buf.size(), child.out))
    out += buf.data();
  fclose(child.out);
  return status;
}

// File names the CLI reported imported ("imported ID NAME (...)").
std::set<std::string> reported_imports(const std::string& out) {
  std::set<std::string> names;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string verb, id, name;
    words >> verb >> id >> name;
    if (verb == "imported" && !name.empty()) names.insert(name);
  }
  return names;
}

std::string sqlite_single(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  std::string value = "(no row)";
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) return sqlite3_errmsg(db);
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(stmt, 0);
    value = text ? reinterpret_cast<const char*>(text) : "NULL";
  }
  sqlite3_finalize(stmt);
  return value;
}

// The database straight through SQLite, before the store touches it.
void expect_sound_sqlite(const std::string& path) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  EXPECT_EQ(sqlite_single(db, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(sqlite_single(db, "PRAGMA foreign_key_check"), "(no row)") << "a dangling key";
  sqlite3_close(db);
}

// Every activity of A0001 by file name, each loaded with its channels.
std::map<std::string, ActivityRecord> load_all(const std::string& path) {
  std::map<std::string, ActivityRecord> all;
  Store store = Store::open(path);
  for (const auto& summary : store.activities("A0001")) {
    std::optional<ActivityRecord> a;
    EXPECT_NO_THROW(a = store.activity(summary.id, true)) << summary.file_name;
    EXPECT_TRUE(a.has_value()) << summary.file_name;
    if (a) all[summary.file_name] = *a;
  }
  return all;
}

// `got` is whole: full-length channels, and equal to the uninterrupted import of the same file.
void expect_whole(const ActivityRecord& got, const ActivityRecord& want) {
  SCOPED_TRACE(got.file_name);
  EXPECT_EQ(got.samples, kSamples);
  std::set<std::string> names;
  for (const auto& c : got.channels) {
    names.insert(c.name);
    EXPECT_EQ(c.values.size(), static_cast<std::size_t>(kSamples)) << c.name;
  }
  EXPECT_EQ(names, kChannels);
  EXPECT_EQ(got.channels, want.channels);
  EXPECT_EQ(got.metrics, want.metrics);
  EXPECT_EQ(got.mmp_w, want.mmp_w);
  EXPECT_EQ(got.mmp_w.size(), static_cast<std::size_t>(kSamples));
  EXPECT_EQ(got.content_sha256, want.content_sha256);
  EXPECT_TRUE(got.warnings.empty());
}

TEST_F(Cli, KilledActivityImportLeavesOnlyWholeActivities) {
  std::vector<std::string> files;
  for (int i = 0; i < kFiles; ++i) {
    files.push_back(path(file_name(i)));
    std::ofstream(files.back(), std::ios::binary) << synthetic_tcx(i);
  }
  const std::string home = dir_.string();
  for (const char* db : {"reference.db", "crash.db"}) {
    const Result r = run("athlete add --db " + path(db), "PODIUM_HOME=" + home);
    ASSERT_EQ(r.code, 0) << r.out;
    ASSERT_EQ(r.out, "A0001\n");
    const Result c = run("consent grant A0001 --purpose performance_modelling --db " + path(db),
                         "PODIUM_HOME=" + home);
    ASSERT_EQ(c.code, 0) << c.out;
  }

  // An uninterrupted import: the reference contents, and how long the import itself takes once
  // the process has started (its first line of output; startup alone is a good part of a second).
  Child child = spawn_import(files, path("reference.db"), home);
  ASSERT_GT(child.pid, 0);
  std::string out = first_line(child);
  const auto started = std::chrono::steady_clock::now();
  int status = finish(child, out);
  const double import_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << out;
  ASSERT_NE(out.find("100 imported, 0 duplicates, 0 failed"), std::string::npos) << out;
  const std::map<std::string, ActivityRecord> reference = load_all(path("reference.db"));
  ASSERT_EQ(reference.size(), static_cast<std::size_t>(kFiles));
  for (int i = 0; i < kFiles; ++i) {
    const ActivityRecord& a = reference.at(file_name(i));
    expect_whole(a, a);
    double sum = 0;
    for (int s = 0; s < kSamples; ++s)
      sum += watts(i, s);
    const auto avg = std::find_if(a.metrics.begin(), a.metrics.end(),
                                  [](const auto& m) { return m.first == "avg_power_w"; });
    ASSERT_NE(avg, a.metrics.end()) << a.file_name;
    EXPECT_NEAR(avg->second, sum / kSamples, 1e-6) << a.file_name;
  }

  std::mt19937 rng(kSeed);
  std::uniform_real_distribution<double> fraction(kMinKillFraction, kMaxKillFraction);
  std::set<std::string> reported;  // every file a killed run said it imported
  std::size_t present = 0;
  for (int kill_no = 1; kill_no <= kKills; ++kill_no) {
    SCOPED_TRACE("kill " + std::to_string(kill_no));
    const auto delay = std::chrono::duration<double>(fraction(rng) * import_s);
    child = spawn_import(files, path("crash.db"), home);
    ASSERT_GT(child.pid, 0);
    out = first_line(child);  // the import is under way
    std::this_thread::sleep_for(delay);
    kill(child.pid, SIGKILL);
    status = finish(child, out);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "the import ended before the kill (status " << status << "): nothing was tested\n"
        << out;
    const std::set<std::string> now = reported_imports(out);  // new this run
    reported.insert(now.begin(), now.end());

    expect_sound_sqlite(path("crash.db"));
    const std::map<std::string, ActivityRecord> stored = load_all(path("crash.db"));
    for (const auto& [name, a] : stored)
      expect_whole(a, reference.at(name));
    for (const std::string& name : reported)
      EXPECT_EQ(stored.count(name), 1u) << name << " was reported imported, then lost";
    // This run added what it reported, plus at most the file in flight when it was killed.
    EXPECT_GE(stored.size(), present + now.size());
    EXPECT_LE(stored.size(), present + now.size() + 1) << "more than the import in flight appeared";
    present = stored.size();
    ASSERT_FALSE(HasFailure());
  }
  std::printf("import %.2f s after startup; %zu of %d activities present after %d kills\n",
              import_s, present, kFiles, kKills);
  EXPECT_GT(present, 0u) << "no kill landed after a commit";
  EXPECT_LT(present, static_cast<std::size_t>(kFiles));

  // The last run completes the import, skipping what is already there.
  child = spawn_import(files, path("crash.db"), home);
  out.clear();
  status = finish(child, out);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << out;
  const std::string summary = std::to_string(kFiles - present) + " imported, " +
                              std::to_string(present) + " duplicates, 0 failed";
  EXPECT_NE(out.find(summary), std::string::npos) << out;
  expect_sound_sqlite(path("crash.db"));
  const std::map<std::string, ActivityRecord> all = load_all(path("crash.db"));
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kFiles));
  for (const auto& [name, a] : all)
    expect_whole(a, reference.at(name));
}

}  // namespace
