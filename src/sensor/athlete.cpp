#include "podium/sensor/athlete.hpp"

#include <cmath>
#include <sstream>
#include <string>

#include "podium/core/error.hpp"

namespace podium::sensor {
namespace {

void check_range(const char* field, double value, double lo, double hi) {
  if (std::isfinite(value) && value > lo && value <= hi) return;
  std::ostringstream msg;
  msg << field << ": " << value << ": must be in (" << lo << ", " << hi << "]";
  throw Error(ErrorKind::InvalidInput, msg.str());
}

void check_zones(const char* field, const std::vector<double>& zones, double hi) {
  if (zones.empty())
    throw Error(ErrorKind::InvalidInput, std::string(field) + ": empty: needs at least one zone");
  for (std::size_t i = 0; i < zones.size(); ++i) {
    const bool ascending = i == 0 || zones[i] > zones[i - 1];
    if (!std::isfinite(zones[i]) || zones[i] < 0 || zones[i] > hi || !ascending) {
      std::ostringstream msg;
      msg << field << "[" << i << "]: " << zones[i] << ": zone bounds must ascend within [0, " << hi
          << "]";
      throw Error(ErrorKind::InvalidInput, msg.str());
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
  if (t.hr_rest_bpm >= t.hr_max_bpm) {
    std::ostringstream msg;
    msg << "hr_rest_bpm: " << t.hr_rest_bpm << ": must be below hr_max_bpm (" << t.hr_max_bpm
        << ")";
    throw Error(ErrorKind::InvalidInput, msg.str());
  }
  check_zones("power_zones", t.power_zones, 5.0);
  check_zones("hr_zones", t.hr_zones, 1.0);
}

}  // namespace podium::sensor
