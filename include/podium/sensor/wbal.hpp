// W' balance: how much of W' (the work capacity above critical power) is left, second by second.
//
// Contract: input is the zero-filled 1 Hz grid (`zero_filled_power`, series.hpp), cp_w > 0 W and
// wprime_j > 0 J, else Error(InvalidInput, "cp_w: -5: must be > 0"). wbal_j[t] is W'bal in joules
// after second t (size = grid size); it can go negative when the ride exceeds the given W'. min_j
// is the smallest value and min_at_s its first second (W' and 0 when it never drops); end_j the
// last value (W' for an empty grid).
//
// `wbal_integral` (Skiba, Chidnok, Vanhatalo & Jones 2012): W'bal(t) = W' - sum_{u<=t} max(P(u) -
// CP, 0) e^{-(t-u)/tau}, tau = trunc(546 e^{-0.01 D_CP} + 316) s, D_CP = CP - mean of the samples
// below CP. Exactly as GoldenCheetah WPrime.cpp / activity-ref `wbal`: the LAST sample enters
// neither the excess nor D_CP (so a 1-sample grid stays at W'), and with no sample below CP,
// D_CP = CP. tau_s holds tau. O(n) through the recursive form I(t) = I(t-1) e^{-1/tau} + excess(t).
// `wbal_differential` (Skiba, Fulford, Clarke, Vanhatalo & Jones 2015; "Froncioni / Clarke" in
// WPrime.cpp): P >= CP: W'bal -= (P - CP); P < CP: W'bal += (CP - P)(W' - W'bal)/W', every sample
// including the last, 1 s steps; tau_s is NaN. GoldenCheetah refuses rides past 25 h; that limit is
// the caller's (metrics) choice, these functions take any length. docs/power-duration.md.
//
//   WbalSeries w = wbal_integral(zero_filled_power(series), 280.0, 20000.0);
//   bool emptied = w.min_j <= 0.0;
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace podium::sensor {

struct WbalSeries {
  std::vector<double> wbal_j;  // W'bal after each second of the grid, joules
  double min_j = 0.0;
  std::int32_t min_at_s = 0;  // first second at which min_j is reached
  double end_j = 0.0;
  double tau_s = 0.0;  // integral form's recovery time constant; NaN for the differential form
};

WbalSeries wbal_integral(std::span<const std::int32_t> grid_w, double cp_w, double wprime_j);
WbalSeries wbal_differential(std::span<const std::int32_t> grid_w, double cp_w, double wprime_j);

}  // namespace podium::sensor
