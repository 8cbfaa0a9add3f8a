// podium activity import|show|mmp: FIT / TCX / GPX files into the store, and one activity's
// metrics, power-duration curve, CP fits and W'bal — from a file (no store needed) or a stored id.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "activity_analysis.hpp"
#include "commands.hpp"
#include "podium/core/calendar.hpp"
#include "podium/core/error.hpp"
#include "store_access.hpp"

namespace podium::app {
namespace {

constexpr double kUnset = std::numeric_limits<double>::quiet_NaN();

struct Overrides {
  double ftp = kUnset, cp = kUnset, wprime = kUnset, hr_max = kUnset, hr_rest = kUnset;
  bool any() const {
    return !std::isnan(ftp) || !std::isnan(cp) || !std::isnan(wprime) || !std::isnan(hr_max) ||
           !std::isnan(hr_rest);
  }
};

void add_override_options(CLI::App& cmd, Overrides& o) {
  cmd.add_option("--ftp", o.ftp,
                 "FTP for IF/TSS, W (default: athlete, else the device's, else 250)");
  cmd.add_option("--cp", o.cp, "CP for W'bal, W (default: the FTP)");
  cmd.add_option("--wprime", o.wprime, "W' for W'bal, J");
  cmd.add_option("--hr-max", o.hr_max, "Maximum heart rate, bpm");
  cmd.add_option("--hr-rest", o.hr_rest, "Resting heart rate, bpm");
}

std::int32_t day_of(double utc_s) {
  return std::isfinite(utc_s) ? day_of_utc(utc_s) : 0;
}

// Thresholds in precedence order: command-line overrides, the athlete's settings on the day,
// the device's threshold power (FIT session), the defaults. `source` says which was used.
sensor::Thresholds thresholds_for(const sensor::Activity& act, const Overrides& o,
                                  const std::optional<store::AthleteSettings>& athlete,
                                  std::string& source) {
  sensor::Thresholds t;
  source = "defaults";
  if (athlete) {
    t = to_thresholds(*athlete);
    source = "athlete settings";
  } else if (const auto device = device_threshold_power(act)) {
    t.ftp_w = t.cp_w = *device;
    source = "device threshold power";
  }
  if (o.any()) source += " + command line";
  if (!std::isnan(o.ftp)) {
    if (std::isnan(o.cp) && t.cp_w == t.ftp_w) t.cp_w = o.ftp;
    t.ftp_w = o.ftp;
  }
  if (!std::isnan(o.cp)) t.cp_w = o.cp;
  if (!std::isnan(o.wprime)) t.wprime_j = o.wprime;
  if (!std::isnan(o.hr_max)) t.hr_max_bpm = o.hr_max;
  if (!std::isnan(o.hr_rest)) t.hr_rest_bpm = o.hr_rest;
  sensor::validate(t);
  return t;
}

bool is_stored_id(const std::string& target) {
  if (target.empty() || std::filesystem::exists(target)) return false;
  return std::all_of(target.begin(), target.end(), [](char c) { return c >= '0' && c <= '9'; });
}

struct Target {
  std::string target, athlete, db;
  bool strict = false, json = false, csv = false;
  Overrides overrides;
};

// A file is analysed as it is; a stored id is re-analysed from its kept 1 Hz channels, with
// the settings of its athlete on its day unless overridden.
ActivityAnalysis analyse_target(const Target& t) {
  if (is_stored_id(t.target)) {
    store::Store st = open_store(t.db);
    const auto rec = st.activity(std::stoll(t.target), true);
    if (!rec) throw Error(ErrorKind::NotFound, "activity " + t.target + ": not in " + st.path());
    auto [file, series] = from_store_record(*rec);
    std::string source;
    const sensor::Thresholds th =
        thresholds_for(file.activity, t.overrides,
                       st.settings_at(rec->athlete_id, day_of(rec->start_utc_s)), source);
    return analyze_series(std::move(file), std::move(series), th, source);
  }
  LoadedFile file = load_activity_file(t.target, t.strict);
  std::optional<store::AthleteSettings> settings;
  if (!t.athlete.empty()) {
    store::Store st = open_store(t.db);
    st.athlete(t.athlete);
    settings = st.settings_at(t.athlete, day_of(file.activity.start_utc_s));
  }
  std::string source;
  const sensor::Thresholds th = thresholds_for(file.activity, t.overrides, settings, source);
  return analyze(std::move(file), th, source);
}

void progress(std::size_t done, std::size_t total, const std::string& name) {
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(kWidth * done / total);
  std::fprintf(stderr, "\r[%-*s] %zu/%zu %-40.40s", kWidth, std::string(filled, '#').c_str(), done,
               total, name.c_str());
  if (done == total) std::fputc('\n', stderr);
  std::fflush(stderr);
}

void import_files(const std::vector<std::string>& files, const std::string& athlete,
                  const std::string& db, bool strict) {
  store::Store st = open_store(db);
  st.athlete(athlete);  // NotFound naming the id before any file is read
  const bool bar = files.size() > 1 && ::isatty(STDERR_FILENO);
  std::size_t imported = 0, duplicates = 0, failed = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (bar) progress(i, files.size(), files[i]);
    try {
      FileBytes bytes = read_activity_bytes(files[i]);
      if (const auto id = st.find_activity(athlete, bytes.sha256)) {
        std::printf("duplicate %lld %s\n", static_cast<long long>(*id), bytes.file_name.c_str());
        ++duplicates;
        continue;
      }
      LoadedFile file = decode_activity(std::move(bytes), strict);
      std::string source;
      const sensor::Thresholds th = thresholds_for(
          file.activity, {}, st.settings_at(athlete, day_of(file.activity.start_utc_s)), source);
      const ActivityAnalysis a = analyze(std::move(file), th, source);
      const store::ImportResult r = st.import_activity(to_store_record(a, athlete));
      std::printf("%s %lld %s (%zu records, %zu warnings)\n",
                  r.duplicate ? "duplicate" : "imported", static_cast<long long>(r.id),
                  a.file.file_name.c_str(), a.file.activity.records.size(),
                  a.file.activity.warnings.size());
      for (const std::string& w : warning_lines(a))
        std::printf("  warning: %s\n", w.c_str());
      ++(r.duplicate ? duplicates : imported);
    } catch (const Error& e) {
      if (bar) std::fputc('\n', stderr);
      std::fprintf(stderr, "podium: %s\n", e.what());
      std::printf("failed %s\n", files[i].c_str());
      ++failed;
    }
    std::fflush(stdout);
  }
  if (bar) progress(files.size(), files.size(), "");
  std::printf("%zu imported, %zu duplicates, %zu failed\n", imported, duplicates, failed);
  if (failed > 0) {
    std::string message = std::to_string(failed) + " of " + std::to_string(files.size()) +
                          (files.size() == 1 ? " file failed" : " files failed");
    if (failed < files.size()) message += "; the others are in " + st.path();
    throw Error(ErrorKind::InvalidInput, message);
  }
}

void print_mmp(const ActivityAnalysis& a, bool json) {
  if (a.mmp.watts.size() < 2) {
    throw Error(ErrorKind::InvalidInput,
                a.file.file_name + ": no power-duration curve (no power, or longer than two days)");
  }
  if (json) {
    nlohmann::json j = {{"file", a.file.file_name},
                        {"duration_s", nlohmann::json::array()},
                        {"watts", nlohmann::json::array()}};
    for (std::size_t d = 1; d < a.mmp.watts.size(); ++d) {
      j["duration_s"].push_back(d);
      j["watts"].push_back(a.mmp.watts[d]);
    }
    std::printf("%s\n", j.dump().c_str());
    return;
  }
  std::printf("duration_s,watts\n");
  for (std::size_t d = 1; d < a.mmp.watts.size(); ++d)
    std::printf("%zu,%.3f\n", d, a.mmp.watts[d]);
}

}  // namespace

void add_activity_commands(CLI::App& app) {
  CLI::App* activity = app.add_subcommand("activity", "Activity files: import, metrics, MMP");
  activity->require_subcommand(1);
  auto t = std::make_shared<Target>();
  auto files = std::make_shared<std::vector<std::string>>();

  CLI::App* imp = activity->add_subcommand("import", "Import FIT/TCX/GPX files into the store");
  imp->add_option("files", *files, "Activity files (.fit, .fit.gz, .tcx, .gpx)")->required();
  imp->add_option("--athlete", t->athlete, "Athlete id (podium athlete add)")->required();
  imp->add_flag("--strict", t->strict, "Fail a file at its first problem instead of skipping it");
  add_db_option(*imp, t->db);
  imp->callback([t, files] { import_files(*files, t->athlete, t->db, t->strict); });

  CLI::App* show = activity->add_subcommand("show", "Metrics of a file or a stored activity");
  show->add_option("target", t->target, "Activity file, or the id of a stored activity")
      ->required();
  show->add_flag("--json", t->json, "JSON instead of a table");
  show->add_flag("--strict", t->strict, "Fail at the file's first problem");
  show->add_option("--athlete", t->athlete, "Use this athlete's settings on the activity's day");
  add_override_options(*show, t->overrides);
  add_db_option(*show, t->db);
  show->callback([t] {
    const ActivityAnalysis a = analyse_target(*t);
    if (t->json) {
      std::printf("%s\n", analysis_json(a).dump(1).c_str());
    } else {
      std::printf("%s", analysis_text(a).c_str());
    }
  });

  CLI::App* mmp = activity->add_subcommand("mmp", "Mean-maximal power at every duration");
  mmp->add_option("target", t->target, "Activity file, or the id of a stored activity")->required();
  mmp->add_flag("--csv", t->csv, "CSV duration_s,watts (the default)");
  mmp->add_flag("--json", t->json, "JSON {duration_s: [...], watts: [...]}");
  mmp->add_flag("--strict", t->strict, "Fail at the file's first problem");
  add_db_option(*mmp, t->db);
  mmp->callback([t] { print_mmp(analyse_target(*t), t->json); });
}

}  // namespace podium::app
