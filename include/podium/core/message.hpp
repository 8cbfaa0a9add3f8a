// How outside text appears inside a one-line error message.
//
// Contract: `text` in single quotes, cut to 40 bytes ("..." marks the cut), every byte outside
// printable ASCII shown as '?', so a message stays one readable line whatever the input held.
//
//   throw Error(ErrorKind::Format, where + ": " + quoted_for_message(field) + " is not a date");
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace podium {

inline std::string quoted_for_message(std::string_view text) {
  constexpr std::size_t kMaxShownBytes = 40;
  std::string out = "'";
  for (std::size_t i = 0; i < text.size() && i < kMaxShownBytes; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
  }
  if (text.size() > kMaxShownBytes) out += "...";
  return out + "'";
}

}  // namespace podium
