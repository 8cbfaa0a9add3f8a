// The Performance Manager Chart: CTL / ATL as exponentially weighted daily load in the
// GoldenCheetah (e^(-1/tau)) or TrainingPeaks (1/tau) form, TSB on both days, the 7-day ramp and
// Foster's monotony and strain. Equations and the golden check: docs/load.md.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/sensor/load.hpp"

namespace podium::sensor {
namespace {

constexpr std::size_t kWeekDays = 7;
// A week's SD at or below this fraction of its mean counts as 0: seven equal loads can leave a
// rounding-sized SD, and their monotony is meant to be undefined, not 1e16.
constexpr double kZeroSdFraction = 1e-12;

void validate(const PmcOptions& o) {
  const bool linear = o.convention == PmcConvention::Linear;
  for (const auto& [field, value] : {std::pair{"ctl_days", o.ctl_days}, {"atl_days", o.atl_days}}) {
    if (!std::isfinite(value) || value <= 0) reject_option("", field, value, "must be > 0");
    // With 1/tau as the gain, tau < 1 would overshoot the day's load and oscillate.
    if (linear && value < 1)
      reject_option("", field, value, "must be >= 1 with the linear convention");
  }
  for (const auto& [field, value] : {std::pair{"ctl_seed", o.ctl_seed}, {"atl_seed", o.atl_seed}}) {
    if (!std::isfinite(value) || value < 0)
      reject_option("", field, value, "must be finite and >= 0");
  }
}

// Today's value of a load average with time constant tau_days after a day with load `tss`.
class LoadAverage {
 public:
  LoadAverage(double tau_days, double seed, PmcConvention convention)
      : value_(seed),
        convention_(convention),
        decay_(std::exp(-1.0 / tau_days)),
        tau_days_(tau_days) {}

  double add(double tss) {
    if (convention_ == PmcConvention::Exponential)
      value_ = tss * (1 - decay_) + value_ * decay_;
    else
      value_ = value_ + (tss - value_) / tau_days_;
    return value_;
  }

 private:
  double value_;
  PmcConvention convention_;
  double decay_;
  double tau_days_;
};

// Foster 1998: mean / SD of the week's daily loads (population SD: the seven days are the whole
// week, not a sample of it); strain = the week's total x monotony.
void set_monotony(std::span<const double> week, PmcDay& day) {
  double sum = 0;
  for (double load : week)
    sum += load;
  const double mean = sum / static_cast<double>(week.size());
  double squares = 0;
  for (double load : week)
    squares += (load - mean) * (load - mean);
  const double sd = std::sqrt(squares / static_cast<double>(week.size()));
  if (!(sd > kZeroSdFraction * mean)) {
    day.monotony = day.strain = std::numeric_limits<double>::quiet_NaN();
    return;
  }
  day.monotony = mean / sd;
  day.strain = sum * day.monotony;
}

}  // namespace

std::vector<PmcDay> pmc(std::int32_t first_day, std::span<const double> daily_tss,
                        const PmcOptions& options) {
  validate(options);
  if (static_cast<std::int64_t>(first_day) + static_cast<std::int64_t>(daily_tss.size()) >
      std::numeric_limits<std::int32_t>::max())
    reject_option("", "daily_tss", static_cast<double>(daily_tss.size()),
                  "days run past the last int32 day");
  for (std::size_t i = 0; i < daily_tss.size(); ++i) {
    if (!std::isfinite(daily_tss[i]) || daily_tss[i] < 0)
      reject_option("", "daily_tss[" + std::to_string(i) + "]", daily_tss[i],
                    "must be finite and >= 0");
  }
  LoadAverage ctl(options.ctl_days, options.ctl_seed, options.convention);
  LoadAverage atl(options.atl_days, options.atl_seed, options.convention);
  std::vector<PmcDay> days(daily_tss.size());
  double tsb_before = options.ctl_seed - options.atl_seed;
  for (std::size_t i = 0; i < daily_tss.size(); ++i) {
    PmcDay& d = days[i];
    d.day = static_cast<std::int32_t>(first_day + static_cast<std::int64_t>(i));
    d.tss = daily_tss[i];
    d.ctl = ctl.add(d.tss);
    d.atl = atl.add(d.tss);
    d.tsb_yesterday = tsb_before;
    d.tsb_today = d.ctl - d.atl;
    tsb_before = d.tsb_today;
    d.ramp_7d = d.ctl - (i >= kWeekDays ? days[i - kWeekDays].ctl : options.ctl_seed);
    if (i + 1 >= kWeekDays)
      set_monotony(daily_tss.subspan(i + 1 - kWeekDays, kWeekDays), d);
    else
      d.monotony = d.strain = std::numeric_limits<double>::quiet_NaN();
  }
  return days;
}

}  // namespace podium::sensor
