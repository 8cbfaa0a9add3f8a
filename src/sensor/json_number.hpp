// Internal to the sensor JSON writers: a number as JSON, NaN and infinities as null (JSON has
// neither).
#pragma once

#include <cmath>

#include <nlohmann/json.hpp>

namespace podium::sensor {

inline nlohmann::json json_number(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

}  // namespace podium::sensor
