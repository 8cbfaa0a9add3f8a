// Slicing ops: Slice, and StridedSlice with TensorFlow's five masks.
#include <ATen/ATen.h>

#include "ops.hpp"
#include "podium/core/error.hpp"

namespace podium::nn {
namespace {

Op build_slice(const BuildContext& c) {
  const IntInput begin = int_input(c, 1);
  const IntInput size = int_input(c, 2);
  const std::string where = c.where();
  return {[=](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext&) {
            const auto b = begin.get(in);
            const auto s = size.get(in);
            const at::Tensor& x = in[0];
            if (static_cast<std::int64_t>(b.size()) != x.dim() || b.size() != s.size()) {
              runtime_fail(where, "begin/size rank does not match the input");
            }
            at::Tensor y = x;
            for (std::int64_t i = 0; i < x.dim(); ++i) {
              const auto k = static_cast<std::size_t>(i);
              const std::int64_t len = s[k] == -1 ? x.size(i) - b[k] : s[k];
              if (b[k] < 0 || len < 0 || b[k] + len > x.size(i)) {
                runtime_fail(where, "slice out of range in dimension " + std::to_string(i));
              }
              y = y.slice(i, b[k], b[k] + len);
            }
            out[0] = y;
          },
          1};
}

// StridedSlice with TensorFlow's five masks (begin, end, ellipsis, new_axis, shrink_axis).
Op build_strided_slice(const BuildContext& c) {
  const std::int64_t begin_mask = c.attr_int("begin_mask", 0);
  const std::int64_t end_mask = c.attr_int("end_mask", 0);
  const std::int64_t ellipsis_mask = c.attr_int("ellipsis_mask", 0);
  const std::int64_t new_axis_mask = c.attr_int("new_axis_mask", 0);
  const std::int64_t shrink_mask = c.attr_int("shrink_axis_mask", 0);
  const IntInput begin_in = int_input(c, 1);
  const IntInput end_in = int_input(c, 2);
  const IntInput strides_in = int_input(c, 3);
  const std::string where = c.where();
  return {[=](std::span<const at::Tensor> in, std::vector<at::Tensor>& out, RunContext&) {
            const at::Tensor& x = in[0];
            const auto begin = begin_in.get(in);
            const auto end = end_in.get(in);
            const auto strides = strides_in.get(in);
            const std::size_t n = begin.size();
            if (end.size() != n || strides.size() != n) {
              runtime_fail(where, "begin, end and strides differ in length");
            }
            const std::int64_t rank = x.dim();
            // Sparse spec -> dense spec over the input's dimensions.
            struct Dim {
              std::int64_t begin = 0, end = 0, stride = 1;
              bool begin_full = true, end_full = true, shrink = false;
            };
            std::vector<Dim> dense(static_cast<std::size_t>(rank));
            // Final shape: >= 0 is an input dimension kept, -1 a new axis of size 1.
            std::vector<std::int64_t> final_dims;
            std::int64_t full = 0;
            bool seen_ellipsis = false;
            auto bit = [](std::int64_t mask, std::size_t i) { return ((mask >> i) & 1) != 0; };
            for (std::size_t i = 0; i < n; ++i) {
              if (bit(ellipsis_mask, i) && !seen_ellipsis) {
                seen_ellipsis = true;
                std::int64_t after = 0;  // real dims named after the ellipsis
                for (std::size_t j = i + 1; j < n; ++j)
                  after += bit(new_axis_mask, j) ? 0 : 1;
                const std::int64_t next = rank - after;
                for (; full < next; ++full)
                  final_dims.push_back(full);
              } else if (bit(new_axis_mask, i)) {
                final_dims.push_back(-1);
              } else {
                if (full >= rank) runtime_fail(where, "slice has more dimensions than the input");
                Dim& d = dense[static_cast<std::size_t>(full)];
                d.begin = begin[i];
                d.end = end[i];
                d.stride = strides[i];
                d.begin_full = bit(begin_mask, i);
                d.end_full = bit(end_mask, i);
                d.shrink = bit(shrink_mask, i);
                if (d.stride == 0) runtime_fail(where, "stride 0");
                // TF rejects this rather than reading the element backwards.
                if (d.shrink && d.stride < 0) {
                  runtime_fail(where, "shrink_axis dimension " + std::to_string(i) +
                                          " needs a positive stride");
                }
                if (!d.shrink) final_dims.push_back(full);
                ++full;
              }
            }
            for (; full < rank; ++full)
              final_dims.push_back(full);
            at::Tensor y = x;
            std::vector<std::int64_t> kept_sizes(static_cast<std::size_t>(rank));
            for (std::int64_t k = 0; k < rank; ++k) {
              const Dim& d = dense[static_cast<std::size_t>(k)];
              const std::int64_t size = x.size(k);
              std::int64_t b = 0, e = 0;
              if (d.shrink) {
                b = d.begin < 0 ? d.begin + size : d.begin;
                if (b < 0 || b >= size) {
                  runtime_fail(where, "index " + std::to_string(d.begin) +
                                          " out of range for dimension " + std::to_string(k) +
                                          " of size " + std::to_string(size));
                }
                e = b + 1;
                y = y.slice(k, b, e);
                kept_sizes[static_cast<std::size_t>(k)] = 1;
                continue;
              }
              auto canon = [size](std::int64_t v, bool positive) {
                if (v < 0) v += size;
                return positive ? std::clamp<std::int64_t>(v, 0, size)
                                : std::clamp<std::int64_t>(v, -1, size - 1);
              };
              if (d.stride > 0) {
                b = d.begin_full ? 0 : canon(d.begin, true);
                e = d.end_full ? size : canon(d.end, true);
                const std::int64_t len = e > b ? (e - b + d.stride - 1) / d.stride : 0;
                y = len > 0 ? y.slice(k, b, b + (len - 1) * d.stride + 1, d.stride)
                            : y.slice(k, 0, 0);
                kept_sizes[static_cast<std::size_t>(k)] = len;
              } else {
                b = d.begin_full ? size - 1 : canon(d.begin, false);
                e = d.end_full ? -1 : canon(d.end, false);
                const std::int64_t len = b > e ? (b - e + (-d.stride) - 1) / (-d.stride) : 0;
                at::Tensor idx = at::arange(b, b - len * (-d.stride), d.stride, at::kLong);
                y = y.index_select(k, idx.slice(0, 0, len));
                kept_sizes[static_cast<std::size_t>(k)] = len;
              }
            }
            std::vector<std::int64_t> shape;
            for (auto fd : final_dims) {
              shape.push_back(fd < 0 ? 1 : kept_sizes[static_cast<std::size_t>(fd)]);
            }
            out[0] = y.reshape(shape);
          },
          1};
}

}  // namespace

void add_slice_ops(OpTable& t) {
  t.push_back({"Slice", {build_slice, 3, 3}});
  t.push_back({"StridedSlice", {build_strided_slice, 4, 4}});
}

}  // namespace podium::nn
