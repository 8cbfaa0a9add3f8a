// Shared body of the TCX and GPX libFuzzer targets: the bytes go to one XML activity reader in
// lenient and in strict mode. Each run must return an Activity or throw podium::Error. A crash, a
// sanitizer report, any other exception, or these broken promises are bugs (abort):
//  - a strict read that succeeds must agree with the lenient one (same records, same warnings:
//    strict mode can only add failures, never change what a sound file reads as);
//  - a read time is NaN or finite, and the activity's format is the reader's.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "podium/core/error.hpp"
#include "podium/sensor/read.hpp"

namespace podium::sensor {

template <class Reader>
void check_xml_reader(Reader reader, FileFormat format, const std::uint8_t* data,
                      std::size_t size) {
  const Source source =
      Source::from_memory("fuzz", std::string(reinterpret_cast<const char*>(data), size));
  std::optional<Activity> lenient;
  try {
    lenient = reader(source, ReadOptions{.strict = false});
    if (lenient->format != format) std::abort();
    for (const Record& r : lenient->records) {
      if (std::isinf(r.time_utc_s)) std::abort();
    }
  } catch (const Error&) {
  }
  try {
    const Activity strict = reader(source, ReadOptions{.strict = true});
    if (!lenient || strict.records.size() != lenient->records.size() ||
        strict.warnings.size() != lenient->warnings.size()) {
      std::abort();
    }
  } catch (const Error&) {
  }
}

}  // namespace podium::sensor
