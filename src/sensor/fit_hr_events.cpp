#include "fit_hr_events.hpp"

#include <algorithm>
#include <cmath>

#include "fit_fields.hpp"
#include "fit_profile.hpp"
#include "fit_stream.hpp"
#include "podium/sensor/activity.hpp"

namespace podium::sensor {

std::vector<double> HrEventTimes::read(const FitMessage& m) {
  std::vector<double> times;
  const FitFieldDef* full = fit_find_field(m, fit::kHrEventTimestamp);
  if (full != nullptr && full->base_type != kFitString) {
    bool any = false;
    for (double v : fit_numbers(m, fit::kHrEventTimestamp)) {
      constexpr double kMaxUint32 = 4294967295.0;
      if (!(v >= 0 && v <= kMaxUint32) || v != std::floor(v)) v = kMissing;
      times.push_back(v / fit::kHrEventTimestampScale);
      if (std::isnan(v)) continue;
      any = true;
      total_1024ths_ = static_cast<std::uint64_t>(v);
      last_ = static_cast<std::uint32_t>(v);
    }
    if (any) have_counter_ = true;
    if (!any) times.clear();
  }
  const FitFieldDef* packed = fit_find_field(m, fit::kHrEventTimestamp12);
  if (packed == nullptr) return times;
  const std::uint8_t* p = m.data + packed->offset;
  if (std::all_of(p, p + packed->size, [](std::uint8_t b) { return b == 0xFF; })) return times;
  times.clear();
  constexpr std::size_t kMaxPacked = 10;  // the profile defines ten 12-bit components
  const std::size_t count = std::min<std::size_t>(packed->size * 8 / 12, kMaxPacked);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t bit = 12 * i;
    const std::uint32_t pair = p[bit / 8] | (bit / 8 + 1 < packed->size ? p[bit / 8 + 1] << 8 : 0u);
    const std::uint32_t value = (pair >> (bit % 8)) & 0xFFFu;
    if (!have_counter_) {
      total_1024ths_ = value;
      last_ = value;
      have_counter_ = true;
    }
    total_1024ths_ += (value - last_) & 0xFFFu;
    last_ = value;
    times.push_back(static_cast<double>(total_1024ths_) / fit::kHrEventTimestampScale);
  }
  return times;
}

}  // namespace podium::sensor
