#include "podium/sensor/athlete.hpp"

#include <cmath>
#include <string>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"

namespace podium::sensor {
namespace {

void check_range(const char* field, double value, double lo, double hi) {
  require_option(std::isfinite(value) && value > lo && value <= hi, "", field, value,
                 "must be in (" + number_text(lo) + ", " + number_text(hi) + "]");
}

void check_zones(const char* field, const std::vector<double>& zones, double hi) {
  require_option(!zones.empty(), "", field, "[]", "needs at least one zone");
  for (std::size_t i = 0; i < zones.size(); ++i) {
    const bool ascending = i == 0 || zones[i] > zones[i - 1];
    if (!(std::isfinite(zones[i]) && zones[i] >= 0 && zones[i] <= hi && ascending)) {
      reject_option("", std::string(field) + "[" + std::to_string(i) + "]", number_text(zones[i]),
                    "zone bounds must ascend within [0, " + number_text(hi) + "]");
    }
  }
}

}  // namespace

void validate(const Thresholds& t) {
  check_range("ftp_w", t.ftp_w, 0, 2500);
  check_range("cp_w", t.cp_w, 0, 2500);
  check_range("wprime_j", t.wprime_j, 0, 200000);
  check_range("hr_max_bpm", t.hr_max_bpm, 60, 260);
  check_range("hr_rest_bpm", t.hr_rest_bpm, 15, 150);
  check_range("weight_kg", t.weight_kg, 10, 300);
  require_option(t.hr_rest_bpm < t.hr_max_bpm, "", "hr_rest_bpm", t.hr_rest_bpm,
                 "must be below hr_max_bpm (" + number_text(t.hr_max_bpm) + ")");
  check_zones("power_zones", t.power_zones, 5.0);
  check_zones("hr_zones", t.hr_zones, 1.0);
}

}  // namespace podium::sensor
