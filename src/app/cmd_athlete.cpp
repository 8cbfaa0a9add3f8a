// podium athlete add|set|show: pseudonymous athletes and the dated history of their settings
// (FTP, CP, W', weight, HRmax/HRrest, zones). A setting applies from its date until the next one,
// so re-analysing last year's rides uses last year's FTP. athlete delete|export: erasure and
// exports (store/governance.hpp), as the CLI's actor.
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.hpp"
#include "podium/core/calendar.hpp"
#include "podium/core/error.hpp"
#include "podium/core/home.hpp"
#include "podium/core/json.hpp"
#include "podium/store/governance.hpp"
#include "podium/store/settings_json.hpp"
#include "sensor_rows.hpp"
#include "store_access.hpp"

namespace podium::app {
namespace {

constexpr double kUnset = std::numeric_limits<double>::quiet_NaN();

struct SettingsArgs {
  double ftp = kUnset, cp = kUnset, wprime = kUnset, weight = kUnset, hr_max = kUnset,
         hr_rest = kUnset;
  std::string sex;  // "female" | "male" | "" (unchanged)
  std::vector<double> power_zones, hr_zones;
  std::string from;  // ISO date; default 1970-01-01 for add, today (UTC) for set
};

void add_settings_options(CLI::App& cmd, SettingsArgs& a) {
  cmd.add_option("--ftp", a.ftp, "Functional threshold power, W");
  cmd.add_option("--cp", a.cp, "Critical power, W (default: the FTP)");
  cmd.add_option("--wprime", a.wprime, "W', J");
  cmd.add_option("--weight", a.weight, "Body mass, kg");
  cmd.add_option("--hr-max", a.hr_max, "Maximum heart rate, bpm");
  cmd.add_option("--hr-rest", a.hr_rest, "Resting heart rate, bpm");
  cmd.add_option("--sex", a.sex, "female or male (TRIMP weighting)")
      ->check(CLI::IsMember({"female", "male"}));
  cmd.add_option("--power-zones", a.power_zones,
                 "Zone lower bounds as fractions of FTP, ascending (default Coggan's 7)")
      ->delimiter(',');
  cmd.add_option("--hr-zones", a.hr_zones,
                 "Zone lower bounds as fractions of HRmax, ascending (default 50..90 %)")
      ->delimiter(',');
  cmd.add_option("--from", a.from, "Date the settings apply from, YYYY-MM-DD");
}

std::int32_t today_day() {
  return day_of_utc(static_cast<double>(std::time(nullptr)));
}

// The new settings: `base` with every option the user gave replaced; validated as a whole.
store::AthleteSettings merged(const store::AthleteSettings& base, const SettingsArgs& a,
                              std::int32_t day) {
  sensor::Thresholds t = to_thresholds(base);
  const bool cp_given = !std::isnan(a.cp);
  if (!std::isnan(a.ftp)) {
    // CP follows FTP unless it was set on its own: GoldenCheetah's "use CP for FTP" in reverse.
    if (!cp_given && base.cp_w == base.ftp_w) t.cp_w = a.ftp;
    t.ftp_w = a.ftp;
  }
  if (cp_given) t.cp_w = a.cp;
  if (!std::isnan(a.wprime)) t.wprime_j = a.wprime;
  if (!std::isnan(a.weight)) t.weight_kg = a.weight;
  if (!std::isnan(a.hr_max)) t.hr_max_bpm = a.hr_max;
  if (!std::isnan(a.hr_rest)) t.hr_rest_bpm = a.hr_rest;
  if (!a.sex.empty()) t.female = a.sex == "female";
  if (!a.power_zones.empty()) t.power_zones = a.power_zones;
  if (!a.hr_zones.empty()) t.hr_zones = a.hr_zones;
  sensor::validate(t);
  return to_settings(t, day);
}

void show(const std::string& db, const std::string& id, bool json) {
  store::Store st = open_store(db);
  const store::AthleteInfo info = st.athlete(id);
  const auto acts = st.activities(id);
  if (json) {
    nlohmann::json j = {{"id", info.id}, {"settings", nlohmann::json::array()}};
    for (const auto& s : info.settings)
      j["settings"].push_back(store::settings_json(s, iso_from_day(s.effective_from_day)));
    j["activities"] = nlohmann::json::array();
    for (const auto& a : acts) {
      j["activities"].push_back({{"id", a.id},
                                 {"file", a.file_name},
                                 {"format", a.format},
                                 {"sport", a.sport},
                                 {"start_utc_s", json::number_or_null(a.start_utc_s)},
                                 {"records", a.samples}});
    }
    std::printf("%s\n", j.dump(1).c_str());
    return;
  }
  std::printf("athlete %s: %zu activities\n", info.id.c_str(), acts.size());
  std::printf("%-10s %6s %6s %7s %6s %6s %6s %s\n", "from", "FTP", "CP", "W'", "kg", "HRmax",
              "HRrest", "sex");
  for (const auto& s : info.settings) {
    std::printf("%-10s %6.0f %6.0f %7.0f %6.1f %6.0f %6.0f %s\n",
                iso_from_day(s.effective_from_day).c_str(), s.ftp_w, s.cp_w, s.wprime_j,
                s.weight_kg, s.hr_max_bpm, s.hr_rest_bpm, s.female ? "female" : "male");
  }
}

struct GovernanceArgs {
  std::string db, id, data_dir, out;
  bool yes = false, identified = false, stable = false;
};

void erase(const GovernanceArgs& a) {
  if (!a.yes) {
    throw Error(ErrorKind::InvalidInput,
                "athlete delete " + a.id +
                    ": erases every row, file and audit mention of the athlete for good; add "
                    "--yes to confirm");
  }
  store::Store st = open_store(a.db);  // acting as cli_actor()
  const std::string& actor = st.actor();
  const std::string data_dir = a.data_dir.empty() ? podium_home() + "/data" : a.data_dir;
  const store::ErasureReport r = store::Governance(st).erase_athlete(a.id, actor, data_dir);
  std::printf("erased athlete %s: %zu rows deleted, %zu audit rows tombstoned, %zu files deleted\n",
              a.id.c_str(), r.rows_deleted, r.audit_rows_tombstoned, r.files_deleted);
  if (!r.wal_truncated) {
    throw Error(ErrorKind::Io, st.path() +
                                   ": another process is reading the store, so the erased pages "
                                   "are still in its -wal file; they go at the next checkpoint "
                                   "once that process has finished (stop `podium serve`, for one)");
  }
}

void export_athlete(const GovernanceArgs& a) {
  if (a.identified && a.stable) {
    throw Error(ErrorKind::InvalidInput,
                "athlete export: --stable is for pseudonymised exports; an --identified export "
                "names the athlete");
  }
  store::Store st = open_store(a.db);  // acting as cli_actor()
  const std::string& actor = st.actor();
  const std::string name = store::Governance(st).export_athlete(
      a.id, a.out, {.identified = a.identified, .stable = a.stable}, actor);
  std::printf("exported athlete %s as %s to %s\n", a.id.c_str(), name.c_str(), a.out.c_str());
}

}  // namespace

void add_athlete_commands(CLI::App& group) {
  CLI::App* athlete = &group;
  athlete->require_subcommand(1);

  struct Args {
    std::string db, id;
    bool json = false;
    SettingsArgs settings;
  };
  auto args = std::make_shared<Args>();

  CLI::App* add = athlete->add_subcommand("add", "Add an athlete; prints its id");
  add->add_option("id", args->id, "Pseudonymous id (default: the next A0001-style id)");
  add_settings_options(*add, args->settings);
  add_db_option(*add, args->db);
  add->callback([args] {
    store::Store st = open_or_create_store(args->db);
    const std::int32_t day =
        args->settings.from.empty() ? 0 : day_from_iso(args->settings.from, {.field = "--from"});
    const store::AthleteSettings s = merged(store::AthleteSettings{}, args->settings, day);
    const std::string id =
        st.add_athlete(args->id.empty() ? std::nullopt : std::optional(args->id));
    st.set_settings(id, s);
    std::printf("%s\n", id.c_str());
  });

  CLI::App* set = athlete->add_subcommand("set", "New settings from a date (history is kept)");
  set->add_option("id", args->id, "Athlete id")->required();
  add_settings_options(*set, args->settings);
  add_db_option(*set, args->db);
  set->callback([args] {
    store::Store st = open_store(args->db);
    const std::int32_t day = args->settings.from.empty()
                                 ? today_day()
                                 : day_from_iso(args->settings.from, {.field = "--from"});
    st.athlete(args->id);  // NotFound naming the id before anything is written
    const std::optional<store::AthleteSettings> base = st.settings_at(args->id, day);
    st.set_settings(args->id, merged(base.value_or(store::AthleteSettings{}), args->settings, day));
    show(args->db, args->id, false);
  });

  CLI::App* sh = athlete->add_subcommand("show", "Settings history and activities");
  sh->add_option("id", args->id, "Athlete id")->required();
  sh->add_flag("--json", args->json, "JSON instead of a table");
  add_db_option(*sh, args->db);
  sh->callback([args] { show(args->db, args->id, args->json); });

  auto gov = std::make_shared<GovernanceArgs>();
  CLI::App* del = athlete->add_subcommand(
      "delete", "Erase an athlete: every row, file and audit mention (tombstones stay)");
  del->add_option("id", gov->id, "Athlete id")->required();
  del->add_flag("--yes", gov->yes, "Confirm: the erasure cannot be undone");
  del->add_option("--data-dir", gov->data_dir,
                  "Folder of the athletes' files (default $PODIUM_HOME/data, as `podium serve`)");
  add_db_option(*del, gov->db);
  del->callback([gov] { erase(*gov); });

  CLI::App* exp = athlete->add_subcommand(
      "export", "Write an athlete's data as JSON, pseudonymised unless --identified");
  exp->add_option("id", gov->id, "Athlete id")->required();
  exp->add_option("--out", gov->out, "JSON file to write")->required();
  exp->add_flag("--identified", gov->identified,
                "Keep the id, file names, devices, GPS and dates (needs the sharing consent)");
  exp->add_flag("--stable", gov->stable,
                "Pseudonym from the store's own key: the same in every stable export");
  add_db_option(*exp, gov->db);
  exp->callback([gov] { export_athlete(*gov); });
}

}  // namespace podium::app
