// gzip inflation with an output cap (gzip.hpp). Moved here from the sensor readers so the
// results readers share it.
//
// Memory: the output grows in place by std::string's doubling, so the one transient beyond the
// result is the copy at a doubling, old and new buffer resident together: twice the size at the
// last doubling, which is below max_bytes. With the default cap (256 MiB, a power-of-two multiple
// of the 64 KiB chunk) the last doubling is at exactly half of it, so inflation never holds more
// than max_bytes besides the input. Capacity not yet written is not resident.
#include "podium/core/gzip.hpp"

#include <zlib.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/core/limits.hpp"

namespace podium {
namespace {

constexpr std::size_t kInflateChunkBytes = std::size_t{1} << 16;

Error format_error(const std::string& name, std::size_t offset, const std::string& what) {
  return Error(ErrorKind::Format, Place{.source = name, .byte = offset}, what);
}

// Owns the zlib stream so that every throw below releases it.
struct Inflater {
  z_stream zs{};
  bool live = false;
  Inflater() = default;
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  ~Inflater() {
    if (live) inflateEnd(&zs);
  }
};

}  // namespace

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::string gunzip(std::string_view in, const std::string& name, std::uint64_t max_bytes) {
  if (!is_gzip(in)) throw format_error(name, 0, "not gzip data (expected 1f 8b)");
  Inflater inflater;
  z_stream& zs = inflater.zs;
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
    throw Error(ErrorKind::Internal, name + ": zlib inflateInit2 failed");
  inflater.live = true;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string out;
  // Once `out` holds max_bytes, inflation goes on into one probe byte: content of exactly
  // max_bytes ends there (a trailer, or empty members, may still follow) and passes; any byte
  // produced into the probe is one too many.
  char probe = 0;
  for (;;) {
    const std::size_t old = out.size();
    const bool full = old >= max_bytes;
    std::size_t chunk = 1;
    if (full) {
      zs.next_out = reinterpret_cast<Bytef*>(&probe);
    } else {
      chunk =
          static_cast<std::size_t>(std::min<std::uint64_t>(kInflateChunkBytes, max_bytes - old));
      out.resize(old + chunk);
      zs.next_out = reinterpret_cast<Bytef*>(out.data() + old);
    }
    zs.avail_out = static_cast<uInt>(chunk);
    const int rc = inflate(&zs, Z_NO_FLUSH);
    const std::size_t at = in.size() - zs.avail_in;
    if (full && zs.avail_out == 0) {
      throw limits::exceeded(Place{.source = name, .byte = at}, "inflated bytes", max_bytes + 1,
                             max_bytes, "bytes");
    }
    if (!full) out.resize(old + chunk - zs.avail_out);
    if (rc == Z_STREAM_END) {
      // A gzip file may hold several members back to back (RFC 1952 section 2.2).
      if (zs.avail_in == 0 || !is_gzip(in.substr(at))) break;
      inflateReset(&zs);
      continue;
    }
    if (rc != Z_OK && !(rc == Z_BUF_ERROR && zs.avail_out == 0)) {
      const std::string what = zs.avail_in == 0
                                   ? "truncated gzip data"
                                   : std::string("corrupt gzip data (") +
                                         (zs.msg != nullptr ? zs.msg : "zlib error") + ")";
      throw format_error(name, at, what);
    }
  }
  return out;
}

std::string read_file_maybe_gzip(const std::string& path) {
  std::string bytes = read_file(path);
  return is_gzip(bytes) ? gunzip(bytes, path) : bytes;
}

}  // namespace podium
