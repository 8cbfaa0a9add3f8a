#include "podium/nn/preprocess.hpp"

#include "podium/core/error.hpp"

namespace podium::nn {

Norm parse_norm(std::string_view s) {
  if (s == "raw") return Norm::Raw;
  if (s == "unit") return Norm::Unit;
  if (s == "signed") return Norm::Signed;
  if (s == "x2m1") return Norm::X2m1;
  throw Error(ErrorKind::InvalidInput,
              "norm '" + std::string(s) + "' is not one of raw, unit, signed, x2m1");
}

Layout parse_layout(std::string_view s) {
  if (s == "nhwc") return Layout::Nhwc;
  if (s == "nchw") return Layout::Nchw;
  throw Error(ErrorKind::InvalidInput, "layout '" + std::string(s) + "' is not nhwc or nchw");
}

const char* norm_name(Norm n) {
  switch (n) {
    case Norm::Raw:
      return "raw";
    case Norm::Unit:
      return "unit";
    case Norm::Signed:
      return "signed";
    case Norm::X2m1:
      return "x2m1";
  }
  return "?";
}

HostTensor make_input(const std::uint8_t* rgb, int height, int width, std::size_t stride,
                      const InputPreset& preset) {
  PODIUM_ASSERT(height > 0 && width > 0);
  const std::int64_t h = height, w = width;
  HostTensor t = HostTensor::zeros(preset.dtype, preset.layout == Layout::Nhwc
                                                     ? std::vector<std::int64_t>{1, h, w, 3}
                                                     : std::vector<std::int64_t>{1, 3, h, w});
  auto index = [&](std::int64_t y, std::int64_t x, std::int64_t c) {
    return preset.layout == Layout::Nhwc ? (y * w + x) * 3 + c : (c * h + y) * w + x;
  };
  for (std::int64_t y = 0; y < h; ++y) {
    const std::uint8_t* row = rgb + static_cast<std::size_t>(y) * stride;
    for (std::int64_t x = 0; x < w; ++x) {
      for (std::int64_t c = 0; c < 3; ++c) {
        const std::uint8_t v = row[x * 3 + c];
        const auto i = static_cast<std::size_t>(index(y, x, c));
        if (preset.dtype == DType::Int32) {
          PODIUM_ASSERT(preset.norm == Norm::Raw);
          t.values<std::int32_t>()[i] = v;
          continue;
        }
        const float f = v;
        float out = f;
        switch (preset.norm) {
          case Norm::Raw:
            break;
          case Norm::Unit:
            out = f / 255.0f;
            break;
          case Norm::Signed:
            out = f / 127.5f - 1.0f;
            break;
          case Norm::X2m1:
            out = f * 2.0f - 1.0f;
            break;
        }
        t.values<float>()[i] = out;
      }
    }
  }
  return t;
}

}  // namespace podium::nn
