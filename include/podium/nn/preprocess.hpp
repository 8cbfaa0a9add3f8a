// Pixels -> model input tensor, with the normalisation presets of models/manifest.json.
//
// Contract: `rgb` is height x width x 3 bytes, row stride `stride` bytes, RGB order. Each preset is
// computed as single float32 operations in this order, exactly as TF.js does it (x / 255 is a
// division, not a multiplication by 1/255):
//   raw    x                (int32 or float32)
//   unit   x / 255
//   signed x / 127.5 - 1
//   x2m1   x * 2 - 1
// Output shape [1, h, w, 3] (nhwc) or [1, 3, h, w] (nchw).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "podium/nn/tensor.hpp"

namespace podium::nn {

enum class Norm { Raw, Unit, Signed, X2m1 };
enum class Layout { Nhwc, Nchw };

// Throw Error(InvalidInput) naming the accepted values.
Norm parse_norm(std::string_view s);
Layout parse_layout(std::string_view s);
const char* norm_name(Norm n);

struct InputPreset {
  int height = 0;
  int width = 0;
  DType dtype = DType::Float32;
  Norm norm = Norm::Raw;
  Layout layout = Layout::Nhwc;
};

HostTensor make_input(const std::uint8_t* rgb, int height, int width, std::size_t stride,
                      const InputPreset& preset);

}  // namespace podium::nn
