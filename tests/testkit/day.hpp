// A calendar day for test data: ymd(2024, 3, 1); the date must exist.
#pragma once

#include "podium/career/results.hpp"

namespace podium::testkit {

inline career::Day ymd(int y, int m, int d) {
  return *career::day_from_ymd(y, m, d);
}

}  // namespace podium::testkit
