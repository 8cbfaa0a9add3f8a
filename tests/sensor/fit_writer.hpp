// A tiny FIT writer for tests and fuzz seeds: definition and data messages (either byte order,
// developer fields, compressed-timestamp headers), a 12- or 14-byte header and the file CRC, so a
// test states its input byte by byte and can break exactly one thing.
//
//   FitWriter w;
//   w.define(0, 20, {{253, 4, kFitUint32}, {7, 2, kFitUint16}});
//   w.data(0, {u32(1000000000), u16(250)});
//   std::string bytes = w.file();
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "sensor/fit_stream.hpp"

namespace podium::sensor::test {

using Bytes = std::vector<std::uint8_t>;

struct Value {
  std::uint64_t v;
  int size;
};
inline Value u8(std::uint64_t v) {
  return {v, 1};
}
inline Value u16(std::uint64_t v) {
  return {v, 2};
}
inline Value u32(std::uint64_t v) {
  return {v, 4};
}

class FitWriter {
 public:
  struct Field {
    std::uint8_t number, size, base_type;
  };
  struct DevField {
    std::uint8_t number, size, developer_data_index;
  };

  FitWriter& define(std::uint8_t local, std::uint16_t global, std::vector<Field> fields,
                    bool big_endian = false, std::vector<DevField> developer = {}) {
    big_[local & 0x0F] = big_endian;
    body_.push_back(static_cast<std::uint8_t>(0x40 | (developer.empty() ? 0 : 0x20) | local));
    body_.push_back(0);
    body_.push_back(big_endian ? 1 : 0);
    put(body_, global, 2, big_endian);
    body_.push_back(static_cast<std::uint8_t>(fields.size()));
    for (const Field& f : fields) {
      body_.push_back(f.number);
      body_.push_back(f.size);
      bool multi = fit_base_type(f.base_type) && fit_base_type(f.base_type)->size > 1;
      body_.push_back(static_cast<std::uint8_t>(f.base_type | (multi ? 0x80 : 0)));
    }
    if (!developer.empty()) {
      body_.push_back(static_cast<std::uint8_t>(developer.size()));
      for (const DevField& f : developer) {
        body_.push_back(f.number);
        body_.push_back(f.size);
        body_.push_back(f.developer_data_index);
      }
    }
    return *this;
  }

  // A normal data message; values in the byte order of the local type's definition.
  FitWriter& data(std::uint8_t local, std::initializer_list<Value> values) {
    body_.push_back(local);
    for (const Value& v : values)
      put(body_, v.v, v.size, big_[local & 0x0F]);
    return *this;
  }

  FitWriter& compressed(std::uint8_t local, std::uint8_t time_offset,
                        std::initializer_list<Value> values) {
    body_.push_back(static_cast<std::uint8_t>(0x80 | (local & 3) << 5 | (time_offset & 0x1F)));
    for (const Value& v : values)
      put(body_, v.v, v.size, big_[local & 0x0F]);
    return *this;
  }

  FitWriter& raw(const Bytes& bytes) {
    body_.insert(body_.end(), bytes.begin(), bytes.end());
    return *this;
  }

  FitWriter& string(const std::string& s, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i)
      body_.push_back(i < s.size() ? static_cast<std::uint8_t>(s[i]) : 0);
    return *this;
  }

  std::size_t body_size() const { return body_.size(); }

  // Header (14 bytes with its CRC, or 12), the messages, the file CRC.
  std::string file(bool header14 = true) const {
    Bytes out;
    out.push_back(header14 ? 14 : 12);
    out.push_back(0x20);  // protocol 2.0
    put(out, 2132, 2, false);
    put(out, body_.size(), 4, false);
    for (char c : std::string(".FIT"))
      out.push_back(static_cast<std::uint8_t>(c));
    if (header14) put(out, fit_crc16(0, out.data(), 12), 2, false);
    out.insert(out.end(), body_.begin(), body_.end());
    put(out, fit_crc16(0, out.data(), out.size()), 2, false);
    return std::string(out.begin(), out.end());
  }

  static void put(Bytes& out, std::uint64_t v, int size, bool big) {
    for (int i = 0; i < size; ++i) {
      int shift = 8 * (big ? size - 1 - i : i);
      out.push_back(static_cast<std::uint8_t>(v >> shift));
    }
  }

 private:
  Bytes body_;
  bool big_[16] = {};
};

}  // namespace podium::sensor::test
