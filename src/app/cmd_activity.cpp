// podium activity import|show|mmp: FIT / TCX / GPX files into the store, and one activity's
// metrics, power-duration curve, CP fits and W'bal — from a file (no store needed) or a stored id.
// Importing needs the athlete's performance_modelling consent (`podium consent grant`).
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <new>
#include <nlohmann/json.hpp>

#include "activity_view.hpp"
#include "commands.hpp"
#include "podium/core/calendar.hpp"
#include "podium/core/error.hpp"
#include "podium/store/governance.hpp"
#include "sensor_rows.hpp"
#include "store_access.hpp"

namespace podium::app {
namespace {

void add_override_options(CLI::App& cmd, sensor::ThresholdOverrides& o) {
  cmd.add_option("--ftp", o.ftp_w,
                 "FTP for IF/TSS, W (default: athlete, else the device's, else 250)");
  cmd.add_option("--cp", o.cp_w, "CP for W'bal, W (default: the FTP)");
  cmd.add_option("--wprime", o.wprime_j, "W' for W'bal, J");
  cmd.add_option("--hr-max", o.hr_max_bpm, "Maximum heart rate, bpm");
  cmd.add_option("--hr-rest", o.hr_rest_bpm, "Resting heart rate, bpm");
}

// The athlete's settings on the day an activity started (day 0 when its start is unknown).
std::optional<sensor::Thresholds> settings_on(const store::Store& st, const std::string& athlete,
                                              double start_utc_s) {
  const auto settings =
      st.settings_at(athlete, std::isfinite(start_utc_s) ? day_of_utc(start_utc_s) : 0);
  if (!settings) return std::nullopt;
  return to_thresholds(*settings);
}

bool is_stored_id(const std::string& target) {
  if (target.empty() || std::filesystem::exists(target)) return false;
  return std::all_of(target.begin(), target.end(), [](char c) { return c >= '0' && c <= '9'; });
}

struct Target {
  std::string target, athlete, db;
  bool strict = false, json = false, csv = false;
  sensor::ThresholdOverrides overrides;
};

// A file is analysed as it is; a stored id is re-analysed from its kept 1 Hz channels, with
// the settings of its athlete on its day unless overridden.
ActivityView view_target(const Target& t) {
  if (is_stored_id(t.target)) {
    store::Store st = open_store(t.db);
    const auto rec = st.activity(std::stoll(t.target), true);
    if (!rec) throw Error(ErrorKind::NotFound, "activity " + t.target + ": not in " + st.path());
    return stored_view(
        *rec, sensor::resolve_thresholds(
                  t.overrides, settings_on(st, rec->athlete_id, rec->start_utc_s), std::nullopt));
  }
  FileBytes bytes = read_activity_bytes(t.target);
  const FileIdentity file = bytes.identity;
  const sensor::Activity activity = decode_activity(std::move(bytes), t.strict);
  std::optional<sensor::Thresholds> settings;
  if (!t.athlete.empty()) {
    store::Store st = open_store(t.db);
    st.athlete(t.athlete);
    settings = settings_on(st, t.athlete, activity.start_utc_s);
  }
  const sensor::ResolvedThresholds th =
      sensor::resolve_thresholds(t.overrides, settings, sensor::device_threshold_power(activity));
  return file_view(file, activity, th, sensor::analyze_activity(activity, th.thresholds, {}));
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
  // Metrics, MMP and the load they feed model the athlete's performance: refused, before any
  // file is read or anything written, unless they consented.
  store::Governance(st).require_consent(athlete, store::Purpose::PerformanceModelling);
  const bool bar = files.size() > 1 && ::isatty(STDERR_FILENO);
  std::size_t imported = 0, duplicates = 0, failed = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto fail = [&](const std::string& why) {
      if (bar) std::fputc('\n', stderr);
      std::fprintf(stderr, "podium: %s\n", why.c_str());
      std::printf("failed %s\n", files[i].c_str());
      ++failed;
    };
    if (bar) progress(i, files.size(), files[i]);
    try {
      FileBytes bytes = read_activity_bytes(files[i]);
      const FileIdentity file = bytes.identity;
      if (const auto id = st.find_activity(athlete, file.sha256)) {
        std::printf("duplicate %lld %s\n", static_cast<long long>(*id), file.file_name.c_str());
        ++duplicates;
        continue;
      }
      const sensor::Activity activity = decode_activity(std::move(bytes), strict);
      const sensor::ResolvedThresholds th =
          sensor::resolve_thresholds({}, settings_on(st, athlete, activity.start_utc_s),
                                     sensor::device_threshold_power(activity));
      const store::ImportResult r = st.import_activity(to_store_record(
          file, activity, sensor::analyze_activity(activity, th.thresholds, {}), athlete));
      std::printf("%s %lld %s (%zu records, %zu warnings)\n",
                  r.duplicate ? "duplicate" : "imported", static_cast<long long>(r.id),
                  file.file_name.c_str(), activity.records.size(), activity.warnings.size());
      for (const std::string& w : warning_lines(file.file_name, activity))
        std::printf("  warning: %s\n", w.c_str());
      ++(r.duplicate ? duplicates : imported);
    } catch (const Error& e) {
      fail(e.what());
    } catch (const std::bad_alloc&) {
      // One file too big for this machine's memory must not stop the batch: what it allocated
      // is freed by the unwinding, and the next file starts from the same footprint.
      fail(files[i] + ": out of memory reading or analysing it; skipped");
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

void print_mmp(const ActivityView& v, bool json) {
  const sensor::MmpCurve& mmp = v.analysis.mmp;
  if (mmp.watts.size() < 2) {
    throw Error(ErrorKind::InvalidInput,
                v.file.file_name + ": no power-duration curve (no power, or longer than two days)");
  }
  if (json) {
    nlohmann::json j = {{"file", v.file.file_name},
                        {"duration_s", nlohmann::json::array()},
                        {"watts", nlohmann::json::array()}};
    for (std::size_t d = 1; d < mmp.watts.size(); ++d) {
      j["duration_s"].push_back(d);
      j["watts"].push_back(mmp.watts[d]);
    }
    std::printf("%s\n", j.dump().c_str());
    return;
  }
  std::printf("duration_s,watts\n");
  for (std::size_t d = 1; d < mmp.watts.size(); ++d)
    std::printf("%zu,%.3f\n", d, mmp.watts[d]);
}

}  // namespace

void add_activity_commands(CLI::App& group) {
  CLI::App* activity = &group;
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
    const ActivityView v = view_target(*t);
    if (t->json) {
      std::printf("%s\n", view_json(v).dump(1).c_str());
    } else {
      std::printf("%s", view_text(v).c_str());
    }
  });

  CLI::App* mmp = activity->add_subcommand("mmp", "Mean-maximal power at every duration");
  mmp->add_option("target", t->target, "Activity file, or the id of a stored activity")->required();
  mmp->add_flag("--csv", t->csv, "CSV duration_s,watts (the default)");
  mmp->add_flag("--json", t->json, "JSON {duration_s: [...], watts: [...]}");
  mmp->add_flag("--strict", t->strict, "Fail at the file's first problem");
  add_db_option(*mmp, t->db);
  mmp->callback([t] { print_mmp(view_target(*t), t->json); });
}

}  // namespace podium::app
