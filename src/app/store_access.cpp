#include "store_access.hpp"

#include <filesystem>

#include "podium/core/home.hpp"
#include "podium/store/store.hpp"

namespace podium::app {

std::string default_db_path() {
  const std::filesystem::path home = podium_home();
  std::error_code ec;
  std::filesystem::create_directories(home, ec);  // a failure surfaces as the store's open error
  return (home / "podium.db").string();
}

void add_db_option(CLI::App& cmd, std::string& path) {
  cmd.add_option("--db", path, "SQLite store (default $PODIUM_HOME/podium.db)");
}

store::Store open_store(const std::string& path) {
  return store::Store::open(path.empty() ? default_db_path() : path, store::OpenMode::MustExist);
}

store::Store open_or_create_store(const std::string& path) {
  return store::Store::open(path.empty() ? default_db_path() : path,
                            store::OpenMode::CreateIfMissing);
}

sensor::Thresholds to_thresholds(const store::AthleteSettings& s) {
  sensor::Thresholds t;
  t.ftp_w = s.ftp_w;
  t.cp_w = s.cp_w;
  t.wprime_j = s.wprime_j;
  t.weight_kg = s.weight_kg;
  t.hr_max_bpm = s.hr_max_bpm;
  t.hr_rest_bpm = s.hr_rest_bpm;
  t.female = s.female;
  if (!s.power_zones.empty()) t.power_zones = s.power_zones;
  if (!s.hr_zones.empty()) t.hr_zones = s.hr_zones;
  return t;
}

store::AthleteSettings to_settings(const sensor::Thresholds& t, std::int32_t effective_from_day) {
  store::AthleteSettings s;
  s.effective_from_day = effective_from_day;
  s.ftp_w = t.ftp_w;
  s.cp_w = t.cp_w;
  s.wprime_j = t.wprime_j;
  s.weight_kg = t.weight_kg;
  s.hr_max_bpm = t.hr_max_bpm;
  s.hr_rest_bpm = t.hr_rest_bpm;
  s.female = t.female;
  s.power_zones = t.power_zones;
  s.hr_zones = t.hr_zones;
  return s;
}

}  // namespace podium::app
