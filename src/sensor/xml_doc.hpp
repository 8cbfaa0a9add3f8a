// Internal to the TCX and GPX readers: loading an XML activity file with pugixml, finding elements
// by local name, and turning element text into numbers and times with located warnings.
//
// Contract: elements are matched by LOCAL name (after the last ':'), because writers bind the
// same namespaces to different prefixes (ns3:TPX, ax:TPX, TPX with a default namespace). Byte
// offsets are pugixml's offset_debug() positions in the input (an element's name, a text node's
// first byte); for inputs pugixml converts from UTF-16/Latin-1 they are positions in the UTF-8
// conversion. Every problem is placed at its byte with line and column ("NAME: byte 812 (line 31,
// column 20): ..."; the byte alone after a conversion). Lenient reads collect one warning per kind
// of bad value (first place + count); strict reads throw Error(Format, "NAME: byte N (line L,
// column C): what: 'text' is not ...") on the first.
//
//   pugi::xml_document doc;
//   const xml::Positions at =
//       xml::load_document(source, options, "gpx", "trkpt", doc, activity.warnings);
//   xml::ValueReader values(source, options, at);
//   double hr = values.number(xml::descendant(extensions, "hr"), "trkpt/extensions/hr");
#pragma once

#include <cstddef>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/sensor/read.hpp"

namespace podium::sensor::xml {

std::string_view local_name(std::string_view qualified_name);  // "ns3:TPX" -> "TPX"
std::string_view local_name(pugi::xml_node node);
// How deep `descendant` looks: TCX Trackpoint/Extensions/TPX/Watts and GPX
// extensions/TrackPointExtension/hr are 3 and 2 levels down. The bound keeps the per-point
// searches linear in the file size however trackpoints nest inside each other.
inline constexpr int kMaxSearchDepth = 4;

// First child element / first descendant element (document order, at most kMaxSearchDepth
// levels below `root`) with that local name; a null node when there is none.
pugi::xml_node child(pugi::xml_node parent, std::string_view local);
pugi::xml_node descendant(pugi::xml_node root, std::string_view local);
// The node after `node` in document order within `root`'s subtree; null at the end.
pugi::xml_node next_in_document(pugi::xml_node node, pugi::xml_node root);
// Byte offset of an element or text node in the input (0 when pugixml cannot tell).
std::size_t offset_of(pugi::xml_node node);
// `text` without leading and trailing XML whitespace.
std::string_view trim(std::string_view text);
// The element's own text: its first text or CDATA child (null node when none), and that text
// without surrounding whitespace.
pugi::xml_node text_node(pugi::xml_node element);
std::string_view trimmed_text(pugi::xml_node element);

// A byte offset in the parsed document as a Place: the byte, and its line and column (1-based,
// the column in characters) when pugixml parsed the input as it is, UTF-8. After a conversion its
// offsets are positions in the converted copy, which have no line in the input. Lines are counted
// only when a problem is placed, in one pass up to its byte.
class Positions {
 public:
  Positions(std::string_view input, bool offsets_are_input_bytes)
      : input_(input), exact_(offsets_are_input_bytes) {}
  Place at(std::size_t offset) const;
  Place at(std::size_t offset, const std::string& source) const;  // with its source

 private:
  std::string_view input_;
  bool exact_;
};

// Parses `source` into `doc` within podium's XML limits (core/limits.hpp), in lenient and strict
// mode alike: more than kXmlBytes is refused before anything else (at byte kXmlBytes), more than
// kXmlNodes tags and attributes (each '<' and '=' in the text, an upper bound counted without
// parsing) before parsing, at the first '<' or '=' past the limit, and elements nested deeper than
// kXmlDepth after parsing, at the first such element. Its root element must have the local name
// `root`, else
// Error(Format, "NAME: byte N (line L, column C): root element is <x>, expected <root>"). On
// malformed XML a strict read throws Error(Format, "NAME: byte N (line L, column C): XML error:
// ..."); a lenient one keeps the document up to the end of the last complete `record` element
// before the error (parsed again from that prefix) and adds a warning, or throws the same error
// when no complete record precedes it. Returns how to place the document's offsets.
Positions load_document(const Source& source, const ReadOptions& options, std::string_view root,
                        std::string_view record, pugi::xml_document& doc,
                        std::vector<ReadWarning>& warnings);

// Element text and attribute values -> numbers and times. A missing element or empty text is
// absent (NaN) without complaint; text that does not parse is absent plus a warning (lenient) or
// an Error (strict). Numbers: optional sign, decimal digits, fraction, exponent, finite.
class ValueReader {
 public:
  ValueReader(const Source& source, const ReadOptions& options, Positions positions)
      : name_(source.name()), strict_(options.strict), positions_(positions) {}

  double number(pugi::xml_node element, std::string_view what);
  double number(pugi::xml_attribute attribute, pugi::xml_node owner, std::string_view what);
  double time(pugi::xml_node element, std::string_view what);
  double time(pugi::xml_attribute attribute, pugi::xml_node owner, std::string_view what);
  // One warning per kind of bad value, in the order the kinds were first met.
  void append_warnings(std::vector<ReadWarning>& warnings) const;

 private:
  struct Issue {
    std::string what;
    std::string expected;
    std::size_t offset = 0;
    std::string text;  // the first bad text, quoted for messages
    std::size_t count = 0;
  };
  Place place(std::size_t offset, std::string_view what) const;
  double parse_number(std::string_view text, std::size_t offset, std::string_view what);
  double parse_time(std::string_view text, std::size_t offset, std::string_view what);
  void reject(std::size_t offset, std::string_view what, std::string_view text,
              std::string_view expected);

  std::string name_;
  bool strict_ = false;
  Positions positions_;
  std::vector<Issue> issues_;
};

// Fills `sport` (first session's, "multisport" when sessions differ) and `start_utc_s` (first
// session start, else first record time, else `fallback_start_utc_s`).
void finish_activity(Activity& activity, double fallback_start_utc_s);

}  // namespace podium::sensor::xml
