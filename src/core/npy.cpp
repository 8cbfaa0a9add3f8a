#include "podium/core/npy.hpp"

#include <bit>
#include <cstring>
#include <optional>

#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/core/limits.hpp"
#include "podium/core/message.hpp"

namespace podium {
namespace {

static_assert(std::endian::native == std::endian::little, "NPY '<' data is read as it lies");

constexpr std::string_view kMagic = "\x93NUMPY";
// numpy's own bound on dimensions (NPY_MAXDIMS); no real pose array has more than 3.
constexpr std::size_t kMaxDims = 32;

// The header dict, a Python literal: {'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }
class HeaderParser {
 public:
  HeaderParser(std::string_view bytes, std::size_t begin, std::size_t end, const std::string& src)
      : bytes_(bytes), pos_(begin), end_(end), source_(src) {}

  [[noreturn]] void fail(ErrorKind kind, std::size_t at, const std::string& problem) const {
    throw Error(kind, Place{.source = source_, .byte = at}, problem);
  }
  [[noreturn]] void fail(const std::string& problem) const {
    fail(ErrorKind::Format, pos_, problem);
  }

  void skip_space() {
    while (pos_ < end_ && (bytes_[pos_] == ' ' || bytes_[pos_] == '\t' || bytes_[pos_] == '\n' ||
                           bytes_[pos_] == '\r'))
      ++pos_;
  }
  bool at(char c) {
    skip_space();
    return pos_ < end_ && bytes_[pos_] == c;
  }
  void expect(char c, const char* what) {
    if (!at(c)) fail(std::string("header: expected ") + what);
    ++pos_;
  }
  std::size_t pos() const { return pos_; }
  std::size_t next_token() {
    skip_space();
    return pos_;
  }
  bool done() {
    skip_space();
    return pos_ == end_;
  }

  std::string string() {
    skip_space();
    if (pos_ >= end_ || (bytes_[pos_] != '\'' && bytes_[pos_] != '"'))
      fail("header: expected a quoted string");
    const char quote = bytes_[pos_];
    const std::size_t start = ++pos_;
    while (pos_ < end_ && bytes_[pos_] != quote) {
      if (bytes_[pos_] == '\\') fail("header: escapes in strings are not read");
      ++pos_;
    }
    if (pos_ == end_) fail(start - 1, "header: unterminated string");
    return std::string(bytes_.substr(start, pos_++ - start));
  }

  bool boolean() {
    skip_space();
    for (const auto& [word, value] :
         {std::pair{std::string_view("True"), true}, std::pair{std::string_view("False"), false}}) {
      if (bytes_.substr(pos_, std::min(word.size(), end_ - pos_)) == word) {
        pos_ += word.size();
        return value;
      }
    }
    fail("header: 'fortran_order' must be True or False");
  }

  // A tuple of non-negative integers: (), (5,), (30, 18, 3).
  std::vector<std::uint64_t> shape() {
    expect('(', "'(' to open 'shape'");
    std::vector<std::uint64_t> dims;
    while (!at(')')) {
      if (dims.size() == kMaxDims) fail("header: 'shape' has more than 32 dimensions");
      dims.push_back(integer());
      if (at(',')) {
        ++pos_;
      } else if (!at(')')) {
        fail("header: expected ',' or ')' in 'shape'");
      }
    }
    ++pos_;
    return dims;
  }

 private:
  [[noreturn]] void fail(std::size_t at, const std::string& problem) const {
    fail(ErrorKind::Format, at, problem);
  }
  std::uint64_t integer() {
    skip_space();
    const std::size_t start = pos_;
    std::uint64_t v = 0;
    while (pos_ < end_ && bytes_[pos_] >= '0' && bytes_[pos_] <= '9') {
      const auto digit = static_cast<std::uint64_t>(bytes_[pos_] - '0');
      // Saturate: anything this large is refused by the element limit with its place.
      v = v > (UINT64_MAX - digit) / 10 ? UINT64_MAX : v * 10 + digit;
      ++pos_;
    }
    if (pos_ == start) fail("header: expected a dimension (a non-negative integer) in 'shape'");
    if (pos_ < end_ && bytes_[pos_] == 'L') ++pos_;  // Python 2 long literals: (30L, 18L)
    return v;
  }

  std::string_view bytes_;
  std::size_t pos_;
  std::size_t end_;
  const std::string& source_;
};

std::uint64_t little_endian(std::string_view bytes, std::size_t at, std::size_t size) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < size; ++i)
    v |= std::uint64_t{static_cast<unsigned char>(bytes[at + i])} << (8 * i);
  return v;
}

}  // namespace

NpyArray parse_npy(std::string_view bytes, const std::string& source) {
  const auto fail = [&](ErrorKind kind, std::size_t at, const std::string& problem) {
    throw Error(kind, Place{.source = source, .byte = at}, problem);
  };
  if (bytes.substr(0, kMagic.size()) != kMagic)
    fail(ErrorKind::Format, 0, "not an NPY file (it does not start with \\x93NUMPY)");
  if (bytes.size() < 10) fail(ErrorKind::Format, bytes.size(), "the NPY header is cut short");
  const int major = static_cast<unsigned char>(bytes[6]);
  const int minor = static_cast<unsigned char>(bytes[7]);
  if (major < 1 || major > 3 || minor != 0) {
    fail(ErrorKind::Unsupported, 6,
         "NPY format version " + std::to_string(major) + "." + std::to_string(minor) +
             ": only 1.0, 2.0 and 3.0 are read");
  }
  const std::size_t length_bytes = major == 1 ? 2 : 4;
  if (bytes.size() < 8 + length_bytes)
    fail(ErrorKind::Format, bytes.size(), "the NPY header is cut short");
  const std::uint64_t header_length = little_endian(bytes, 8, length_bytes);
  const std::size_t header_begin = 8 + length_bytes;
  if (header_length > bytes.size() - header_begin) {
    fail(ErrorKind::Format, 8,
         "header length " + std::to_string(header_length) + " runs past the end of the file (" +
             std::to_string(bytes.size()) + " bytes)");
  }
  const std::size_t data_begin = header_begin + header_length;

  HeaderParser h(bytes, header_begin, data_begin, source);
  std::optional<std::string> descr;
  std::optional<bool> fortran_order;
  std::optional<std::vector<std::uint64_t>> shape;
  std::size_t descr_at = 0, shape_at = 0, fortran_at = 0;
  h.expect('{', "'{' to open the header dict");
  while (!h.at('}')) {
    const std::size_t key_at = h.next_token();
    const std::string key = h.string();
    h.expect(':', "':' after a key");
    const auto once = [&](bool seen) {
      if (seen) h.fail(ErrorKind::Format, key_at, "header: '" + key + "' appears twice");
    };
    if (key == "descr") {
      once(descr.has_value());
      descr_at = h.next_token();
      if (h.at('[')) {
        h.fail(ErrorKind::Unsupported, descr_at,
               "header: a structured dtype: only '<f4' and '<f8' arrays are read");
      }
      descr = h.string();
    } else if (key == "fortran_order") {
      once(fortran_order.has_value());
      fortran_at = h.next_token();
      fortran_order = h.boolean();
    } else if (key == "shape") {
      once(shape.has_value());
      shape_at = h.next_token();
      shape = h.shape();
    } else {
      h.fail(ErrorKind::Format, key_at,
             "header: unknown key " + quoted_for_message(key) +
                 " (expected 'descr', 'fortran_order' and 'shape')");
    }
    if (h.at(',')) {
      h.expect(',', "','");
    } else if (!h.at('}')) {
      h.fail("header: expected ',' or '}' after a value");
    }
  }
  h.expect('}', "'}'");
  if (!h.done()) h.fail("header: text after the closing '}'");
  if (!descr || !fortran_order || !shape) {
    h.fail(ErrorKind::Format, header_begin,
           "header: the dict must hold 'descr', 'fortran_order' and 'shape'");
  }

  NpyArray out;
  if (*descr == "<f4") {
    out.float32 = true;
  } else if (*descr != "<f8") {
    const std::string why = descr->find('O') != std::string::npos
                                ? " (Python objects: pickled data is never loaded)"
                                : "";
    h.fail(ErrorKind::Unsupported, descr_at,
           "header: 'descr' = " + quoted_for_message(*descr) +
               ": only little-endian float32 '<f4' and float64 '<f8' are read" + why);
  }
  if (*fortran_order) {
    h.fail(ErrorKind::Unsupported, fortran_at,
           "header: 'fortran_order' = True: only C order is read (save with "
           "numpy.ascontiguousarray)");
  }
  std::uint64_t count = 1;
  bool empty = false;
  for (const std::uint64_t d : *shape)
    empty = empty || d == 0;
  if (!empty) {
    for (const std::uint64_t d : *shape) {
      if (d > limits::kNpyElements || count * d > limits::kNpyElements) {
        throw limits::exceeded(Place{.source = source, .byte = shape_at}, "values",
                               d > limits::kNpyElements ? d : count * d, limits::kNpyElements,
                               "values per array");
      }
      count *= d;
    }
  } else {
    count = 0;
  }
  const std::uint64_t item = out.float32 ? 4 : 8;
  const std::uint64_t data_bytes = bytes.size() - data_begin;
  if (data_bytes != count * item) {
    fail(ErrorKind::Format, data_begin,
         std::to_string(data_bytes) + " bytes of data, expected " + std::to_string(count) +
             " values x " + std::to_string(item) + " = " + std::to_string(count * item));
  }
  out.shape = std::move(*shape);
  out.values.resize(count);
  const char* data = bytes.data() + data_begin;
  for (std::size_t i = 0; i < count; ++i) {
    if (out.float32) {
      float v = 0;
      std::memcpy(&v, data + 4 * i, 4);
      out.values[i] = v;
    } else {
      std::memcpy(&out.values[i], data + 8 * i, 8);
    }
  }
  return out;
}

NpyArray read_npy(const std::string& path) {
  return parse_npy(read_file(path), path);
}

}  // namespace podium
