// gzip inflation with an output cap (gzip.hpp). Moved here from the sensor readers so the
// results readers share it.
#include "podium/core/gzip.hpp"

#include <zlib.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "podium/core/error.hpp"
#include "podium/core/file.hpp"

namespace podium {
namespace {

constexpr std::size_t kInflateChunkBytes = std::size_t{1} << 16;

Error format_error(const std::string& name, std::size_t offset, const std::string& what) {
  return Error(ErrorKind::Format, name + ": byte " + std::to_string(offset) + ": " + what);
}

// "1 GiB", "2 GiB", "512 MiB", "100 bytes": the cap as a person would write it.
std::string size_text(std::size_t bytes) {
  constexpr std::size_t kMiB = std::size_t{1} << 20;
  constexpr std::size_t kGiB = std::size_t{1} << 30;
  if (bytes >= kGiB && bytes % kGiB == 0) return std::to_string(bytes / kGiB) + " GiB";
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::string gunzip(std::string_view in, const std::string& name, std::size_t max_bytes) {
  if (!is_gzip(in)) throw format_error(name, 0, "not gzip data (expected 1f 8b)");
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
    throw Error(ErrorKind::Internal, name + ": zlib inflateInit2 failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string out;
  int rc = Z_OK;
  for (;;) {
    if (out.size() >= max_bytes) {
      inflateEnd(&zs);
      throw format_error(
          name, zs.total_in,
          "gzip content larger than " + size_text(max_bytes) + " (refusing to inflate further)");
    }
    const std::size_t old = out.size();
    const std::size_t chunk = std::min(kInflateChunkBytes, max_bytes - old);
    out.resize(old + chunk);
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + old);
    zs.avail_out = static_cast<uInt>(chunk);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.resize(old + chunk - zs.avail_out);
    if (rc == Z_STREAM_END) {
      // A gzip file may hold several members back to back (RFC 1952 section 2.2).
      const std::size_t consumed = in.size() - zs.avail_in;
      if (zs.avail_in == 0 || !is_gzip(in.substr(consumed))) break;
      inflateReset(&zs);
      continue;
    }
    if (rc != Z_OK && !(rc == Z_BUF_ERROR && zs.avail_out == 0)) {
      const std::string what = zs.avail_in == 0
                                   ? "truncated gzip data"
                                   : std::string("corrupt gzip data (") +
                                         (zs.msg != nullptr ? zs.msg : "zlib error") + ")";
      const std::size_t at = in.size() - zs.avail_in;
      inflateEnd(&zs);
      throw format_error(name, at, what);
    }
  }
  inflateEnd(&zs);
  return out;
}

std::string read_file_maybe_gzip(const std::string& path) {
  std::string bytes = read_file(path);
  return is_gzip(bytes) ? gunzip(bytes, path) : bytes;
}

}  // namespace podium
