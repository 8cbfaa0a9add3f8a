// The athlete settings metrics depend on, as of one date (the store keeps their history).
//
// Contract: all values in the units their names carry; `validate` throws
// Error(InvalidInput, "field: value: rule") naming the first bad one (e.g. "ftp_w: -5: must be in
// (0, 2500]"). Zones are ascending lower bounds as fractions: power zones of FTP (Coggan's seven by
// default), heart-rate zones of HRmax (five by default, Edwards' 50/60/70/80/90 %).
//
//   Thresholds t; t.ftp_w = 280; t.cp_w = 290; validate(t);
#pragma once

#include <vector>

namespace podium::sensor {

struct Thresholds {
  double ftp_w = 250.0;
  double cp_w = 250.0;
  double wprime_j = 20000.0;
  double hr_max_bpm = 190.0;
  double hr_rest_bpm = 50.0;
  double weight_kg = 70.0;
  bool female = false;
  // Coggan levels 1..7: active recovery, endurance, tempo, threshold, VO2max, anaerobic,
  // neuromuscular.
  std::vector<double> power_zones = {0.0, 0.56, 0.76, 0.91, 1.06, 1.21, 1.51};
  std::vector<double> hr_zones = {0.5, 0.6, 0.7, 0.8, 0.9};
};

void validate(const Thresholds& thresholds);

}  // namespace podium::sensor
