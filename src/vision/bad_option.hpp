// The one message format of a rejected analysis option (internal to analyze.cpp and
// track_series.cpp): Error(InvalidInput) "<flag> <value> <rule>", e.g. "--max-gap -1 must be >= 0".
#pragma once

#include <string>

#include "podium/core/error.hpp"

namespace podium::vision {

[[noreturn]] inline void bad_option(const std::string& field, const std::string& value,
                                    const std::string& rule) {
  throw Error(ErrorKind::InvalidInput, field + " " + value + " " + rule);
}

}  // namespace podium::vision
