// libFuzzer target: the image header reader (podium::vision::read_image_header), which runs on
// every image before OpenCV decodes it. Any input must give a size or nothing; a crash, a read
// past the input (ASan), a format other than the four it knows, a size of 2^32 or more, or a
// format whose signature is not at the start of the input, is a bug. Build and run: fuzz/run.sh
// (see fuzz/README.md).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "podium/vision/image_header.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto header = podium::vision::read_image_header(bytes);
  if (!header) return 0;
  if (header->width >= (std::uint64_t{1} << 32) || header->height >= (std::uint64_t{1} << 32))
    std::abort();
  const std::string_view f = header->format;
  const bool signed_as_format =
      (f == "PNG" && bytes.substr(0, 8) == "\x89PNG\r\n\x1a\n") ||
      (f == "JPEG" && bytes.substr(0, 2) == "\xff\xd8") ||
      (f == "BMP" && bytes.substr(0, 2) == "BM") ||
      (f == "WebP" && bytes.substr(0, 4) == "RIFF" && bytes.substr(8, 4) == "WEBP");
  if (!signed_as_format) std::abort();
  // The same bytes give the same answer.
  const auto again = podium::vision::read_image_header(bytes);
  if (!again || again->format != f || again->width != header->width ||
      again->height != header->height)
    std::abort();
  return 0;
}
