#include "fit_stream.hpp"

#include <bit>
#include <cstring>
#include <limits>

#include "podium/core/numbers.hpp"

namespace podium::sensor {
namespace {

constexpr FitBaseType kBaseTypes[] = {
    {"enum", 1},    {"sint8", 1},  {"uint8", 1},   {"sint16", 2},  {"uint16", 2},  {"sint32", 4},
    {"uint32", 4},  {"string", 1}, {"float32", 4}, {"float64", 8}, {"uint8z", 1},  {"uint16z", 2},
    {"uint32z", 4}, {"byte", 1},   {"sint64", 8},  {"uint64", 8},  {"uint64z", 8},
};

std::uint64_t read_unsigned(const std::uint8_t* p, int size, bool little) {
  std::uint64_t v = 0;
  for (int i = 0; i < size; ++i) {
    int shift = 8 * (little ? i : size - 1 - i);
    v |= static_cast<std::uint64_t>(p[i]) << shift;
  }
  return v;
}

// The FIT protocol document gives this CRC (reflected polynomial 0xA001, initial 0, i.e.
// CRC-16/ARC) four bits at a time; decoding is dominated by it, so podium computes the same CRC
// eight bytes at a time ("slicing-by-8"). fit_test.cpp checks it against the nibble form.
struct CrcTables {
  std::uint16_t t[8][256];
  constexpr CrcTables() : t() {
    for (int i = 0; i < 256; ++i) {
      std::uint16_t crc = static_cast<std::uint16_t>(i);
      for (int bit = 0; bit < 8; ++bit)
        crc = static_cast<std::uint16_t>((crc & 1) != 0 ? (crc >> 1) ^ 0xA001 : crc >> 1);
      t[0][i] = crc;
    }
    for (int k = 1; k < 8; ++k)
      for (int i = 0; i < 256; ++i)
        t[k][i] = static_cast<std::uint16_t>((t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFF]);
  }
};
constexpr CrcTables kCrc;

}  // namespace

const FitBaseType* fit_base_type(std::uint8_t base_type) {
  return base_type <= kFitUint64z ? &kBaseTypes[base_type] : nullptr;
}

std::uint16_t fit_crc16(std::uint16_t crc, const std::uint8_t* data, std::size_t size) {
  const auto& t = kCrc.t;
  std::size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    const std::uint8_t* p = data + i;
    std::uint32_t x = crc ^ (p[0] | static_cast<std::uint32_t>(p[1]) << 8);
    crc = static_cast<std::uint16_t>(t[7][x & 0xFF] ^ t[6][x >> 8] ^ t[5][p[2]] ^ t[4][p[3]] ^
                                     t[3][p[4]] ^ t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]]);
  }
  for (; i < size; ++i)
    crc = static_cast<std::uint16_t>((crc >> 8) ^ t[0][(crc ^ data[i]) & 0xFF]);
  return crc;
}

std::uint16_t fit_u16(const std::uint8_t* p, bool little) {
  return static_cast<std::uint16_t>(read_unsigned(p, 2, little));
}

std::uint32_t fit_u32(const std::uint8_t* p, bool little) {
  return static_cast<std::uint32_t>(read_unsigned(p, 4, little));
}

double fit_element(std::uint8_t base_type, const std::uint8_t* p, bool little) {
  switch (base_type) {
    case kFitEnum:
    case kFitUint8:
    case kFitByte:
      return p[0] == 0xFF ? kNaN : p[0];
    case kFitUint8z:
      return p[0] == 0 ? kNaN : p[0];
    case kFitSint8:
      return p[0] == 0x7F ? kNaN : static_cast<std::int8_t>(p[0]);
    case kFitUint16: {
      std::uint64_t v = read_unsigned(p, 2, little);
      return v == 0xFFFF ? kNaN : static_cast<double>(v);
    }
    case kFitUint16z: {
      std::uint64_t v = read_unsigned(p, 2, little);
      return v == 0 ? kNaN : static_cast<double>(v);
    }
    case kFitSint16: {
      std::uint64_t v = read_unsigned(p, 2, little);
      return v == 0x7FFF ? kNaN : static_cast<std::int16_t>(v);
    }
    case kFitUint32: {
      std::uint64_t v = read_unsigned(p, 4, little);
      return v == 0xFFFFFFFF ? kNaN : static_cast<double>(v);
    }
    case kFitUint32z: {
      std::uint64_t v = read_unsigned(p, 4, little);
      return v == 0 ? kNaN : static_cast<double>(v);
    }
    case kFitSint32: {
      std::uint64_t v = read_unsigned(p, 4, little);
      return v == 0x7FFFFFFF ? kNaN : static_cast<std::int32_t>(v);
    }
    case kFitFloat32: {
      auto bits = static_cast<std::uint32_t>(read_unsigned(p, 4, little));
      return static_cast<double>(std::bit_cast<float>(bits));  // all-ones is a NaN already
    }
    case kFitFloat64:
      return std::bit_cast<double>(read_unsigned(p, 8, little));
    case kFitUint64: {
      std::uint64_t v = read_unsigned(p, 8, little);
      return v == ~std::uint64_t{0} ? kNaN : static_cast<double>(v);
    }
    case kFitUint64z: {
      std::uint64_t v = read_unsigned(p, 8, little);
      return v == 0 ? kNaN : static_cast<double>(v);
    }
    case kFitSint64: {
      std::uint64_t v = read_unsigned(p, 8, little);
      return v == 0x7FFFFFFFFFFFFFFF ? kNaN : static_cast<double>(static_cast<std::int64_t>(v));
    }
    default:
      return kNaN;  // strings and unknown types carry no number
  }
}

std::string fit_string(const std::uint8_t* p, std::size_t size) {
  const void* nul = std::memchr(p, 0, size);
  std::size_t n =
      nul == nullptr ? size : static_cast<std::size_t>(static_cast<const std::uint8_t*>(nul) - p);
  return std::string(reinterpret_cast<const char*>(p), n);
}

}  // namespace podium::sensor
