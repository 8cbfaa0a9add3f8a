// How outside text appears inside a one-line error message.
//
// Contract: `text` in single quotes, cut to 40 bytes ("..." marks the cut, never inside a
// character). Printable ASCII and well-formed UTF-8 characters are kept (rider and race names,
// "›", "»"); every byte of anything else is shown as '?': control characters (C0, DEL, C1), the
// line and paragraph separators, bidirectional-text controls and bytes that are not well-formed
// UTF-8. So a message stays one readable line, shown as it was written, whatever the input held.
//
//   throw Error(ErrorKind::Format, where, quoted_for_message(field) + " is not a date");
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace podium {

namespace message_detail {

// Bytes of the well-formed UTF-8 character at text[i] when it is safe on one line; 0 otherwise.
inline std::size_t shown_utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t n = 0;
  char32_t cp = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    n = 2;
    cp = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    n = 3;
    cp = lead & 0x0Fu;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    n = 4;
    cp = lead & 0x07u;
  } else {
    return 0;
  }
  if (n > text.size() - i) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0u) != 0x80u) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3Fu);
  }
  const bool overlong = (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
  const bool invalid = overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF;
  // C1 controls, the Arabic letter mark, LRM/RLM, line/paragraph separators and the embedding,
  // override and isolate controls: each can break the line or reorder what a reader sees.
  const bool unsafe = cp <= 0x9F || cp == 0x61C || cp == 0x200E || cp == 0x200F ||
                      (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
  return invalid || unsafe ? 0 : n;
}

}  // namespace message_detail

inline std::string quoted_for_message(std::string_view text) {
  constexpr std::size_t kMaxShownBytes = 40;
  std::string out = "'";
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t n =
        (c >= 0x20 && c < 0x7f) ? 1 : (c >= 0x80 ? message_detail::shown_utf8_length(text, i) : 0);
    if (i + (n == 0 ? 1 : n) > kMaxShownBytes) break;
    if (n == 0) {
      out += '?';
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  if (i < text.size()) out += "...";
  return out + "'";
}

}  // namespace podium
