// libFuzzer target: the NPY reader (podium::parse_npy), which reads the shared pose-sequence sets.
// Any input must give an array or throw podium::Error; a crash, a read past the input (ASan), an
// array whose values are not the product of its shape, more values than the limit, or a float32
// array holding a value float32 cannot hold, is a bug. Build and run: fuzz/run.sh
// (see fuzz/README.md).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "podium/core/error.hpp"
#include "podium/core/limits.hpp"
#include "podium/core/npy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const podium::NpyArray a = podium::parse_npy(bytes, "fuzz.npy");
    std::uint64_t count = 1;
    for (const std::uint64_t d : a.shape)
      count *= d;
    if (a.values.size() != count || count > podium::limits::kNpyElements) std::abort();
    if (a.float32) {
      for (const double v : a.values) {
        if (!std::isnan(v) && static_cast<double>(static_cast<float>(v)) != v) std::abort();
      }
    }
  } catch (const podium::Error&) {
  }
  return 0;
}
