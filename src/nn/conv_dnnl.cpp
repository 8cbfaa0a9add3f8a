// DnnlConv (conv_dnnl.hpp): oneDNN convolution primitives on NHWC tensors, one per input shape,
// with the filter reordered once per weight layout and the output buffer reused across runs.
#include "conv_dnnl.hpp"

#include <ATen/Parallel.h>

#include <oneapi/dnnl/dnnl.hpp>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/nn/tensor.hpp"

namespace podium::nn {
namespace {

using dnnl::memory;
using Tag = memory::format_tag;
constexpr auto kF32 = memory::data_type::f32;

// One CPU engine for the process.
const dnnl::engine& cpu_engine() {
  static const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

// One stream per thread: several Models may run at once on different threads, and oneDNN does not
// promise that a stream can be shared between them. Execution on a CPU stream is synchronous.
dnnl::stream& cpu_stream() {
  thread_local dnnl::stream stream(cpu_engine());
  return stream;
}

// Output size of one spatial dimension; 0 when the window does not fit once.
std::int64_t out_size(std::int64_t in, std::int64_t pad_sum, std::int64_t window,
                      std::int64_t stride) {
  return in + pad_sum < window ? 0 : (in + pad_sum - window) / stride + 1;
}

// oneDNN 2.6 lists its brgemm depthwise kernel (brdgmm_dw) first on AVX-512, but its direct one
// (jit_dw) is as fast or up to 30 % faster on every depthwise shape of the pose models at one
// thread (alone, cold caches: 23.1 vs 28.9 ms summed over those layers); the four pose models run
// 1-7 % faster whole. Kernels are named "<kind>:<isa>".
constexpr std::string_view kDepthwiseImpl = "jit_dw:";

// oneDNN's kernels block output channels by 16 and run a convolution to one channel (BlazePose's
// 3x3 8 -> 1 segmentation head at 256x256) at a fraction of their speed: 1.0 ms at one thread,
// more than any other layer of the model, and as slow with the filter padded to 16 channels.
// Such a convolution runs as the depthwise convolution of its filter, then a sum over channels.

// The first implementation of desc whose name starts with `prefix`, else oneDNN's first choice.
dnnl::convolution_forward::primitive_desc prefer_impl(const dnnl::convolution_forward::desc& desc,
                                                      const dnnl::primitive_attr& attr,
                                                      std::string_view prefix) {
  dnnl::convolution_forward::primitive_desc pd(desc, attr, cpu_engine());
  do {
    if (std::string_view(pd.impl_info_str()).starts_with(prefix)) return pd;
  } while (pd.next_impl());
  return {desc, attr, cpu_engine()};
}

// What a primitive is specialised for. oneDNN sizes its work split by the intra-op thread count
// when the primitive is created (and the OpenMP build runs with as many threads as it planned
// for), so the count is part of the key: at::set_num_threads sets it for oneDNN too.
struct PlanKey {
  std::int64_t n = 0, h = 0, w = 0;
  std::array<std::int64_t, 4> pads{};
  int threads = 0;
  bool operator==(const PlanKey&) const = default;
};

struct Plan {
  PlanKey key;
  dnnl::convolution_forward primitive;
  memory src;     // its data handle is set to the input of each run
  memory addend;  // likewise the addend of a fused Add
  at::Tensor y;
  std::unordered_map<int, memory> args;
};

}  // namespace

struct DnnlConv::Impl {
  DnnlConvOptions o;
  std::int64_t kh = 0, kw = 0, in_c = 0, out_c = 0, mult = 1;  // mult: depthwise multiplier
  std::unique_ptr<DnnlConv> per_channel;  // a convolution to one channel as depthwise + sum
  at::Tensor filter;                      // contiguous TF layout, the source of every reorder
  at::Tensor bias;                        // contiguous, or undefined
  memory::desc user_weights_md;
  std::vector<std::pair<memory::desc, memory>> weights;  // filter reordered, one per layout
  std::vector<Plan> plans;

  [[noreturn]] void fail(const std::string& what) const {
    throw Error(ErrorKind::Model, o.where + ": " + what);
  }
  memory weights_in(const memory::desc& md);
  Plan make_plan(const PlanKey& key);
  Plan& plan_for(const PlanKey& key);
};

DnnlConv::DnnlConv(DnnlConvOptions options) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.o = std::move(options);
  const at::Tensor& f = m.o.filter;
  PODIUM_ASSERT(f.dim() == 4 && f.numel() > 0 && f.scalar_type() == at::kFloat);
  m.kh = f.size(0);
  m.kw = f.size(1);
  m.in_c = f.size(2);
  m.mult = m.o.depthwise ? f.size(3) : 1;
  m.out_c = m.o.depthwise ? m.in_c * m.mult : f.size(3);
  m.filter = f.contiguous();
  if (!m.o.depthwise && !m.o.add && m.out_c == 1) {
    // [kh, kw, in, 1] is also a depthwise filter with multiplier 1.
    DnnlConvOptions dw{.where = m.o.where,
                       .filter = m.filter,
                       .depthwise = true,
                       .stride = m.o.stride,
                       .dilation = m.o.dilation};
    m.per_channel = std::make_unique<DnnlConv>(std::move(dw));
  }
  // The TF filter as it lies: [kh, kw, in, out] is oneDNN's hwio; [kh, kw, in, mult] is hwigo
  // with groups = in and one input channel per group.
  m.user_weights_md = m.o.depthwise
                          ? memory::desc({m.in_c, m.mult, 1, m.kh, m.kw}, kF32, Tag::hwigo)
                          : memory::desc({m.out_c, m.in_c, m.kh, m.kw}, kF32, Tag::hwio);
  if (m.o.bias) {
    PODIUM_ASSERT(m.o.bias->dim() == 1 && m.o.bias->size(0) == m.out_c &&
                  m.o.bias->scalar_type() == at::kFloat);
    m.bias = m.o.bias->contiguous();
  }
}

DnnlConv::~DnnlConv() = default;

memory DnnlConv::Impl::weights_in(const memory::desc& md) {
  for (const auto& [layout, mem] : weights) {
    if (layout == md) return mem;
  }
  memory user(user_weights_md, cpu_engine(), filter.data_ptr());
  memory packed(md, cpu_engine());
  dnnl::reorder(user, packed).execute(cpu_stream(), user, packed);
  cpu_stream().wait();
  weights.emplace_back(md, packed);
  return packed;
}

Plan DnnlConv::Impl::make_plan(const PlanKey& key) {
  const auto [sh, sw] = o.stride;
  const auto [dh, dw] = o.dilation;
  const auto [pt, pb, pl, pr] = key.pads;
  const std::int64_t oh = out_size(key.h, pt + pb, (kh - 1) * dh + 1, sh);
  const std::int64_t ow = out_size(key.w, pl + pr, (kw - 1) * dw + 1, sw);
  Plan plan;
  plan.key = key;
  plan.y = at::empty({key.n, oh, ow, out_c}, at::kFloat);
  const memory::desc src_md({key.n, in_c, key.h, key.w}, kF32, Tag::nhwc);
  const memory::desc dst_md({key.n, out_c, oh, ow}, kF32, Tag::nhwc);
  const memory::desc weights_any = o.depthwise
                                       ? memory::desc({in_c, mult, 1, kh, kw}, kF32, Tag::any)
                                       : memory::desc({out_c, in_c, kh, kw}, kF32, Tag::any);
  const memory::desc bias_md =
      bias.defined() ? memory::desc({out_c}, kF32, Tag::a) : memory::desc();
  const dnnl::convolution_forward::desc desc(
      dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct, src_md, weights_any,
      bias_md, dst_md, {sh, sw}, {dh - 1, dw - 1}, {pt, pl}, {pb, pr});
  dnnl::post_ops post;
  // The addend as a binary post-op read where it lies: a sum post-op would need it copied into
  // dst first (others may still read it), which measured slower on BlazeFace.
  if (o.add) post.append_binary(dnnl::algorithm::binary_add, dst_md);
  switch (o.activation) {
    case ConvActivation::Relu:
      post.append_eltwise(1.0F, dnnl::algorithm::eltwise_relu, 0.0F, 0.0F);
      break;
    case ConvActivation::Relu6:
      post.append_eltwise(1.0F, dnnl::algorithm::eltwise_clip, 0.0F, 6.0F);
      break;
    case ConvActivation::LeakyRelu:
      post.append_eltwise(1.0F, dnnl::algorithm::eltwise_relu, o.leaky_alpha, 0.0F);
      break;
    case ConvActivation::Sigmoid:
      post.append_eltwise(1.0F, dnnl::algorithm::eltwise_logistic, 0.0F, 0.0F);
      break;
    case ConvActivation::HardSwish:
      post.append_eltwise(1.0F, dnnl::algorithm::eltwise_hardswish, 0.0F, 0.0F);
      if (o.activation_scale != 1.0F) {
        post.append_eltwise(1.0F, dnnl::algorithm::eltwise_linear, o.activation_scale, 0.0F);
      }
      break;
    case ConvActivation::None:
      break;
  }
  dnnl::primitive_attr attr;
  attr.set_post_ops(post);
  const dnnl::convolution_forward::primitive_desc pd =
      o.depthwise ? prefer_impl(desc, attr, kDepthwiseImpl)
                  : dnnl::convolution_forward::primitive_desc(desc, attr, cpu_engine());
  // src and dst were given as nhwc, so the primitive reads and writes TF's layout in place.
  PODIUM_ASSERT(pd.src_desc() == src_md && pd.dst_desc() == dst_md);
  plan.primitive = dnnl::convolution_forward(pd);
  plan.src = memory(src_md, cpu_engine(), nullptr);
  plan.args = {{DNNL_ARG_SRC, plan.src},
               {DNNL_ARG_WEIGHTS, weights_in(pd.weights_desc())},
               {DNNL_ARG_DST, memory(dst_md, cpu_engine(), plan.y.data_ptr())}};
  if (o.add) {
    plan.addend = memory(dst_md, cpu_engine(), nullptr);
    plan.args.emplace(DNNL_ARG_ATTR_MULTIPLE_POST_OP(0) | DNNL_ARG_SRC_1, plan.addend);
  }
  if (bias.defined()) {
    plan.args.emplace(DNNL_ARG_BIAS, memory(bias_md, cpu_engine(), bias.data_ptr()));
  }
  return plan;
}

Plan& DnnlConv::Impl::plan_for(const PlanKey& key) {
  for (Plan& p : plans) {
    if (p.key == key) return p;
  }
  Plan plan = make_plan(key);
  // A plan for the same shape at another thread count writes into the same buffer: only one of
  // them runs per inference.
  for (const Plan& p : plans) {
    if (p.key.n == key.n && p.key.h == key.h && p.key.w == key.w && p.key.pads == key.pads) {
      plan.y = p.y;
      plan.args.at(DNNL_ARG_DST).set_data_handle(plan.y.data_ptr());
      break;
    }
  }
  plans.push_back(std::move(plan));
  return plans.back();
}

std::array<std::int64_t, 4> DnnlConv::output_shape(const at::Tensor& x,
                                                   const std::array<std::int64_t, 4>& pads) const {
  const Impl& m = *impl_;
  const std::int64_t window_h = (m.kh - 1) * m.o.dilation[0] + 1;
  const std::int64_t window_w = (m.kw - 1) * m.o.dilation[1] + 1;
  return {x.size(0), out_size(x.size(1), pads[0] + pads[1], window_h, m.o.stride[0]),
          out_size(x.size(2), pads[2] + pads[3], window_w, m.o.stride[1]), m.out_c};
}

at::Tensor DnnlConv::run(const at::Tensor& x, const std::array<std::int64_t, 4>& pads,
                         const at::Tensor* addend) {
  Impl& m = *impl_;
  if (x.dim() != 4 || x.size(3) != m.in_c) {
    m.fail("input has shape " + shape_string(x.sizes().vec()) + ", expected [N,H,W," +
           std::to_string(m.in_c) + "]");
  }
  if (x.scalar_type() != at::kFloat) {
    m.fail(std::string("input has dtype ") + c10::toString(x.scalar_type()) + ", expected float32");
  }
  const PlanKey key{x.size(0), x.size(1), x.size(2), pads, at::get_num_threads()};
  const std::int64_t window_h = (m.kh - 1) * m.o.dilation[0] + 1;
  const std::int64_t window_w = (m.kw - 1) * m.o.dilation[1] + 1;
  const std::int64_t oh = out_size(key.h, pads[0] + pads[1], window_h, m.o.stride[0]);
  const std::int64_t ow = out_size(key.w, pads[2] + pads[3], window_w, m.o.stride[1]);
  if (m.o.add) {
    if (addend == nullptr) m.fail("the fused Add has no addend");
    if (!addend->sizes().equals({key.n, oh, ow, m.out_c}) || addend->scalar_type() != at::kFloat) {
      m.fail("the fused Add's addend is " + std::string(c10::toString(addend->scalar_type())) +
             shape_string(addend->sizes().vec()) + ", expected float32" +
             shape_string(std::vector<std::int64_t>{key.n, oh, ow, m.out_c}));
    }
  }
  if (x.numel() == 0) return at::empty({key.n, oh, ow, m.out_c}, at::kFloat);
  if (oh == 0 || ow == 0) {
    m.fail("input " + shape_string(x.sizes().vec()) + " padded by " + shape_string(pads) +
           " (top, bottom, left, right) is smaller than the filter window " +
           std::to_string(window_h) + "x" + std::to_string(window_w));
  }
  const at::Tensor xc = x.contiguous();
  try {
    if (m.per_channel) {
      // The channel sum as a plain loop: libtorch's reduction over an innermost dimension of 8
      // took as long as the depthwise convolution itself.
      const at::Tensor d = m.per_channel->run(xc, pads);
      at::Tensor y = at::empty({d.size(0), d.size(1), d.size(2), 1}, at::kFloat);
      const float* dp = d.data_ptr<float>();
      float* yp = y.data_ptr<float>();
      const std::int64_t c = d.size(3);
      for (std::int64_t p = 0, n = y.numel(); p < n; ++p) {
        float acc = 0;
        for (std::int64_t k = 0; k < c; ++k)
          acc += dp[p * c + k];
        yp[p] = acc;
      }
      if (m.bias.defined()) y.add_(m.bias);
      switch (m.o.activation) {
        case ConvActivation::Relu:
          return y.clamp_min_(0);
        case ConvActivation::Relu6:
          return y.clamp_(0, 6);
        case ConvActivation::LeakyRelu:
          return at::leaky_relu(y, m.o.leaky_alpha);
        case ConvActivation::HardSwish:
          return at::hardswish(y) * m.o.activation_scale;
        case ConvActivation::Sigmoid:
          return y.sigmoid_();
        case ConvActivation::None:
          break;
      }
      return y;
    }
    Plan& plan = m.plan_for(key);
    plan.src.set_data_handle(xc.data_ptr());
    at::Tensor ac;
    if (m.o.add) {
      ac = addend->contiguous();
      plan.addend.set_data_handle(ac.data_ptr());
    }
    plan.primitive.execute(cpu_stream(), plan.args);
    cpu_stream().wait();
    return plan.y;
  } catch (const dnnl::error& e) {
    m.fail(std::string("oneDNN: ") + e.what());
  }
}

}  // namespace podium::nn
