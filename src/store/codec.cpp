#include "store/codec.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>

#include "podium/core/error.hpp"
#include "podium/core/limits.hpp"
#include "podium/core/option.hpp"

namespace podium::store {
namespace {

constexpr std::array<std::uint8_t, 3> kMagic = {'P', 'C', 1};  // "PC", format version 1
constexpr std::uint8_t kCodingDelta = 0;
constexpr std::uint8_t kCodingF64 = 1;
constexpr std::uint8_t kStored = 0;
constexpr std::uint8_t kZlib = 1;
// |quantum| <= 2^53 keeps quantum * scale exact in a double and every delta within 2^54, so a
// zigzag token + 1 never overflows 64 bits.
constexpr double kMaxQuantum = 9007199254740992.0;  // 2^53
constexpr std::int64_t kMaxQuantumInt = std::int64_t{1} << 53;
constexpr std::uint64_t kNanToken = 0;
constexpr std::size_t kMaxVarintBytes = 10;

void put_varint(std::vector<std::uint8_t>& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<std::uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<std::uint8_t>(v));
}

void put_f64(std::vector<std::uint8_t>& out, double v) {
  auto bits = std::bit_cast<std::uint64_t>(v);
  for (int i = 0; i < 8; ++i)
    out.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
}

std::uint64_t zigzag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}

std::int64_t unzigzag(std::uint64_t v) {
  return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

// The zigzag-delta tokens, or false when some value cannot be quantised.
bool delta_payload(std::span<const double> values, double scale, std::vector<std::uint8_t>& out) {
  std::int64_t previous = 0;
  for (double v : values) {
    if (std::isnan(v)) {
      put_varint(out, kNanToken);
      continue;
    }
    const double q = std::nearbyint(v / scale);
    if (!(std::fabs(q) <= kMaxQuantum) || !std::isfinite(q * scale)) return false;
    const auto quantum = static_cast<std::int64_t>(q);
    put_varint(out, zigzag(quantum - previous) + 1);
    previous = quantum;
  }
  return true;
}

std::string encoding_name(std::uint8_t coding, std::uint8_t compression) {
  std::string name = coding == kCodingDelta ? "delta-varint" : "f64";
  return compression == kZlib ? name + "+zlib" : name;
}

// A cursor over the blob that names the byte offset of whatever it finds wrong.
class Reader {
 public:
  Reader(std::span<const std::uint8_t> bytes, const std::string& what)
      : bytes_(bytes), what_(what) {}

  [[noreturn]] void fail(std::size_t offset, const std::string& problem) const {
    throw Error(ErrorKind::Format, Place{.source = what_, .byte = offset},
                "channel blob: " + problem);
  }
  std::size_t offset() const { return pos_; }
  std::size_t remaining() const { return bytes_.size() - pos_; }
  std::span<const std::uint8_t> rest() const { return bytes_.subspan(pos_); }

  std::uint8_t u8() {
    if (remaining() < 1) fail(pos_, "truncated");
    return bytes_[pos_++];
  }
  double f64() {
    if (remaining() < 8) fail(pos_, "truncated scale");
    std::uint64_t bits = 0;
    for (int i = 0; i < 8; ++i)
      bits |= std::uint64_t{bytes_[pos_ + i]} << (8 * i);
    pos_ += 8;
    return std::bit_cast<double>(bits);
  }
  std::uint64_t varint() {
    const std::size_t start = pos_;
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < kMaxVarintBytes; ++i) {
      if (remaining() < 1) fail(start, "truncated varint");
      const std::uint8_t b = bytes_[pos_++];
      if (i == kMaxVarintBytes - 1 && b > 1) fail(start, "varint exceeds 64 bits");
      v |= std::uint64_t{b & 0x7Fu} << (7 * i);
      if ((b & 0x80) == 0) return v;
    }
    fail(start, "varint exceeds 64 bits");
  }

 private:
  std::span<const std::uint8_t> bytes_;
  const std::string& what_;
  std::size_t pos_ = 0;
};

struct Header {
  std::uint8_t coding = 0;
  std::uint8_t compression = 0;
  double scale = 0.0;
  std::uint64_t n = 0;
};

Header parse_header(Reader& r) {
  Header h;
  for (std::uint8_t m : kMagic) {
    if (r.u8() != m) r.fail(r.offset() - 1, "bad magic or version (expected \"PC\" version 1)");
  }
  h.coding = r.u8();
  if (h.coding != kCodingDelta && h.coding != kCodingF64)
    r.fail(r.offset() - 1, "unknown coding " + std::to_string(h.coding));
  h.compression = r.u8();
  if (h.compression != kStored && h.compression != kZlib)
    r.fail(r.offset() - 1, "unknown compression " + std::to_string(h.compression));
  const std::size_t scale_at = r.offset();
  h.scale = r.f64();
  if (!(std::isfinite(h.scale) && h.scale > 0)) r.fail(scale_at, "scale must be finite and > 0");
  const std::size_t n_at = r.offset();
  h.n = r.varint();
  if (h.n > limits::kChannelValues) {
    r.fail(n_at, "count " + std::to_string(h.n) + " exceeds the limit " +
                     std::to_string(limits::kChannelValues));
  }
  return h;
}

// Payload bytes a blob with this header may hold: one to ten per delta token, eight per f64.
bool payload_size_fits(const Header& h, std::uint64_t size) {
  if (h.coding == kCodingF64) return size == 8 * h.n;
  return size >= h.n && size <= kMaxVarintBytes * h.n;
}

std::vector<std::uint8_t> inflate_payload(Reader& r, std::uint64_t declared) {
  std::vector<std::uint8_t> out;
  const std::span<const std::uint8_t> in = r.rest();
  z_stream z{};
  if (inflateInit(&z) != Z_OK) r.fail(r.offset(), "zlib initialisation failed");
  z.next_in = const_cast<Bytef*>(in.data());  // zlib's API is not const-correct; it only reads
  z.avail_in = static_cast<uInt>(in.size());
  constexpr std::size_t kChunk = 1 << 16;
  int rc = Z_OK;
  // Grow with what actually inflates, never with the declared size alone; one byte of room past
  // the declared size tells a longer stream from an exact one.
  while (rc == Z_OK && out.size() <= declared) {
    const std::size_t old = out.size();
    const std::size_t grow = std::min<std::uint64_t>(kChunk, declared + 1 - old);
    out.resize(old + grow);
    z.next_out = out.data() + old;
    z.avail_out = static_cast<uInt>(grow);
    rc = inflate(&z, Z_NO_FLUSH);
    out.resize(old + grow - z.avail_out);
  }
  const std::size_t consumed = in.size() - z.avail_in;
  inflateEnd(&z);
  if (out.size() > declared) r.fail(r.offset(), "zlib payload longer than the header says");
  if (rc != Z_STREAM_END) r.fail(r.offset() + consumed, "zlib stream corrupt or truncated");
  if (consumed != in.size()) r.fail(r.offset() + consumed, "bytes after the zlib stream");
  if (out.size() != declared) {
    r.fail(r.offset(), "zlib payload is " + std::to_string(out.size()) + " bytes, header says " +
                           std::to_string(declared));
  }
  return out;
}

std::vector<double> decode_delta(Reader& p, const Header& h) {
  std::vector<double> values;
  values.reserve(h.n);
  std::int64_t previous = 0;
  for (std::uint64_t i = 0; i < h.n; ++i) {
    const std::size_t at = p.offset();
    const std::uint64_t token = p.varint();
    if (token == kNanToken) {
      values.push_back(std::numeric_limits<double>::quiet_NaN());
      continue;
    }
    const std::uint64_t zz = token - 1;
    if (zz > 2 * static_cast<std::uint64_t>(2 * kMaxQuantumInt)) p.fail(at, "delta out of range");
    const std::int64_t quantum = previous + unzigzag(zz);
    if (quantum > kMaxQuantumInt || quantum < -kMaxQuantumInt) p.fail(at, "value out of range");
    const double v = static_cast<double>(quantum) * h.scale;
    if (!std::isfinite(v)) p.fail(at, "value overflows a double");
    values.push_back(v);
    previous = quantum;
  }
  if (p.remaining() != 0) p.fail(p.offset(), "bytes after the last value");
  return values;
}

std::vector<double> decode_f64(std::span<const std::uint8_t> payload, std::uint64_t n) {
  std::vector<double> values(n);
  for (std::uint64_t i = 0; i < n; ++i) {
    std::uint64_t bits = 0;
    for (int b = 0; b < 8; ++b)
      bits |= std::uint64_t{payload[8 * i + b]} << (8 * b);
    values[i] = std::bit_cast<double>(bits);
  }
  return values;
}

}  // namespace

EncodedChannel encode_channel(std::span<const double> values, double scale) {
  require_option(std::isfinite(scale) && scale > 0, "", "scale", scale, "must be finite and > 0");
  require_option(values.size() <= limits::kChannelValues, "", "values", values.size(),
                 "must be at most " + std::to_string(limits::kChannelValues));
  std::uint8_t coding = kCodingDelta;
  std::vector<std::uint8_t> payload;
  if (!delta_payload(values, scale, payload)) {
    coding = kCodingF64;
    payload.clear();
    for (double v : values)
      put_f64(payload, v);
  }
  std::vector<std::uint8_t> packed(compressBound(static_cast<uLong>(payload.size())));
  uLongf packed_size = static_cast<uLongf>(packed.size());
  const int rc = compress2(packed.data(), &packed_size, payload.data(),
                           static_cast<uLong>(payload.size()), Z_DEFAULT_COMPRESSION);
  PODIUM_ASSERT(rc == Z_OK);  // the buffer is compressBound()-sized: zlib cannot fail here
  packed.resize(packed_size);
  const bool zlib = packed.size() + kMaxVarintBytes < payload.size();

  EncodedChannel e;
  e.encoding = encoding_name(coding, zlib ? kZlib : kStored);
  e.blob.assign(kMagic.begin(), kMagic.end());
  e.blob.push_back(coding);
  e.blob.push_back(zlib ? kZlib : kStored);
  put_f64(e.blob, scale);
  put_varint(e.blob, values.size());
  if (zlib) {
    put_varint(e.blob, payload.size());
    e.blob.insert(e.blob.end(), packed.begin(), packed.end());
  } else {
    e.blob.insert(e.blob.end(), payload.begin(), payload.end());
  }
  return e;
}

ChannelHeader read_channel_header(std::span<const std::uint8_t> blob, const std::string& what) {
  Reader r(blob, what);
  const Header h = parse_header(r);
  return {encoding_name(h.coding, h.compression), h.n, h.scale};
}

std::vector<double> decode_channel(std::span<const std::uint8_t> blob, const std::string& what) {
  Reader r(blob, what);
  const Header h = parse_header(r);
  if (h.compression == kStored) {
    if (!payload_size_fits(h, r.remaining())) {
      r.fail(r.offset(), "payload of " + std::to_string(r.remaining()) +
                             " bytes does not fit the count " + std::to_string(h.n));
    }
    return h.coding == kCodingF64 ? decode_f64(r.rest(), h.n) : decode_delta(r, h);
  }
  const std::size_t size_at = r.offset();
  const std::uint64_t declared = r.varint();
  if (!payload_size_fits(h, declared))
    r.fail(size_at, "payload size " + std::to_string(declared) + " does not fit the count");
  const std::vector<std::uint8_t> payload = inflate_payload(r, declared);
  if (h.coding == kCodingF64) return decode_f64(payload, h.n);
  const std::string inner = what + " (inflated payload)";
  Reader p(payload, inner);
  return decode_delta(p, h);
}

}  // namespace podium::store
