// libFuzzer target: the store's channel blob decoder (podium::store::decode_channel). A database
// file is outside data, so any blob must either decode or throw podium::Error(Format). Whatever
// decodes must agree with its header (count, scale) and survive a re-encode: encoding the
// decoded values at the header's scale and decoding again gives them back within one quantum
// (NaN as NaN, ±inf exactly). Build and run: fuzz/run.sh (see fuzz/README.md).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "podium/core/error.hpp"
#include "store/codec.hpp"

namespace {

bool same_within(double got, double want, double scale) {
  if (std::isnan(want)) return std::isnan(got);
  if (std::isinf(want)) return got == want;
  return std::fabs(got - want) <= scale + std::fabs(want) * 1e-15;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> blob(data, size);
  std::vector<double> values;
  podium::store::ChannelHeader header;
  try {
    values = podium::store::decode_channel(blob, "fuzz");
    header = podium::store::read_channel_header(blob, "fuzz");
  } catch (const podium::Error& e) {
    if (e.kind() != podium::ErrorKind::Format) std::abort();
    return 0;
  }
  if (values.size() != header.n) std::abort();
  const auto again = podium::store::encode_channel(values, header.scale);
  const std::vector<double> back = podium::store::decode_channel(again.blob, "re-encoded");
  if (back.size() != values.size()) std::abort();
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!same_within(back[i], values[i], header.scale)) std::abort();
  }
  return 0;
}
