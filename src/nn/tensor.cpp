#include "podium/nn/tensor.hpp"

#include "podium/core/error.hpp"

namespace podium::nn {

const char* dtype_name(DType dtype) {
  switch (dtype) {
    case DType::Float32:
      return "float32";
    case DType::Int32:
      return "int32";
    case DType::Int64:
      return "int64";
    case DType::Bool:
      return "bool";
  }
  return "?";
}

std::size_t dtype_size(DType dtype) {
  switch (dtype) {
    case DType::Float32:
      return 4;
    case DType::Int32:
      return 4;
    case DType::Int64:
      return 8;
    case DType::Bool:
      return 1;
  }
  return 0;
}

std::string shape_string(std::span<const std::int64_t> shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ',';
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

HostTensor HostTensor::zeros(DType dtype, std::vector<std::int64_t> shape) {
  HostTensor t;
  t.dtype = dtype;
  t.shape = std::move(shape);
  t.bytes.assign(static_cast<std::size_t>(t.numel()) * dtype_size(dtype), std::byte{0});
  return t;
}

std::int64_t HostTensor::numel() const {
  std::int64_t n = 1;
  for (std::int64_t d : shape)
    n *= d;
  return n;
}

double HostTensor::at(std::int64_t i) const {
  PODIUM_ASSERT(i >= 0 && i < numel());
  const auto k = static_cast<std::size_t>(i);
  switch (dtype) {
    case DType::Float32:
      return values<float>()[k];
    case DType::Int32:
      return values<std::int32_t>()[k];
    case DType::Int64:
      return static_cast<double>(values<std::int64_t>()[k]);
    case DType::Bool:
      return values<std::uint8_t>()[k] != 0 ? 1.0 : 0.0;
  }
  return 0;
}

void HostTensor::set(std::int64_t i, double v) {
  PODIUM_ASSERT(i >= 0 && i < numel());
  const auto k = static_cast<std::size_t>(i);
  switch (dtype) {
    case DType::Float32:
      values<float>()[k] = static_cast<float>(v);
      return;
    case DType::Int32:
      values<std::int32_t>()[k] = static_cast<std::int32_t>(v);
      return;
    case DType::Int64:
      values<std::int64_t>()[k] = static_cast<std::int64_t>(v);
      return;
    case DType::Bool:
      values<std::uint8_t>()[k] = v != 0 ? 1 : 0;
      return;
  }
}

}  // namespace podium::nn
