// The one JSON shape of an athlete's settings entry, shared by `podium athlete show --json`, the
// API (GET /api/v1/athletes/{id}) and exports, so that a reader of one reads them all.
//
// Contract: {"from": <from>, "ftp_w", "cp_w", "wprime_j", "weight_kg", "hr_max_bpm",
// "hr_rest_bpm", "sex": "female"|"male", "power_zones": [...], "hr_zones": [...]}. `from` is
// what the caller dates the entry by: an ISO day (CLI, API) or days since the athlete's first
// activity (pseudonymised exports).
//
//   j["settings"].push_back(settings_json(s, iso_from_day(s.effective_from_day)));
#pragma once

#include <nlohmann/json.hpp>

#include "podium/store/rows.hpp"

namespace podium::store {

nlohmann::json settings_json(const AthleteSettings& s, const nlohmann::json& from);

}  // namespace podium::store
