#include "fit_time_checks.hpp"

#include <cmath>
#include <cstdio>
#include <string>

#include "fit_stream.hpp"

namespace podium::sensor {
namespace {

constexpr double kMaxSpanOverElapsed = 2.0;
constexpr double kMaxGapS = 86400.0;

// Counts records matching a condition and remembers where the first one is.
struct Tally {
  std::size_t count = 0;
  std::size_t first_offset = 0;
  void add(std::size_t offset) {
    if (count++ == 0) first_offset = offset;
  }
};

void warn(Activity& a, const Tally& t, const std::string& what) {
  if (t.count > 0)
    a.warnings.push_back({Place{.byte = t.first_offset}, std::to_string(t.count) + " " + what});
}

}  // namespace

void warn_about_record_times(Activity& a, const std::vector<std::size_t>& offsets) {
  Tally relative, backwards, repeated, gaps;
  double previous = kMissing, first = kMissing, last = kMissing;
  for (std::size_t i = 0; i < a.records.size(); ++i) {
    double t = a.records[i].time_utc_s;
    if (std::isnan(t)) continue;
    if (t - kFitEpochUnixS < kFitMinAbsoluteTime) relative.add(offsets[i]);
    if (!std::isnan(previous)) {
      if (t < previous) backwards.add(offsets[i]);
      if (t == previous) repeated.add(offsets[i]);
      if (t - previous > kMaxGapS) gaps.add(offsets[i]);
    }
    previous = t;
    if (std::isnan(first)) first = t;
    last = t;
  }
  warn(a, relative, "record times before 1998-07-04: device clock not set (FIT relative time)");
  warn(a, backwards, "record times go backwards");
  warn(a, repeated, "records repeat the previous record's time");
  warn(a, gaps, "gap(s) of more than a day between records");
  double elapsed = 0;
  for (const Session& s : a.sessions) {
    if (!std::isnan(s.device.elapsed_s)) elapsed += s.device.elapsed_s;
    if (s.device.elapsed_s < s.device.timer_s) {
      char buf[160];
      std::snprintf(buf, sizeof buf,
                    "session elapsed time %.3f s is shorter than its timer time %.3f s",
                    s.device.elapsed_s, s.device.timer_s);
      a.warnings.push_back({Place{.byte = offsets.empty() ? 0 : offsets.front()}, buf});
    }
  }
  if (elapsed > 0 && !std::isnan(first) && last - first > kMaxSpanOverElapsed * elapsed) {
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "records span %.0f s, more than twice the sessions' elapsed time %.0f s",
                  last - first, elapsed);
    a.warnings.push_back({Place{.byte = offsets.front()}, buf});
  }
}

}  // namespace podium::sensor
