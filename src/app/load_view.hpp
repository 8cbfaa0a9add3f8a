// What `podium load` and GET /api/v1/athletes/{id}/load compute: an athlete's PMC over a day
// range and the Banister fit, from the store, and the JSON both give. The domain work is
// sensor::analyze_load; this gathers the store's daily values and names the choices.
//
// Contract: Error(NotFound) for an unknown athlete; Error(Forbidden) without the athlete's
// consent to performance modelling (Governance::require_consent); Error(InvalidInput) when no
// activity has `metric` and there is no plan, or for a bad range. Days with no value count as 0
// load.
//
//   LoadReport r = compute_load(store, {.athlete = "A0001"});
//   std::puts(load_json(r).dump().c_str());
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "podium/sensor/load.hpp"
#include "podium/store/store.hpp"

namespace podium::app {

struct LoadRequest {
  std::string athlete;
  std::string metric = "tss_gc";
  std::string marker = "mmp_300_w";
  std::string convention = "gc";  // "gc" (exponential) or "tp" (linear)
  double ctl_days = 42, atl_days = 7, ctl_seed = 0, atl_seed = 0;
  std::optional<std::int32_t> first_day, last_day;    // default: the data's range
  std::vector<std::pair<std::int32_t, double>> plan;  // planned (day, load)
};

struct LoadReport {
  LoadRequest request;
  std::int32_t first_day = 0, last_day = 0;
  std::int32_t last_done_day = 0;  // the last day with an activity (first_day - 1 when none)
  sensor::LoadAnalysis analysis;
  std::vector<std::string> notes;
};

LoadReport compute_load(store::Store& store, const LoadRequest& request);
nlohmann::json load_json(const LoadReport& report);

}  // namespace podium::app
