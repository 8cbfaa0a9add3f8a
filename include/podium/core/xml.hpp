// Text for XML and SVG written by hand (career plots, attribution heatmaps): escaped so that any
// name or label, including a user's, keeps the document well-formed.
//
// Contract: xml_escape replaces & < > " ' by their entities (safe in text and in either kind of
// attribute quote) and drops the control characters XML 1.0 forbids even escaped (below 0x20
// except tab, newline and carriage return); every other byte, UTF-8 included, passes unchanged.
//
//   svg += "<text>" + xml_escape(label) + "</text>";
#pragma once

#include <string>
#include <string_view>

namespace podium {

std::string xml_escape(std::string_view text);

}  // namespace podium
