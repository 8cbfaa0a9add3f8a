// HostTensor: an owning, row-major tensor on the host, the exchange type between podium's nn
// runtime and everything above it (which never sees libtorch).
//
// Contract: bytes.size() == numel() * dtype_size(dtype); shape dims are >= 0; a scalar has an
// empty shape and one element.
//
//   HostTensor t = HostTensor::zeros(DType::Float32, {1, 192, 192, 3});
//   std::span<float> v = t.values<float>();
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace podium::nn {

enum class DType { Float32, Int32, Int64, Bool };

const char* dtype_name(DType dtype);  // "float32", "int32", "int64", "bool"
std::size_t dtype_size(DType dtype);
std::string shape_string(std::span<const std::int64_t> shape);  // "[1,192,192,3]"

struct HostTensor {
  DType dtype = DType::Float32;
  std::vector<std::int64_t> shape;
  std::vector<std::byte> bytes;

  static HostTensor zeros(DType dtype, std::vector<std::int64_t> shape);
  std::int64_t numel() const;

  template <class T>
  std::span<T> values() {
    return {reinterpret_cast<T*>(bytes.data()), bytes.size() / sizeof(T)};
  }
  template <class T>
  std::span<const T> values() const {
    return {reinterpret_cast<const T*>(bytes.data()), bytes.size() / sizeof(T)};
  }
  // Element i converted to double, whatever the dtype (for writing and comparing).
  double at(std::int64_t i) const;
  // Element i set from a double, converted as static_cast would (bool: v != 0).
  void set(std::int64_t i, double v);
};

}  // namespace podium::nn
