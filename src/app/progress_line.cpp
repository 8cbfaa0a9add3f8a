#include "progress_line.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace podium::app {

namespace {

std::string duration_text(double s) {
  char buf[32];
  if (s < 90) {
    std::snprintf(buf, sizeof buf, "%.0f s", s);
  } else if (s < 5400) {
    std::snprintf(buf, sizeof buf, "%.0f min", s / 60);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f h", s / 3600);
  }
  return buf;
}

}  // namespace

ProgressLine::ProgressLine(bool enabled) : enabled_(enabled), t0_(Clock::now()) {}

void ProgressLine::update(const char* unit, std::int64_t done, std::int64_t total,
                          const std::string& extra, bool force) {
  if (!enabled_) return;
  const double s = std::chrono::duration<double>(Clock::now() - t0_).count();
  if (!force && last_s_ >= 0 && s - last_s_ < 0.25) return;
  last_s_ = s;
  const double per_s = static_cast<double>(done) / std::max(s, 1e-9);
  char rate[48];
  if (std::strcmp(unit, "frame") == 0) {
    std::snprintf(rate, sizeof rate, "%.1f fps", per_s);
  } else if (per_s >= 1) {
    std::snprintf(rate, sizeof rate, "%.1f %ss/s", per_s, unit);
  } else {
    std::snprintf(rate, sizeof rate, "%.1f s/%s", done > 0 ? s / static_cast<double>(done) : 0.0,
                  unit);
  }
  // Built with append: GCC 12's -Wrestrict misfires on chained operator+ of std::string.
  std::string line(unit);
  line.append(" ").append(std::to_string(done));
  if (total > 0) line.append("/").append(std::to_string(total));
  line.append("  ").append(rate);
  if (total > 0 && done > 0) {
    const double eta = static_cast<double>(std::max<std::int64_t>(0, total - done)) / per_s;
    line.append("  ETA ").append(duration_text(eta));
  }
  if (!extra.empty()) line.append("  ").append(extra);
  // Pad over what the previous, possibly longer, line left on the terminal.
  const std::size_t shown = line.size();
  if (line.size() < width_) line.append(width_ - line.size(), ' ');
  width_ = shown;
  std::fprintf(stderr, "\r%s", line.c_str());
}

void ProgressLine::done() {
  if (enabled_ && last_s_ >= 0) std::fprintf(stderr, "\r%*s\r", static_cast<int>(width_), "");
}

}  // namespace podium::app
