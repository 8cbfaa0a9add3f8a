// libFuzzer target: gzip inflation with its output cap (podium::gunzip). The first input byte picks
// the cap (16 bytes .. 1 MiB), the rest is the compressed input, so a small input can reach the cap
// the way a gzip bomb reaches limits::kInflatedBytes. Any input must inflate or throw
// podium::Error; inflating more than the cap, or inflating a valid single-member stream to
// anything but its content, is a bug.
//
// The custom mutator keeps inputs valid gzip half of the time: it inflates the input, mutates the
// plain bytes with libFuzzer's own mutator and deflates them again, which random byte mutations
// of compressed data almost never achieve. Build and run: fuzz/run.sh (see fuzz/README.md).
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "podium/core/error.hpp"
#include "podium/core/gzip.hpp"

namespace {

constexpr std::array<std::size_t, 4> kCaps = {16, 1000, std::size_t{1} << 16, std::size_t{1} << 20};

// Inflates one gzip member with zlib itself (no cap beyond `limit`); false when `in` is not one
// complete, valid member.
bool reference_inflate(std::string_view in, std::size_t limit, std::string& out) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return false;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  out.assign(limit + 1, '\0');
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&zs, Z_FINISH);
  out.resize(out.size() - zs.avail_out);
  const bool whole = rc == Z_STREAM_END && zs.avail_in == 0;
  inflateEnd(&zs);
  return whole;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t cap = kCaps[data[0] % kCaps.size()];
  const std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string reference;
  const bool one_member = reference_inflate(in, cap, reference);
  try {
    const std::string out = podium::gunzip(in, "fuzz.gz", cap);
    if (out.size() > cap) std::abort();
    if (one_member && out != reference) std::abort();
  } catch (const podium::Error&) {
    // A valid member whose content fits the cap must inflate.
    if (one_member && reference.size() <= cap) std::abort();
  }
  return 0;
}

#if defined(PODIUM_FUZZING)
namespace {

std::string deflate_gzip(std::string_view plain) {
  z_stream zs{};
  if (deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&zs, static_cast<uLong>(plain.size())) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
  zs.avail_in = static_cast<uInt>(plain.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(out.size() - zs.avail_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

}  // namespace

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size,
                                               std::size_t max_size, unsigned int seed) {
  if (size < 2 || seed % 2 == 0) return LLVMFuzzerMutate(data, size, max_size);
  const std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string plain;
  // Plain content up to 64 KiB: compressible content that size reaches every cap but the largest.
  constexpr std::size_t kPlainMax = std::size_t{1} << 16;
  reference_inflate(in, kPlainMax, plain);
  if (plain.empty()) plain = "a";
  const std::size_t used = plain.size();
  plain.resize(kPlainMax);
  const std::size_t mutated = LLVMFuzzerMutate(reinterpret_cast<std::uint8_t*>(plain.data()),
                                               std::min(used, kPlainMax), kPlainMax);
  plain.resize(mutated);
  const std::string gz = deflate_gzip(plain);
  if (gz.empty() || gz.size() + 1 > max_size) return LLVMFuzzerMutate(data, size, max_size);
  std::memcpy(data + 1, gz.data(), gz.size());
  return gz.size() + 1;
}
#endif
