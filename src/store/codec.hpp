// The channel codec: a series of doubles (one activity channel or an MMP curve) as a compact,
// self-describing blob. Pure functions, no I/O; the store is its only user.
//
// Contract: `encode_channel(values, scale)` quantises each value to the nearest multiple of
// `scale` (finite, > 0; e.g. 1 W, 0.001 m/s, 1e-7 degrees), writes the differences between
// consecutive quanta as zigzag LEB128 varints (NaN is a reserved token and round-trips as NaN)
// and zlib-compresses the payload when that is smaller. A series that cannot be quantised (±inf,
// or a value beyond 2^53 quanta) is stored as raw little-endian float64 instead, bit-exact. So
// `decode_channel(encode_channel(v, s).blob)` equals v within s / 2 per value, NaN where v is NaN.
// The byte layout is in docs/store.md. `decode_channel` trusts nothing (a database file is outside
// data): it bounds every count before allocating and throws Error(Format) at Place{.source =
// what, .byte = B}, "<what>: byte B: channel blob: ...", on any inconsistency. `encode_channel`
// throws Error(InvalidInput, "scale = 0: must be finite and > 0") for a bad scale.
//
//   EncodedChannel e = encode_channel(power_w, 1.0);   // e.encoding == "delta-varint+zlib"
//   std::vector<double> back = decode_channel(e.blob, "ride.fit power");
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace podium::store {

struct EncodedChannel {
  std::vector<std::uint8_t> blob;
  // "delta-varint", "delta-varint+zlib", "f64" or "f64+zlib": what the blob header says, for
  // people reading the database.
  std::string encoding;
};

EncodedChannel encode_channel(std::span<const double> values, double scale);

// What a blob's header declares, checked for consistency but without decoding the payload.
struct ChannelHeader {
  std::string encoding;
  std::uint64_t n = 0;
  double scale = 0.0;
};

ChannelHeader read_channel_header(std::span<const std::uint8_t> blob, const std::string& what);
std::vector<double> decode_channel(std::span<const std::uint8_t> blob, const std::string& what);

}  // namespace podium::store
