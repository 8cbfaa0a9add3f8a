// Critical power and W' fitted to one mean-maximal power curve (mmp.hpp).
//
// Contract: every fit reads MMP points (duration t in s, curve.watts[t] in W) and returns
// std::nullopt when the curve is too short for its window (stated per function) or the fit is
// degenerate (a non-finite or non-positive CP, W' below 1 J, or a 3-parameter fit with no finite
// Pmax). Models (docs/power-duration.md): 2-parameter P(t) = W'/t + CP (Monod & Scherrer 1965);
// 3-parameter P(t) = W'/(t - k) + CP, k = W'/(CP - Pmax) < 0 (Morton 1996). GoldenCheetah writes
// them as P = cp(1 + tau/(t/60 + t0)), so W' = 60 cp tau, k = -60 t0 s (tau, t0 in minutes).
// Every fit fills points (how many MMP points it used), rmse_w and r2 of the fitted power P(t)
// against MMP(t) on exactly those points (power space for every model, so fits compare), and
// tau_min = W'/(60 CP). pmax_w, k_s: NaN for 2-parameter models. cp_se_w, wprime_se_j: standard
// errors where the method has them (least squares), NaN for the cherry-pick iteration.
// `model` names: "cp2_linear_work_time", "cp2_gc_cherrypick", "cp3_gc_cherrypick" (the golden
// keys), "morton3_nls", "cp2_power_least_squares".
//
//   MmpCurve c = mean_max_power(grid);
//   if (auto fit = fit_cp2_cherrypick(c)) report(fit->cp_w, fit->wprime_j);
#pragma once

#include <optional>
#include <string>

#include "podium/sensor/mmp.hpp"

namespace podium::sensor {

struct CpFit {
  std::string model;
  double cp_w = 0;
  double wprime_j = 0;
  double pmax_w = 0;  // NaN for 2-parameter models
  double k_s = 0;     // Morton's k (< 0); NaN for 2-parameter models
  double tau_min = 0;
  int iterations = 0;  // 0 for closed-form fits
  int points = 0;
  double rmse_w = 0;
  double r2 = 0;
  double cp_se_w = 0;      // NaN if the method gives none
  double wprime_se_j = 0;  // NaN if the method gives none
};

// GoldenCheetah PDModel "LinearRegression" (activity-ref cpLinearWT): least squares of work
// MMP(t) t = CP t + W' over t = 121..1200 s. Needs durations up to 1200 s (watts.size() > 1200).
// Standard errors are the ordinary least-squares ones of slope and intercept in work space.
std::optional<CpFit> fit_cp2_linear(const MmpCurve& curve);

// GoldenCheetah PDModel::deriveCPParameters "cherry-pick" iteration (activity-ref cpGC): start
// tau = 1 min, t0 = 0; repeat cp = max over t = 720..1199 s of MMP(t)/(1 + tau/(t0 + t/60)), tau =
// max(0.5, max over t = 120..200 s of (MMP(t)/cp - 1)(t/60 + t0) - t0), and for the 3-parameter
// model t0 = tau/(MMP(1 s)/cp - 1) - 1/60, until tau and t0 move <= 1e-4 or after 101 rounds
// (iterations counts rounds as activity-ref does). Needs durations up to 1199 s
// (watts.size() >= 1200). points: 561 (120..200 s and 720..1199 s), 562 with 1 s for CP3. CP3's
// pmax_w is GoldenCheetah's P(1 s) = cp(1 + tau/(1/60 + t0)), not Morton's P(0).
std::optional<CpFit> fit_cp2_cherrypick(const MmpCurve& curve);
std::optional<CpFit> fit_cp3_cherrypick(const MmpCurve& curve);

// Morton 3-parameter model by nonlinear least squares in power (Ceres, Levenberg-Marquardt) on
// log-spaced durations from_s..to_s (steps of 5 %, rounded to whole seconds, duplicates dropped,
// so each decade of duration weighs the same; 120..1200 s gives 49 points). pmax_w = CP - W'/k
// (P at t = 0). With from_s >= 120 Pmax is an extrapolation; pass from_s = 1 to pin it down.
// Standard errors: sqrt of the diagonal of (J^T J)^-1 s^2, s^2 = residual sum of squares /
// (points - 3). Needs watts.size() > to_s. Error(InvalidInput) unless 1 <= from_s < to_s.
std::optional<CpFit> fit_morton3(const MmpCurve& curve, int from_s = 120, int to_s = 1200);

// 2-parameter model fitted in power space, P = CP + W' (1/t), on the same log-spaced points as
// fit_morton3. The model is linear in (CP, W'), so the least-squares solution (and its standard
// errors) is closed form: exactly what an iterative solver would converge to.
std::optional<CpFit> fit_cp2_nonlinear(const MmpCurve& curve, int from_s = 120, int to_s = 1200);

}  // namespace podium::sensor
