// What `podium careers peak-age` and GET /api/v1/careers share: the study's parameters, their
// checks, the study on the stored results, and its JSON. The science is career::peak_age_study.
//
// Contract: peak_age_options throws Error(InvalidInput) naming the field for a value outside its
// set (the CLI's own checks say the same earlier); run_peak_age_study throws Error(NotFound) when
// the store has no results.
//
//   PeakAgeRequest r;  r.bootstrap = 200;
//   const career::PeakAgeStudy s = run_peak_age_study(store, r);
//   std::puts(peak_age_json(s, r).dump().c_str());
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "podium/career/peak_age.hpp"
#include "podium/core/threads.hpp"
#include "podium/store/store.hpp"

namespace podium::app {

struct PeakAgeRequest {
  double min_points = 700;
  int from = 1993, to = 2021, top = 500;
  std::string performance = "points-per-race";
  std::string clusters = "4";        // k, or "auto"
  std::string degree = "auto";       // 1..4, or "auto"
  std::string model = "both";        // polynomial, mixed, both, joint (the CLI's default)
  std::string level = "per-season";  // per-season (points per season entered), total
  int min_races = 5;                 // joint model: seasons with fewer races left out
  std::string basis = "cubic";       // joint model: quadratic, cubic, quartic, spline
  int knots = 5;                     // joint model, spline basis: knots 3..7
  int influence = 5;                 // joint model: riders listed per group by influence
  bool bootstrap_refit = false;      // joint model: refit the covariance in every resample
  std::string variance = "reml";     // reml, ml
  int bootstrap = 1000, permutations = 1000, threads = all_cores();
  std::uint64_t seed = 1;
  bool youth = false;
};

career::PeakAgeOptions peak_age_options(const PeakAgeRequest& request);
career::PeakAgeStudy run_peak_age_study(const store::Store& db, const PeakAgeRequest& request);
nlohmann::json peak_age_json(const career::PeakAgeStudy& study, const PeakAgeRequest& request);

}  // namespace podium::app
