// How a reader of text formats (TCX, GPX) should place a byte offset, counted here independently of
// the reader: "byte N (line L, column C)" for ASCII text, lines and columns from 1.
//
//   EXPECT_EQ(error, "t.tcx: " + testkit::text_place(text, text.find("12x")) + ": ...");
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>

namespace podium::testkit {

inline std::string text_place(const std::string& text, std::size_t at) {
  const std::string before = text.substr(0, at);
  const auto line = 1 + std::count(before.begin(), before.end(), '\n');
  const std::size_t newline = before.rfind('\n');
  const std::size_t column = newline == std::string::npos ? at + 1 : at - newline;
  return "byte " + std::to_string(at) + " (line " + std::to_string(line) + ", column " +
         std::to_string(column) + ")";
}

}  // namespace podium::testkit
