// ActivityMetrics out: to_json (machine, stable keys) and format_metrics (terminal table).
#include <cmath>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "podium/core/json.hpp"
#include "podium/sensor/metrics.hpp"

namespace podium::sensor {
namespace {

using nlohmann::json;
using podium::json::number_or_null;

json zones_json(const ZoneTimes& z, const char* unit) {
  json out = json::array();
  for (std::size_t i = 0; i < z.lower.size(); ++i) {
    out.push_back({{"zone", i + 1},
                   {std::string("lower_") + unit, number_or_null(z.lower[i])},
                   {std::string("upper_") + unit,
                    i + 1 < z.lower.size() ? number_or_null(z.lower[i + 1]) : json(nullptr)},
                   {"seconds", z.seconds[i]}});
  }
  return out;
}

json power_json(const PowerMetrics& p) {
  return {{"ftp_w", number_or_null(p.ftp_w)},
          {"avg_w", number_or_null(p.avg_w)},
          {"avg_nonzero_w", number_or_null(p.avg_nonzero_w)},
          {"max_w", number_or_null(p.max_w)},
          {"work_kj", number_or_null(p.work_kj)},
          {"np_gc_w", number_or_null(p.np_gc_w)},
          {"np_coggan_w", number_or_null(p.np_coggan_w)},
          {"xpower_w", number_or_null(p.xpower_w)},
          {"if_gc", number_or_null(p.if_gc)},
          {"tss_gc", number_or_null(p.tss_gc)},
          {"if_coggan", number_or_null(p.if_coggan)},
          {"tss_coggan", number_or_null(p.tss_coggan)},
          {"xpower_tss", number_or_null(p.xpower_tss)},
          {"vi", number_or_null(p.vi)},
          {"zones", zones_json(p.zones, "w")},
          {"below_zones_s", p.zones.below_s}};
}

json heart_rate_json(const HeartRateMetrics& h) {
  return {{"avg_bpm", number_or_null(h.avg_bpm)},
          {"max_bpm", number_or_null(h.max_bpm)},
          {"samples_with_hr", h.samples_with_hr},
          {"trimp_banister_gc", number_or_null(h.trimp_banister_gc)},
          {"trimp_banister_integrated", number_or_null(h.trimp_banister_integrated)},
          {"trimp_edwards", number_or_null(h.trimp_edwards)},
          {"zones", zones_json(h.zones, "bpm")},
          {"below_zones_s", h.zones.below_s}};
}

json pacing_json(const PacingProfile& p) {
  json quarters = json::array();
  for (const PacingQuarter& q : p.quarters)
    quarters.push_back({{"power_w", number_or_null(q.power_w)},
                        {"speed_mps", number_or_null(q.speed_mps)},
                        {"heart_rate_bpm", number_or_null(q.heart_rate_bpm)},
                        {"samples", q.samples}});
  return {{"basis", p.basis}, {"quarters", quarters}};
}

// One "label  value unit" line; NaN prints as "-".
void line(std::string& out, const char* label, double v, const char* unit, int decimals = 1) {
  char buf[128];
  if (std::isfinite(v))
    std::snprintf(buf, sizeof buf, "  %-30s %12.*f%s%s\n", label, decimals, v, *unit ? " " : "",
                  unit);
  else
    std::snprintf(buf, sizeof buf, "  %-30s %12s\n", label, "-");
  out += buf;
}

std::string cell(double v) {
  if (!std::isfinite(v)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string clock(double seconds) {
  if (!std::isfinite(seconds)) return "-";
  const long s = std::lround(seconds);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  return buf;
}

void zones_lines(std::string& out, const ZoneTimes& z, const char* unit) {
  for (std::size_t i = 0; i < z.lower.size(); ++i) {
    char label[64];
    std::snprintf(label, sizeof label, "zone %zu (from %.0f %s)", i + 1, z.lower[i], unit);
    char buf[128];
    std::snprintf(buf, sizeof buf, "  %-30s %12s\n", label, clock(z.seconds[i]).c_str());
    out += buf;
  }
}

}  // namespace

nlohmann::json to_json(const ActivityMetrics& m) {
  json efforts = json::array();
  for (const BestEffort& e : m.best_efforts)
    efforts.push_back({{"distance_m", e.distance_m},
                       {"time_s", number_or_null(e.time_s)},
                       {"start_s", number_or_null(e.start_s)}});
  json best_power = json::array();
  for (const BestPower& b : m.best_power)
    best_power.push_back(
        {{"duration_s", b.duration_s}, {"watts", number_or_null(b.watts)}, {"start_s", b.start_s}});
  json decoupling = nullptr;
  if (m.decoupling)
    decoupling = {{"basis", m.decoupling->basis},
                  {"first_half_ratio", number_or_null(m.decoupling->first_half_ratio)},
                  {"second_half_ratio", number_or_null(m.decoupling->second_half_ratio)},
                  {"percent", number_or_null(m.decoupling->percent)}};
  return {{"samples", m.samples},
          {"duration_s", number_or_null(m.duration_s)},
          {"elapsed_s", number_or_null(m.elapsed_s)},
          {"moving_s", number_or_null(m.moving_s)},
          {"distance_m", number_or_null(m.distance_m)},
          {"elevation_gain_m", number_or_null(m.elevation_gain_m)},
          {"avg_speed_mps", number_or_null(m.avg_speed_mps)},
          {"max_speed_mps", number_or_null(m.max_speed_mps)},
          {"avg_cadence_rpm", number_or_null(m.avg_cadence_rpm)},
          {"max_cadence_rpm", number_or_null(m.max_cadence_rpm)},
          {"avg_temperature_c", number_or_null(m.avg_temperature_c)},
          {"efficiency_factor", number_or_null(m.efficiency_factor)},
          {"power", m.power ? power_json(*m.power) : json(nullptr)},
          {"heart_rate", m.heart_rate ? heart_rate_json(*m.heart_rate) : json(nullptr)},
          {"decoupling", decoupling},
          {"best_efforts", efforts},
          {"best_power", best_power},
          {"pacing", m.pacing ? pacing_json(*m.pacing) : json(nullptr)}};
}

std::string format_metrics(const ActivityMetrics& m) {
  std::string out = "summary\n";
  char buf[160];
  std::snprintf(buf, sizeof buf, "  %-30s %12s\n  %-30s %12s\n  %-30s %12s\n", "duration (samples)",
                clock(m.duration_s).c_str(), "elapsed", clock(m.elapsed_s).c_str(), "moving",
                clock(m.moving_s).c_str());
  out += buf;
  line(out, "distance", m.distance_m / 1000.0, "km", 2);
  line(out, "elevation gain", m.elevation_gain_m, "m", 0);
  line(out, "average speed", m.avg_speed_mps * 3.6, "km/h");
  line(out, "max speed", m.max_speed_mps * 3.6, "km/h");
  line(out, "average cadence (non-zero)", m.avg_cadence_rpm, "rpm");
  line(out, "average temperature", m.avg_temperature_c, "C");
  if (m.power) {
    const PowerMetrics& p = *m.power;
    out += "power (FTP " + std::to_string(std::lround(p.ftp_w)) + " W)\n";
    line(out, "average", p.avg_w, "W");
    line(out, "average (non-zero)", p.avg_nonzero_w, "W");
    line(out, "max", p.max_w, "W", 0);
    line(out, "work", p.work_kj, "kJ");
    line(out, "NP (GoldenCheetah)", p.np_gc_w, "W");
    line(out, "NP (Coggan, full windows)", p.np_coggan_w, "W");
    line(out, "xPower", p.xpower_w, "W");
    line(out, "IF (GoldenCheetah)", p.if_gc, "", 3);
    line(out, "TSS (GoldenCheetah)", p.tss_gc, "");
    line(out, "IF (Coggan)", p.if_coggan, "", 3);
    line(out, "TSS (Coggan)", p.tss_coggan, "");
    line(out, "BikeScore (xPower TSS)", p.xpower_tss, "");
    line(out, "VI", p.vi, "", 3);
    line(out, "EF (NP / avg HR)", m.efficiency_factor, "W/bpm", 3);
    zones_lines(out, p.zones, "W");
  }
  if (m.heart_rate) {
    const HeartRateMetrics& h = *m.heart_rate;
    out += "heart rate\n";
    line(out, "average (non-zero)", h.avg_bpm, "bpm");
    line(out, "max", h.max_bpm, "bpm", 0);
    line(out, "TRIMP Banister (GoldenCheetah)", h.trimp_banister_gc, "");
    line(out, "TRIMP Banister (per second)", h.trimp_banister_integrated, "");
    line(out, "TRIMP Edwards", h.trimp_edwards, "");
    zones_lines(out, h.zones, "bpm");
  }
  if (m.decoupling) {
    out += "decoupling (" + m.decoupling->basis + ":HR)\n";
    line(out, "first half / second half drift", m.decoupling->percent, "%");
  }
  if (!m.best_power.empty()) out += "best power\n";
  for (const BestPower& b : m.best_power) {
    const std::string label = clock(b.duration_s) + " from " + clock(b.start_s);
    line(out, label.c_str(), b.watts, "W");
  }
  if (!m.best_efforts.empty()) out += "best efforts\n";
  for (const BestEffort& e : m.best_efforts) {
    std::snprintf(buf, sizeof buf, "  %-30s %12s\n",
                  (std::to_string(std::lround(e.distance_m)) + " m").c_str(),
                  clock(e.time_s).c_str());
    out += buf;
  }
  if (m.pacing) {
    out += "pacing by " + m.pacing->basis + " quarter (power W / speed km/h / HR bpm)\n";
    for (std::size_t q = 0; q < 4; ++q) {
      const PacingQuarter& p = m.pacing->quarters[q];
      std::snprintf(buf, sizeof buf, "  Q%zu %10s %10s %10s\n", q + 1, cell(p.power_w).c_str(),
                    cell(p.speed_mps * 3.6).c_str(), cell(p.heart_rate_bpm).c_str());
      out += buf;
    }
  }
  return out;
}

}  // namespace podium::sensor
