// Every installed pretrained model, loaded with and without the load-time fusions
// (graph_fuse.hpp), gives the same outputs on the same image: within 1e-5 of each output's
// largest magnitude (oneDNN picks other kernels for a convolution with post-ops or padding, so
// sums run in another order). The BlazePose landmark models amplify such rounding differences:
// their landmarks differ by up to 2e-5 of the largest, as much as TF.js's own two backends differ
// there, and get the golden cases' 1e-4 (tests/nn/golden_case.sh); their segmentation (a
// sigmoid) by 4e-4 (full, heavy) and 2.0e-3 (lite) on this image, all of it from the fused Adds
// (folding the Pads alone changes it by less than 1e-5), so 3e-3 absolute there. On the shared
// photos the fused runs meet TF.js's goldens at the golden cases' tolerances (golden.* ctests).
// NanoDet's Transposes cancelling (graph_layout.hpp) keeps it within the same 1e-5.
// The image is made here (gradients, a bright disc and seeded noise), so no shared data is needed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "podium/nn/model.hpp"
#include "podium/nn/model_store.hpp"
#include "podium/nn/preprocess.hpp"

namespace podium::nn {
namespace {

constexpr double kRelTol = 1e-5;
constexpr double kBlazePoseRelTol = 1e-4;
constexpr double kSegmentationTol = 3e-3;

std::vector<std::uint8_t> test_image(int h, int w) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> noise(-20, 20);
  std::vector<std::uint8_t> rgb(static_cast<std::size_t>(h) * w * 3);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const double r = std::hypot(x - 0.5 * w, y - 0.45 * h) / (0.25 * h);
      for (int c = 0; c < 3; ++c) {
        const int v = (r < 1 ? 200 : 60 + 120 * x / w + 40 * c) + noise(rng);
        rgb[(static_cast<std::size_t>(y) * w + x) * 3 + c] =
            static_cast<std::uint8_t>(std::clamp(v, 0, 255));
      }
    }
  }
  return rgb;
}

double as_double(const HostTensor& t, std::int64_t i) {
  switch (t.dtype) {
    case DType::Float32:
      return t.values<float>()[static_cast<std::size_t>(i)];
    case DType::Int32:
      return t.values<std::int32_t>()[static_cast<std::size_t>(i)];
    case DType::Int64:
      return static_cast<double>(t.values<std::int64_t>()[static_cast<std::size_t>(i)]);
    case DType::Bool:
      return t.values<bool>()[static_cast<std::size_t>(i)] ? 1 : 0;
  }
  return 0;
}

TEST(FuseModels, FusedAndUnfusedAgreeOnEveryInstalledModel) {
  int checked = 0;
  for (const ModelEntry& e : ModelManifest::builtin().models) {
    if (check_model(e, models_dir()).state != ModelState::Ok) continue;
    SCOPED_TRACE(e.name);
    const std::string path = resolve_model(e.name);
    Model fused = Model::load(path, {.fuse = true});
    Model plain = Model::load(path, {.fuse = false});
    InputPreset preset = e.input;
    preset.dtype = plain.inputs().at(0).dtype;
    const auto rgb = test_image(preset.height, preset.width);
    const HostTensor x = make_input(rgb.data(), preset.height, preset.width,
                                    static_cast<std::size_t>(preset.width) * 3, preset);
    const auto a = fused.run({x});
    const auto b = plain.run({x});
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t k = 0; k < a.size(); ++k) {
      SCOPED_TRACE(plain.outputs()[k].name);
      ASSERT_EQ(a[k].dtype, b[k].dtype);
      ASSERT_EQ(a[k].shape, b[k].shape);
      double scale = 1, diff = 0;
      for (std::int64_t i = 0; i < b[k].numel(); ++i)
        scale = std::max(scale, std::abs(as_double(b[k], i)));
      for (std::int64_t i = 0; i < b[k].numel(); ++i)
        diff = std::max(diff, std::abs(as_double(a[k], i) - as_double(b[k], i)));
      const bool landmarks = e.task == "pose-landmarks";
      const double tol = !landmarks ? kRelTol * scale
                         : plain.outputs()[k].key == "activation_segmentation"
                             ? kSegmentationTol
                             : kBlazePoseRelTol * scale;
      EXPECT_LE(diff, tol) << "largest |output| " << scale;
    }
    // The fusions are there to remove steps: every model but MoveNet's has something to fuse.
    EXPECT_LE(fused.summary().steps, plain.summary().steps);
    // NanoDet (converted from ONNX) wraps each of its 34 convolutions in Transposes: 83 of them;
    // what stays is the input's and the head's (before a Reshape and at the outputs).
    if (e.name == "nanodet") {
      EXPECT_GE(fused.summary().transposes_removed, 70u);
    }
    ++checked;
  }
  if (checked == 0) GTEST_SKIP() << "no model installed: run `podium models fetch`";
}

}  // namespace
}  // namespace podium::nn
