// NPY files made by tests: the bytes numpy.save writes for a C-order float array, with the
// version, dtype and header text open to change so that tests can build broken files too.
//
//   const std::string f8 = testkit::npy_bytes({2, 3}, {1, 2, 3, 4, 5, 6});
//   const std::string f4 = testkit::npy_bytes({2}, {1, 2}, {.descr = "<f4", .major = 2});
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace podium::testkit {

struct NpyOptions {
  std::string descr = "<f8";  // '<f4' writes float32, anything else float64 bytes
  int major = 1;
  bool fortran_order = false;
};

inline std::string npy_header_dict(const std::vector<std::uint64_t>& shape, const NpyOptions& o) {
  std::string dims;
  for (const std::uint64_t d : shape)
    dims += std::to_string(d) + ", ";
  if (shape.size() > 1) dims.resize(dims.size() - 2);
  if (shape.size() == 1) dims.resize(dims.size() - 1);
  return "{'descr': '" + o.descr + "', 'fortran_order': " + (o.fortran_order ? "True" : "False") +
         ", 'shape': (" + dims + "), }";
}

// The file around a header dict given as text: magic, version, length, dict padded with spaces
// and '\n' to a multiple of 64 bytes, as numpy writes it.
inline std::string npy_file(const std::string& dict, int major, const std::string& data) {
  const std::size_t prefix = major == 1 ? 10 : 12;
  std::string header = dict;
  while ((prefix + header.size() + 1) % 64 != 0)
    header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(major);
  out += '\0';
  const std::size_t n = header.size();
  for (std::size_t i = 0; i < prefix - 8; ++i)
    out += static_cast<char>((n >> (8 * i)) & 0xFF);
  return out + header + data;
}

inline std::string npy_bytes(const std::vector<std::uint64_t>& shape,
                             const std::vector<double>& values, const NpyOptions& o = {}) {
  std::string data;
  for (const double v : values) {
    char b[8];
    if (o.descr == "<f4") {
      const auto f = static_cast<float>(v);
      std::memcpy(b, &f, 4);
      data.append(b, 4);
    } else {
      std::memcpy(b, &v, 8);
      data.append(b, 8);
    }
  }
  return npy_file(npy_header_dict(shape, o), o.major, data);
}

}  // namespace podium::testkit
