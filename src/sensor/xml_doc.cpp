#include "xml_doc.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>

#include "podium/core/error.hpp"
#include "podium/core/limits.hpp"
#include "podium/core/message.hpp"
#include "xml_time.hpp"

namespace podium::sensor::xml {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

// End of the last closing tag `</record>` or `</prefix:record>` that ends at or before `limit`;
// 0 when there is none.
std::size_t end_of_last_record(std::string_view bytes, std::string_view record, std::size_t limit) {
  const std::string close = std::string(record) + ">";
  limit = std::min(limit, bytes.size());
  if (limit < close.size()) return 0;
  std::size_t from = limit - close.size();
  while (true) {
    const std::size_t at = bytes.rfind(close, from);
    if (at == std::string_view::npos) return 0;
    std::size_t start = at;
    if (start > 0 && bytes[start - 1] == ':') {
      --start;
      while (start > 0 && is_name_char(bytes[start - 1]))
        --start;
    }
    if (start >= 2 && bytes[start - 1] == '/' && bytes[start - 2] == '<') return at + close.size();
    if (at == 0) return 0;
    from = at - 1;
  }
}

// Offset of the '<' or '=' that makes more than `limit` of them in `bytes`; npos when there are
// not that many. Counted a block at a time without branching (the loop vectorises): this runs
// over every XML input before it is parsed.
std::size_t past_node_limit(std::string_view bytes, std::uint64_t limit) {
  constexpr std::size_t kBlockBytes = 4096;
  const auto is_node = [](char c) { return static_cast<std::uint64_t>(c == '<' || c == '='); };
  std::uint64_t nodes = 0;
  for (std::size_t block = 0; block < bytes.size(); block += kBlockBytes) {
    const std::size_t end = std::min(bytes.size(), block + kBlockBytes);
    std::uint64_t in_block = 0;
    for (std::size_t i = block; i < end; ++i)
      in_block += is_node(bytes[i]);
    if (nodes + in_block <= limit) {
      nodes += in_block;
      continue;
    }
    for (std::size_t i = block; i < end; ++i) {
      nodes += is_node(bytes[i]);
      if (nodes > limit) return i;
    }
  }
  return std::string_view::npos;
}

// The first element nested more than `limit` deep (the root element is at depth 1); null when
// none. Iterative, so the walk itself needs no stack however deep the document.
pugi::xml_node too_deep(const pugi::xml_document& doc, std::uint64_t limit) {
  pugi::xml_node node = doc.first_child();
  std::uint64_t depth = 1;
  while (node) {
    if (node.type() == pugi::node_element && depth > limit) return node;
    if (node.first_child()) {
      node = node.first_child();
      ++depth;
      continue;
    }
    while (!node.next_sibling()) {
      node = node.parent();
      --depth;
      if (depth == 0) return {};
    }
    node = node.next_sibling();
  }
  return {};
}

}  // namespace

Place Positions::at(std::size_t offset, const std::string& source) const {
  Place place = at(offset);
  place.source = source;
  return place;
}

Place Positions::at(std::size_t offset) const {
  Place place{.byte = offset};
  if (!exact_) return place;
  constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
  const std::size_t end = std::min(offset, input_.size());
  std::size_t line_start = input_.substr(0, kUtf8Bom.size()) == kUtf8Bom ? kUtf8Bom.size() : 0;
  std::uint64_t line = 1;
  for (std::size_t i = line_start; i < end; ++i) {
    if (input_[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  std::uint64_t column = 1;
  for (std::size_t i = line_start; i < end; ++i) {
    const bool continuation = (static_cast<unsigned char>(input_[i]) & 0xC0) == 0x80;
    column += continuation ? 0 : 1;
  }
  place.line = line;
  place.column = column;
  return place;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_xml_space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_xml_space(text.back()))
    text.remove_suffix(1);
  return text;
}

std::string_view local_name(std::string_view qualified_name) {
  const std::size_t colon = qualified_name.rfind(':');
  return colon == std::string_view::npos ? qualified_name : qualified_name.substr(colon + 1);
}

std::string_view local_name(pugi::xml_node node) {
  return local_name(std::string_view(node.name()));
}

pugi::xml_node child(pugi::xml_node parent, std::string_view local) {
  for (pugi::xml_node node = parent.first_child(); node; node = node.next_sibling()) {
    if (node.type() == pugi::node_element && local_name(node) == local) return node;
  }
  return {};
}

pugi::xml_node next_in_document(pugi::xml_node node, pugi::xml_node root) {
  if (node.first_child()) return node.first_child();
  for (; node && node != root; node = node.parent()) {
    if (node.next_sibling()) return node.next_sibling();
  }
  return {};
}

pugi::xml_node descendant(pugi::xml_node root, std::string_view local) {
  int depth = 1;
  pugi::xml_node node = root.first_child();
  while (node) {
    if (node.type() == pugi::node_element && local_name(node) == local) return node;
    if (depth < kMaxSearchDepth && node.first_child()) {
      node = node.first_child();
      ++depth;
      continue;
    }
    while (!node.next_sibling()) {
      if (--depth == 0) return {};
      node = node.parent();
    }
    node = node.next_sibling();
  }
  return {};
}

std::size_t offset_of(pugi::xml_node node) {
  const std::ptrdiff_t offset = node.offset_debug();
  return offset < 0 ? 0 : static_cast<std::size_t>(offset);
}

pugi::xml_node text_node(pugi::xml_node element) {
  for (pugi::xml_node node = element.first_child(); node; node = node.next_sibling()) {
    if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) return node;
  }
  return {};
}

std::string_view trimmed_text(pugi::xml_node element) {
  return trim(text_node(element).value());
}

Positions load_document(const Source& source, const ReadOptions& options, std::string_view root,
                        std::string_view record, pugi::xml_document& doc,
                        std::vector<ReadWarning>& warnings) {
  const std::string_view bytes = source.bytes();
  if (bytes.size() > limits::kXmlBytes) {
    throw limits::exceeded(Place{.source = source.name(), .byte = limits::kXmlBytes}, "XML bytes",
                           bytes.size(), limits::kXmlBytes, "bytes of XML");
  }
  const std::size_t past_nodes = past_node_limit(bytes, limits::kXmlNodes);
  if (past_nodes != std::string_view::npos) {
    // Not yet parsed: UTF-16 and UTF-32 (a NUL in the first characters) get the byte alone.
    const bool bytes_are_chars = bytes.substr(0, 4).find('\0') == std::string_view::npos;
    throw limits::exceeded(Positions(bytes, bytes_are_chars).at(past_nodes, source.name()),
                           "XML nodes", limits::kXmlNodes + 1, limits::kXmlNodes,
                           "XML nodes (tags and attributes)");
  }
  const pugi::xml_parse_result result =
      doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default, pugi::encoding_auto);
  const Positions positions(bytes, result.encoding == pugi::encoding_utf8);
  const auto placed = [&](std::size_t offset) { return positions.at(offset, source.name()); };
  const auto check_depth = [&] {
    if (const pugi::xml_node deep = too_deep(doc, limits::kXmlDepth)) {
      throw limits::exceeded(placed(offset_of(deep)), "XML depth", limits::kXmlDepth + 1,
                             limits::kXmlDepth, "nested elements");
    }
  };
  const pugi::xml_node element = doc.document_element();
  if (element && local_name(element) != root) {
    throw Error(ErrorKind::Format, placed(offset_of(element)),
                "root element is <" + std::string(element.name()) + ">, expected <" +
                    std::string(root) + ">");
  }
  if (result) {
    check_depth();
    return positions;
  }
  const auto error_at = static_cast<std::size_t>(result.offset);
  const std::string problem = std::string("XML error: ") + result.description();
  const std::size_t cut =
      options.strict || !element ? 0 : end_of_last_record(bytes, record, error_at);
  if (cut == 0) throw Error(ErrorKind::Format, placed(error_at), problem);
  // The prefix ends right after a complete record, so every record in it is whole; its own
  // parse fails again at its end (unclosed ancestors), which is expected. An earlier failure
  // means the error offset was not a position in `bytes` (pugixml converted the encoding).
  const pugi::xml_parse_result prefix =
      doc.load_buffer(bytes.data(), cut, pugi::parse_default, pugi::encoding_auto);
  if (!prefix && static_cast<std::size_t>(prefix.offset) + 1 < cut) {
    throw Error(ErrorKind::Format, placed(error_at), problem);
  }
  check_depth();
  warnings.push_back({positions.at(error_at), problem + "; read up to byte " + std::to_string(cut) +
                                                  ", the end of the last complete <" +
                                                  std::string(record) + ">"});
  return positions;
}

double ValueReader::number(pugi::xml_node element, std::string_view what) {
  const pugi::xml_node text = text_node(element);
  return parse_number(trim(text.value()), offset_of(text), what);
}

double ValueReader::number(pugi::xml_attribute attribute, pugi::xml_node owner,
                           std::string_view what) {
  if (!attribute) return kMissing;
  return parse_number(trim(attribute.value()), offset_of(owner), what);
}

double ValueReader::time(pugi::xml_node element, std::string_view what) {
  const pugi::xml_node text = text_node(element);
  return parse_time(trim(text.value()), offset_of(text), what);
}

double ValueReader::time(pugi::xml_attribute attribute, pugi::xml_node owner,
                         std::string_view what) {
  return parse_time(trim(attribute.value()), offset_of(owner), what);
}

double ValueReader::parse_time(std::string_view text, std::size_t offset, std::string_view what) {
  if (text.empty()) return kMissing;
  if (const auto t = parse_iso8601_utc(text)) return *t;
  reject(offset, what, text, "an ISO-8601 time");
  return kMissing;
}

double ValueReader::parse_number(std::string_view text, std::size_t offset, std::string_view what) {
  if (text.empty()) return kMissing;
  // from_chars takes no leading '+', which XML Schema decimals and writers allow.
  const bool plus = text.front() == '+';
  const std::string_view digits = plus ? text.substr(1) : text;
  double value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  const bool signed_twice = plus && !digits.empty() && digits.front() == '-';
  if (error == std::errc() && end == digits.data() + digits.size() && std::isfinite(value) &&
      !signed_twice) {
    return value;
  }
  reject(offset, what, text, "a number");
  return kMissing;
}

Place ValueReader::place(std::size_t offset, std::string_view what) const {
  Place place = positions_.at(offset);
  place.field = what;
  return place;
}

void ValueReader::reject(std::size_t offset, std::string_view what, std::string_view text,
                         std::string_view expected) {
  if (strict_) {
    Place where = place(offset, what);
    where.source = name_;
    throw Error(ErrorKind::Format, where,
                quoted_for_message(text) + " is not " + std::string(expected));
  }
  for (Issue& issue : issues_) {
    if (issue.what == what && issue.expected == expected) {
      ++issue.count;
      return;
    }
  }
  issues_.push_back(
      {std::string(what), std::string(expected), offset, quoted_for_message(text), 1});
}

void ValueReader::append_warnings(std::vector<ReadWarning>& warnings) const {
  for (const Issue& issue : issues_) {
    std::string problem = issue.text + " is not " + issue.expected;
    if (issue.count > 1) {
      problem += " (" + std::to_string(issue.count) + " values like this, the first here)";
    }
    problem += "; read as absent";
    warnings.push_back({place(issue.offset, issue.what), std::move(problem)});
  }
}

void finish_activity(Activity& activity, double fallback_start_utc_s) {
  if (!activity.sessions.empty()) {
    activity.sport = activity.sessions.front().sport;
    for (const Session& session : activity.sessions) {
      if (session.sport != activity.sport) activity.sport = "multisport";
    }
  }
  activity.start_utc_s =
      activity.sessions.empty() ? kMissing : activity.sessions.front().start_utc_s;
  for (const Record& record : activity.records) {
    if (!std::isnan(activity.start_utc_s)) break;
    activity.start_utc_s = record.time_utc_s;
  }
  if (std::isnan(activity.start_utc_s)) activity.start_utc_s = fallback_start_utc_s;
}

}  // namespace podium::sensor::xml
