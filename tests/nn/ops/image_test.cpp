// Op tests for src/nn/ops_image.cpp: each op against a plain-loop reference written from
// TensorFlow's CPU kernels (resize_bilinear_op.cc, resize_nearest_neighbor_op.cc).
//
// The references compute source coordinates in double, as TF.js does; TF's C++ kernels use float
// and pick a different nearest pixel at a few sizes (e.g. 14->23). The sizes here avoid those.
#include <cmath>
#include <cstring>

#include "nn/ops/op_case.hpp"

namespace podium::nn::test {
namespace {

struct Flags {
  bool align_corners;
  bool half_pixel;
};

constexpr Flags kConventions[] = {{false, true}, {true, false}, {false, false}};

std::string describe(Flags f) {
  return f.half_pixel ? "half_pixel_centers" : f.align_corners ? "align_corners" : "legacy";
}

// TF's CalculateResizeScale.
double resize_scale(std::int64_t in, std::int64_t out, bool align_corners) {
  return align_corners && out > 1 ? static_cast<double>(in - 1) / static_cast<double>(out - 1)
                                  : static_cast<double>(in) / static_cast<double>(out);
}

// Per output index: TF's compute_interpolation_weights with HalfPixelScaler or LegacyScaler.
struct Lerp {
  std::int64_t lo, hi;
  double frac;
};
std::vector<Lerp> bilinear_axis(std::int64_t in, std::int64_t out, Flags f) {
  const double scale = resize_scale(in, out, f.align_corners);
  std::vector<Lerp> w;
  for (std::int64_t i = 0; i < out; ++i) {
    const double src = f.half_pixel ? (static_cast<double>(i) + 0.5) * scale - 0.5
                                    : static_cast<double>(i) * scale;
    const double fl = std::floor(src);
    w.push_back({std::max<std::int64_t>(static_cast<std::int64_t>(fl), 0),
                 std::min<std::int64_t>(static_cast<std::int64_t>(std::ceil(src)), in - 1),
                 src - fl});
  }
  return w;
}

// TF's nearest: half-pixel floor((dst + 0.5) * scale) clamped at both ends (no -0.5, unlike
// bilinear); align_corners round(dst * scale) half away from zero; legacy floor(dst * scale).
std::int64_t nearest_src(std::int64_t in, std::int64_t out, std::int64_t i, Flags f) {
  const double scale = resize_scale(in, out, f.align_corners);
  const double src = (static_cast<double>(i) + (f.half_pixel ? 0.5 : 0.0)) * scale;
  auto k = static_cast<std::int64_t>(f.align_corners ? std::round(src) : std::floor(src));
  k = std::min(k, in - 1);
  return f.half_pixel ? std::max<std::int64_t>(k, 0) : k;
}

HostTensor ref_resize(const HostTensor& x, std::int64_t oh, std::int64_t ow, Flags f,
                      bool bilinear) {
  const std::int64_t n = x.shape[0], h = x.shape[1], w = x.shape[2], ch = x.shape[3];
  // ResizeBilinear always yields float; nearest keeps the input dtype.
  HostTensor out = HostTensor::zeros(bilinear ? DType::Float32 : x.dtype, {n, oh, ow, ch});
  const auto wy = bilinear_axis(h, oh, f), wx = bilinear_axis(w, ow, f);
  const std::size_t size = dtype_size(x.dtype);
  for (std::int64_t b = 0; b < n; ++b)
    for (std::int64_t y = 0; y < oh; ++y)
      for (std::int64_t xo = 0; xo < ow; ++xo)
        for (std::int64_t c = 0; c < ch; ++c) {
          const std::int64_t o = flat_index(out.shape, {b, y, xo, c});
          if (!bilinear) {
            const std::int64_t i =
                flat_index(x.shape, {b, nearest_src(h, oh, y, f), nearest_src(w, ow, xo, f), c});
            std::memcpy(&out.bytes[o * size], &x.bytes[i * size], size);
            continue;
          }
          const Lerp& ly = wy[static_cast<std::size_t>(y)];
          const Lerp& lx = wx[static_cast<std::size_t>(xo)];
          auto px = [&](std::int64_t yy, std::int64_t xx) {
            return x.at(flat_index(x.shape, {b, yy, xx, c}));
          };
          const double tl = px(ly.lo, lx.lo), tr = px(ly.lo, lx.hi);
          const double bl = px(ly.hi, lx.lo), br = px(ly.hi, lx.hi);
          const double top = tl + (tr - tl) * lx.frac, bottom = bl + (br - bl) * lx.frac;
          out.values<float>()[o] = static_cast<float>(top + (bottom - top) * ly.frac);
        }
  return out;
}

// Every convention, up- and downscaling at odd sizes (height and width differ), float and int.
void check_resize(const std::string& op_name, bool bilinear) {
  struct Size {
    std::int64_t h, w, oh, ow;
  };
  const Size sizes[] = {{13, 7, 7, 13}, {1, 5, 5, 1}, {4, 6, 3, 8}, {5, 1, 1, 9}};
  std::uint32_t seed = 0;
  for (const Size& s : sizes)
    for (Flags f : kConventions)
      for (DType dtype : {DType::Float32, DType::Int32}) {
        SCOPED_TRACE(std::to_string(s.h) + "x" + std::to_string(s.w) + " -> " +
                     std::to_string(s.oh) + "x" + std::to_string(s.ow) + " " + describe(f) + " " +
                     dtype_name(dtype));
        const Shape shape = {2, s.h, s.w, 3};
        const HostTensor x =
            dtype == DType::Float32 ? random_f(shape, ++seed) : random_i(shape, ++seed, -99, 99);
        OpCase op(op_name);
        op.input(x).constant(
            tensor_i({2}, {static_cast<std::int32_t>(s.oh), static_cast<std::int32_t>(s.ow)}));
        op.attr("align_corners", attr_b(f.align_corners))
            .attr("half_pixel_centers", attr_b(f.half_pixel));
        // float32 interpolation against a double reference, scaled to the input's range.
        const double atol = !bilinear ? 0 : dtype == DType::Int32 ? 1e-3 : 1e-5;
        expect_near(op.run().at(0), ref_resize(x, s.oh, s.ow, f, bilinear), atol);
      }
}

TEST(ResizeBilinear, ConventionsAtOddSizes) {
  check_resize("ResizeBilinear", true);
}

TEST(ResizeNearestNeighbor, ConventionsAtOddSizes) {
  check_resize("ResizeNearestNeighbor", false);
}

TEST(ImageOps, BadArgumentsAreOneLineErrors) {
  const HostTensor x = random_f({1, 4, 4, 2}, 99);
  for (const char* op : {"ResizeBilinear", "ResizeNearestNeighbor"}) {
    SCOPED_TRACE(op);
    // TF and TF.js both reject this combination rather than pick one.
    OpCase(op)
        .input(x)
        .constant(tensor_i({2}, {3, 3}))
        .attr("align_corners", attr_b(true))
        .attr("half_pixel_centers", attr_b(true))
        .expect_error("align_corners and half_pixel_centers are exclusive");
    OpCase(op).input(x).constant(tensor_i({2}, {0, 3})).expect_error("cannot resize");
  }
}

}  // namespace
}  // namespace podium::nn::test
