// FIT wire level (internal to the FIT reader): the CRC-16 of the FIT protocol, the base types
// with their sizes and invalid values, and reading one element of a field from raw bytes.
//
// Contract: `fit_element` reads one element of base type `base_type` (0x00..0x10, the low five
// bits of the definition byte) at `p`, in the given byte order, and returns it as double, or NaN
// when it is the type's invalid value (0xFF for enum/uint8/byte, 0x7F for sint8, 0 for the z
// types, all-ones patterns for floats, ...). Callers have checked that `p` holds
// `fit_base_type(base_type)->size` bytes. Strings are decoded separately (`fit_string`).
//
//   std::uint16_t crc = fit_crc16(0, bytes.data(), 12);       // header CRC
//   double bpm = fit_element(kFitUint8, p, /*little=*/true);  // NaN when 0xFF
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace podium::sensor {

inline constexpr std::uint8_t kFitEnum = 0x00;
inline constexpr std::uint8_t kFitSint8 = 0x01;
inline constexpr std::uint8_t kFitUint8 = 0x02;
inline constexpr std::uint8_t kFitSint16 = 0x03;
inline constexpr std::uint8_t kFitUint16 = 0x04;
inline constexpr std::uint8_t kFitSint32 = 0x05;
inline constexpr std::uint8_t kFitUint32 = 0x06;
inline constexpr std::uint8_t kFitString = 0x07;
inline constexpr std::uint8_t kFitFloat32 = 0x08;
inline constexpr std::uint8_t kFitFloat64 = 0x09;
inline constexpr std::uint8_t kFitUint8z = 0x0A;
inline constexpr std::uint8_t kFitUint16z = 0x0B;
inline constexpr std::uint8_t kFitUint32z = 0x0C;
inline constexpr std::uint8_t kFitByte = 0x0D;
inline constexpr std::uint8_t kFitSint64 = 0x0E;
inline constexpr std::uint8_t kFitUint64 = 0x0F;
inline constexpr std::uint8_t kFitUint64z = 0x10;
inline constexpr std::uint8_t kFitBaseTypeMask = 0x1F;

// Seconds between the Unix epoch and the FIT epoch 1989-12-31T00:00:00Z.
inline constexpr double kFitEpochUnixS = 631065600.0;
// FIT date_time values below this are seconds since device power-on, not since the FIT epoch.
inline constexpr std::uint32_t kFitMinAbsoluteTime = 0x10000000;

struct FitBaseType {
  const char* name;
  std::uint8_t size;
};

// nullptr when `base_type` is not one of the 17 FIT base types.
const FitBaseType* fit_base_type(std::uint8_t base_type);

// CRC-16 as specified by the FIT protocol (polynomial 0xA001, nibble table), continued from
// `crc` over `size` bytes.
std::uint16_t fit_crc16(std::uint16_t crc, const std::uint8_t* data, std::size_t size);

std::uint16_t fit_u16(const std::uint8_t* p, bool little);
std::uint32_t fit_u32(const std::uint8_t* p, bool little);

double fit_element(std::uint8_t base_type, const std::uint8_t* p, bool little);

// A FIT string field: bytes up to the first NUL; invalid UTF-8 is kept as is.
std::string fit_string(const std::uint8_t* p, std::size_t size);

}  // namespace podium::sensor
