// libFuzzer target: the FIT reader (podium::sensor::read_fit) in lenient and strict mode. Any
// input must decode or throw podium::Error; a crash, a sanitizer report, any other exception, a
// developer channel not aligned with the records, or a strict read that succeeds where the
// lenient one warned is a bug. Build and run: fuzz/run.sh (see fuzz/README.md).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "podium/core/error.hpp"
#include "podium/sensor/read.hpp"

namespace {

using podium::sensor::Activity;
using podium::sensor::ReadOptions;
using podium::sensor::Source;

bool read(const std::string& bytes, bool strict, Activity& out) {
  try {
    out = podium::sensor::read_fit(Source::from_memory("fuzz.fit", bytes), ReadOptions{strict});
    return true;
  } catch (const podium::Error&) {
    return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  Activity lenient, strict;
  bool lenient_ok = read(bytes, false, lenient);
  bool strict_ok = read(bytes, true, strict);
  if (lenient_ok) {
    for (const auto& channel : lenient.developer)
      if (channel.values.size() != lenient.records.size()) std::abort();
  }
  // Strict may only succeed when lenient had nothing to repair (time warnings aside).
  if (strict_ok && (!lenient_ok || strict.records.size() != lenient.records.size())) std::abort();
  return 0;
}
