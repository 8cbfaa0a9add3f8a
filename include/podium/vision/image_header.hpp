// The size an image file declares in its header, read without decoding it, so that an image too
// large to decode is refused before a pixel is allocated (docs/limits.md). Pure: no OpenCV, bytes
// in memory; bounded (it reads only the bytes it is given, and walks JPEG segments forward only)
// and fuzz-safe.
//
// read_image_header(bytes) recognises PNG (IHDR), JPEG (the first SOFn marker before the scan),
// BMP (core and info headers; a negative height is top-down) and WebP (VP8, VP8L and VP8X). It
// returns the format and the width and height in pixels as the header states them; nullopt for
// any other format, and for a header cut short or without its size (a JPEG whose height comes in
// a later DNL marker): the decoder then decides, with OpenCV's own pixel limit as the backstop.
//
//   if (auto h = read_image_header(bytes); h && h->width * h->height > limits::kImagePixels) ...
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace podium::vision {

struct ImageHeader {
  std::string_view format;  // "PNG", "JPEG", "BMP", "WebP"
  std::uint64_t width = 0;  // pixels, < 2^32
  std::uint64_t height = 0;
};

std::optional<ImageHeader> read_image_header(std::string_view bytes);

}  // namespace podium::vision
