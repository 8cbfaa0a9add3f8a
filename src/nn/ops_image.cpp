// ResizeBilinear and ResizeNearestNeighbor on NHWC tensors, in TensorFlow's three coordinate
// conventions: half_pixel_centers (libtorch's align_corners=false), align_corners, and the legacy
// mapping src = dst * in / out that TF1 graphs (centernet) still use.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include "ops.hpp"
#include "podium/core/error.hpp"

namespace podium::nn {
namespace {

struct Axis {
  std::vector<std::int64_t> lo, hi;  // per output index
  std::vector<float> frac;
};

// Source coordinates for one axis, computed as TF.js does: in double, floor clamped at 0. The
// three conventions differ only here.
Axis axis_weights(std::int64_t in, std::int64_t out, bool align_corners, bool half_pixel) {
  const double ratio = (align_corners && out > 1) ? static_cast<double>(in - 1) / (out - 1)
                                                  : static_cast<double>(in) / out;
  std::vector<std::int64_t> lo(static_cast<std::size_t>(out)), hi(lo.size());
  std::vector<float> frac(lo.size());
  for (std::int64_t i = 0; i < out; ++i) {
    const double src = half_pixel ? ratio * (i + 0.5) - 0.5 : ratio * i;
    const double fl = std::max(0.0, std::floor(src));
    const auto k = static_cast<std::size_t>(i);
    lo[k] = std::min<std::int64_t>(static_cast<std::int64_t>(fl), in - 1);
    hi[k] = std::min<std::int64_t>(static_cast<std::int64_t>(std::ceil(src)), in - 1);
    hi[k] = std::max<std::int64_t>(hi[k], 0);
    frac[k] = static_cast<float>(src - fl);
  }
  return {std::move(lo), std::move(hi), std::move(frac)};
}

// x [N, H, W, C] contiguous float32 resized to [N, ay.size, ax.size, C] with TF.js's arithmetic
// (top = tl + (tr - tl) * fx, bottom likewise, top + (bottom - top) * fy), one pass over the
// output with the channels innermost: libtorch's upsample_bilinear2d took 0.7 ms for BlazePose's
// 128 -> 256 upsampling of 8 channels at one thread, and the legacy mode went through six
// whole-tensor index_select / arithmetic passes.
at::Tensor resize_bilinear_nhwc(const at::Tensor& x, const Axis& ay, const Axis& ax) {
  const std::int64_t n = x.size(0), h = x.size(1), w = x.size(2), ch = x.size(3);
  const auto oh = static_cast<std::int64_t>(ay.lo.size());
  const auto ow = static_cast<std::int64_t>(ax.lo.size());
  at::Tensor y = at::empty({n, oh, ow, ch}, at::kFloat);
  const float* xp = x.data_ptr<float>();
  float* yp = y.data_ptr<float>();
  at::parallel_for(0, n * oh, 1, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t row = begin; row < end; ++row) {
      const std::int64_t b = row / oh;
      const auto i = static_cast<std::size_t>(row % oh);
      const float* top = xp + (b * h + ay.lo[i]) * w * ch;
      const float* bottom = xp + (b * h + ay.hi[i]) * w * ch;
      const float fy = ay.frac[i];
      float* out = yp + row * ow * ch;
      for (std::size_t j = 0; j < static_cast<std::size_t>(ow); ++j) {
        const float* tl = top + ax.lo[j] * ch;
        const float* tr = top + ax.hi[j] * ch;
        const float* bl = bottom + ax.lo[j] * ch;
        const float* br = bottom + ax.hi[j] * ch;
        const float fx = ax.frac[j];
        float* o = out + static_cast<std::int64_t>(j) * ch;
        for (std::int64_t c = 0; c < ch; ++c) {
          const float t = tl[c] + (tr[c] - tl[c]) * fx;
          const float bo = bl[c] + (br[c] - bl[c]) * fx;
          o[c] = t + (bo - t) * fy;
        }
      }
    }
  });
  return y;
}

Op build_resize_bilinear(const BuildContext& c) {
  const bool align_corners = c.attr_bool("align_corners", false);
  const bool half_pixel = c.attr_bool("half_pixel_centers", false);
  if (align_corners && half_pixel) c.fail("align_corners and half_pixel_centers are exclusive");
  const std::string where = c.where();
  return {
      [=](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext& ctx) {
        const at::Tensor& x = in[0];
        const auto size = to_int_vector(in[1]);
        if (x.dim() != 4 || size.size() != 2 || size[0] < 1 || size[1] < 1 || size[0] > 16384 ||
            size[1] > 16384) {
          throw Error(ErrorKind::Model, where + ": cannot resize " + shape_string(x.sizes().vec()) +
                                            " to " + shape_string(size));
        }
        check_output(ctx, {x.size(0), size[0], size[1], x.size(3)});
        const at::Tensor xf = x.to(at::kFloat).contiguous();
        out[0] =
            resize_bilinear_nhwc(xf, axis_weights(x.size(1), size[0], align_corners, half_pixel),
                                 axis_weights(x.size(2), size[1], align_corners, half_pixel));
      },
      1};
}

Op build_resize_nearest(const BuildContext& c) {
  const bool align_corners = c.attr_bool("align_corners", false);
  const bool half_pixel = c.attr_bool("half_pixel_centers", false);
  // TF and TF.js reject the pair for nearest too; computing round((dst + 0.5) * scale) would
  // silently match neither.
  if (align_corners && half_pixel) c.fail("align_corners and half_pixel_centers are exclusive");
  const std::string where = c.where();
  return {
      [=](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext& ctx) {
        const at::Tensor& x = in[0];
        const auto size = to_int_vector(in[1]);
        if (x.dim() != 4 || size.size() != 2 || size[0] < 1 || size[1] < 1 || size[0] > 16384 ||
            size[1] > 16384) {
          throw Error(ErrorKind::Model, where + ": cannot resize " + shape_string(x.sizes().vec()) +
                                            " to " + shape_string(size));
        }
        check_output(ctx, {x.size(0), size[0], size[1], x.size(3)});
        // TF: src = (align_corners ? round : floor)((dst + 0.5*hp) * scale), clamped.
        auto index = [&](std::int64_t in_size, std::int64_t out_size) {
          const double scale = (align_corners && out_size > 1)
                                   ? static_cast<double>(in_size - 1) / (out_size - 1)
                                   : static_cast<double>(in_size) / out_size;
          std::vector<std::int64_t> v(static_cast<std::size_t>(out_size));
          for (std::int64_t i = 0; i < out_size; ++i) {
            const double src = (half_pixel ? i + 0.5 : i) * scale;
            auto s = static_cast<std::int64_t>(align_corners ? std::round(src) : std::floor(src));
            v[static_cast<std::size_t>(i)] = std::clamp<std::int64_t>(s, 0, in_size - 1);
          }
          return at::tensor(v, at::kLong);
        };
        out[0] =
            x.index_select(1, index(x.size(1), size[0])).index_select(2, index(x.size(2), size[1]));
      },
      1};
}

}  // namespace

void add_image_ops(OpTable& t) {
  t.push_back({"ResizeBilinear", {build_resize_bilinear, 2, 2}});
  t.push_back({"ResizeNearestNeighbor", {build_resize_nearest, 2, 2}});
}

}  // namespace podium::nn
