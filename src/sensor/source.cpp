// Source construction, gzip inflation and content sniffing (read.hpp). Format detection looks at
// the bytes only: a FIT header carries ".FIT" at bytes 8..11; XML files are told apart by their
// root element after any BOM, whitespace, XML declaration, comments and DOCTYPE.
#include <zlib.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/sensor/read.hpp"

namespace podium::sensor {
namespace {

constexpr std::size_t kMaxInflatedBytes = std::size_t{1} << 30;  // 1 GiB
constexpr std::size_t kInflateChunkBytes = std::size_t{1} << 16;

Error format_error(const std::string& name, std::size_t offset, const std::string& what) {
  return Error(ErrorKind::Format, name + ": byte " + std::to_string(offset) + ": " + what);
}

bool is_xml_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Position of the root element's '<', skipping the prolog; npos when there is none.
std::size_t xml_root_start(std::string_view text) {
  std::size_t pos = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  while (pos < text.size()) {
    while (pos < text.size() && is_xml_space(text[pos]))
      ++pos;
    if (pos >= text.size() || text[pos] != '<') return std::string_view::npos;
    std::string_view rest = text.substr(pos);
    std::string_view close;
    if (rest.substr(0, 2) == "<?") {
      close = "?>";
    } else if (rest.substr(0, 4) == "<!--") {
      close = "-->";
    } else if (rest.substr(0, 2) == "<!") {
      close = ">";
    } else {
      return pos;
    }
    std::size_t end = text.find(close, pos + 2);
    if (end == std::string_view::npos) return std::string_view::npos;
    pos = end + close.size();
  }
  return std::string_view::npos;
}

// The root element's local name (namespace prefix dropped).
std::string_view xml_root_name(std::string_view text, std::size_t lt) {
  std::size_t begin = lt + 1;
  std::size_t end = begin;
  while (end < text.size() && !is_xml_space(text[end]) && text[end] != '>' && text[end] != '/')
    ++end;
  std::string_view name = text.substr(begin, end - begin);
  std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

}  // namespace

Source Source::from_file(const std::string& path) {
  return Source(path, read_file(path));
}

Source Source::from_memory(std::string name, std::string bytes) {
  return Source(std::move(name), std::move(bytes));
}

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

Source gunzip(const Source& source) {
  std::string_view in = source.bytes();
  if (!is_gzip(in)) throw format_error(source.name(), 0, "not gzip data (expected 1f 8b)");
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
    throw Error(ErrorKind::Internal, source.name() + ": zlib inflateInit2 failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string out;
  int rc = Z_OK;
  for (;;) {
    if (out.size() >= kMaxInflatedBytes) {
      inflateEnd(&zs);
      throw format_error(source.name(), zs.total_in,
                         "gzip content larger than 1 GiB (refusing to inflate further)");
    }
    std::size_t old = out.size();
    out.resize(old + kInflateChunkBytes);
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + old);
    zs.avail_out = static_cast<uInt>(kInflateChunkBytes);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.resize(old + kInflateChunkBytes - zs.avail_out);
    if (rc == Z_STREAM_END) {
      // A gzip file may hold several members back to back (RFC 1952 section 2.2).
      std::size_t consumed = in.size() - zs.avail_in;
      if (zs.avail_in == 0 || !is_gzip(in.substr(consumed))) break;
      inflateReset(&zs);
      continue;
    }
    if (rc != Z_OK && !(rc == Z_BUF_ERROR && zs.avail_out == 0)) {
      std::string what = zs.avail_in == 0 ? "truncated gzip data"
                                          : std::string("corrupt gzip data (") +
                                                (zs.msg != nullptr ? zs.msg : "zlib error") + ")";
      std::size_t at = in.size() - zs.avail_in;
      inflateEnd(&zs);
      throw format_error(source.name(), at, what);
    }
  }
  inflateEnd(&zs);
  return Source::from_memory(source.name(), std::move(out));
}

FileFormat detect_format(const Source& source) {
  std::string_view bytes = source.bytes();
  if (bytes.empty()) throw format_error(source.name(), 0, "empty file");
  if (bytes.size() >= 12 && bytes.substr(8, 4) == ".FIT") return FileFormat::Fit;
  std::size_t lt = xml_root_start(bytes);
  if (lt != std::string_view::npos) {
    std::string_view root = xml_root_name(bytes, lt);
    if (root == "TrainingCenterDatabase") return FileFormat::Tcx;
    if (root == "gpx") return FileFormat::Gpx;
  }
  throw format_error(source.name(), 0, "not a FIT, TCX or GPX file");
}

}  // namespace podium::sensor
