// Source construction, gzip inflation (core/gzip.hpp, capped at limits::kInflatedBytes) and
// content sniffing (read.hpp). Format detection looks at the bytes only: a FIT header carries
// ".FIT" at bytes 8..11; XML files are told apart by their root element after any BOM,
// whitespace, XML declaration, comments and DOCTYPE.
#include <cstdint>
#include <string>
#include <string_view>

#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/core/gzip.hpp"
#include "podium/core/limits.hpp"
#include "podium/sensor/read.hpp"
#include "xml_time.hpp"

namespace podium::sensor {
namespace {

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
  return podium::is_gzip(bytes);
}

Source gunzip(const Source& source) {
  return Source::from_memory(source.name(),
                             podium::gunzip(source.bytes(), source.name(), limits::kInflatedBytes));
}

FileFormat detect_format(const Source& source) {
  std::string_view bytes = source.bytes();
  if (bytes.empty())
    throw Error(ErrorKind::Format, Place{.source = source.name(), .byte = 0}, "empty file");
  if (bytes.size() >= 12 && bytes.substr(8, 4) == ".FIT") return FileFormat::Fit;
  std::size_t lt = xml_root_start(bytes);
  if (lt != std::string_view::npos) {
    std::string_view root = xml_root_name(bytes, lt);
    if (root == "TrainingCenterDatabase") return FileFormat::Tcx;
    if (root == "gpx") return FileFormat::Gpx;
  }
  throw Error(ErrorKind::Format, Place{.source = source.name(), .byte = 0},
              "not a FIT, TCX or GPX file");
}

}  // namespace podium::sensor
