// NumPy .npy arrays of floating-point numbers: the format two of the shared pose-sequence sets
// come in (Pose Trainer, Countix-Fitness). Plain numeric arrays only: no pickle is ever run.
//
// Contract: format versions 1.0, 2.0 and 3.0 (the magic "\x93NUMPY", a little-endian header
// length of 2 or 4 bytes, then a Python dict literal with exactly the keys 'descr',
// 'fortran_order' and 'shape'). Only little-endian float32 ('<f4') and float64 ('<f8') in C order
// are read; any other dtype ('<i8', '>f4', pickled 'O', ...) and Fortran order are
// Error(Unsupported) naming what was found. The shape's product is checked against
// limits::kNpyElements and against the bytes after the header (which must be exactly that many
// values) before anything is allocated. Values come back as double, row-major (the last axis
// varies fastest); float32 widens exactly. Every error is placed at its byte (0-based offset in
// the file): "a.npy: byte 10: 'descr' = '<i8': only '<f4' and '<f8' are read".
//
//   const NpyArray a = read_npy("poses/squat_1.npy");  // a.shape == {T, 99}
//   const double x = a.values[t * a.shape[1] + 0];
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace podium {

struct NpyArray {
  std::vector<std::uint64_t> shape;  // () for a scalar: one value
  std::vector<double> values;        // product of shape values, C order
  bool float32 = false;              // stored as '<f4' (else '<f8')
};

// `bytes` is the whole file; `source` names it in errors.
NpyArray parse_npy(std::string_view bytes, const std::string& source);
// read_file (core/file.hpp) then parse_npy.
NpyArray read_npy(const std::string& path);

}  // namespace podium
