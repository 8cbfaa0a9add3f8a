// Helpers shared by the FIT reader's tests: a lenient read, the strict error text, a fresh file
// CRC after editing bytes, and a small ride file to break.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "podium/core/error.hpp"
#include "podium/sensor/read.hpp"
#include "sensor/fit_writer.hpp"

namespace podium::sensor::test {

inline constexpr std::uint32_t kT0 = 1000000000;  // FIT seconds; a multiple of 32
inline constexpr double kT0Unix = 1000000000.0 + 631065600.0;

inline Activity lenient(const std::string& bytes) {
  return read_fit(Source::from_memory("t.fit", bytes), ReadOptions{.strict = false});
}

// After editing header bytes: a fresh file CRC, so that only the intended fault remains.
inline std::string with_file_crc(std::string bytes) {
  auto* p = reinterpret_cast<const std::uint8_t*>(bytes.data());
  std::uint16_t crc = fit_crc16(0, p, bytes.size() - 2);
  bytes[bytes.size() - 2] = static_cast<char>(crc & 0xFF);
  bytes[bytes.size() - 1] = static_cast<char>(crc >> 8);
  return bytes;
}

inline std::string strict_error(const std::string& bytes) {
  try {
    read_fit(Source::from_memory("t.fit", bytes), ReadOptions{.strict = true});
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Format);
    return e.what();
  }
  return "no error";
}

// file_id + record definition (timestamp, power, heart rate) in the given byte order.
inline FitWriter ride(bool big_endian) {
  FitWriter w;
  w.define(0, 0, {{1, 2, kFitUint16}, {2, 2, kFitUint16}, {3, 4, kFitUint32z}}, big_endian);
  w.data(0, {u16(32), u16(31), u32(1234)});
  w.define(1, 20,
           {{253, 4, kFitUint32},
            {7, 2, kFitUint16},
            {3, 1, kFitUint8},
            {2, 2, kFitUint16},
            {6, 2, kFitUint16},
            {0, 4, kFitSint32}},
           big_endian);
  return w;
}

}  // namespace podium::sensor::test
