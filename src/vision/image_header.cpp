#include "podium/vision/image_header.hpp"

#include <cstddef>

namespace podium::vision {
namespace {

// Unsigned integers at byte offset `at`; the caller has checked that the bytes are there.
std::uint64_t byte_at(std::string_view b, std::size_t at) {
  return static_cast<unsigned char>(b[at]);
}
std::uint64_t be16(std::string_view b, std::size_t at) {
  return byte_at(b, at) << 8 | byte_at(b, at + 1);
}
std::uint64_t be32(std::string_view b, std::size_t at) {
  return be16(b, at) << 16 | be16(b, at + 2);
}
std::uint64_t le16(std::string_view b, std::size_t at) {
  return byte_at(b, at) | byte_at(b, at + 1) << 8;
}
std::uint64_t le24(std::string_view b, std::size_t at) {
  return le16(b, at) | byte_at(b, at + 2) << 16;
}
std::uint64_t le32(std::string_view b, std::size_t at) {
  return le16(b, at) | le16(b, at + 2) << 16;
}

bool starts_with(std::string_view b, std::size_t at, std::string_view s) {
  return b.size() >= at + s.size() && b.substr(at, s.size()) == s;
}

std::optional<ImageHeader> png(std::string_view b) {
  // Signature, then the first chunk, which must be IHDR: length, type, width, height (big end).
  if (!starts_with(b, 12, "IHDR") || b.size() < 24) return std::nullopt;
  return ImageHeader{"PNG", be32(b, 16), be32(b, 20)};
}

// Start-of-frame markers: C0-CF but DHT (C4), JPG (C8) and DAC (CC).
bool is_sof(std::uint64_t marker) {
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

std::optional<ImageHeader> jpeg(std::string_view b) {
  std::size_t at = 2;  // past SOI
  while (at + 4 <= b.size()) {
    if (byte_at(b, at) != 0xFF) return std::nullopt;
    const std::uint64_t marker = byte_at(b, at + 1);
    if (marker == 0xFF) {  // fill byte before a marker
      ++at;
      continue;
    }
    // Markers without a length: TEM, RSTn, SOI, EOI.
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD9)) {
      at += 2;
      continue;
    }
    if (marker == 0xDA) return std::nullopt;  // the scan began with no frame header
    const std::uint64_t length = be16(b, at + 2);
    if (length < 2) return std::nullopt;
    if (is_sof(marker)) {
      // Length, precision, height, width.
      if (length < 7 || at + 9 > b.size()) return std::nullopt;
      const std::uint64_t height = be16(b, at + 5);
      const std::uint64_t width = be16(b, at + 7);
      if (height == 0) return std::nullopt;  // given later, in a DNL marker
      return ImageHeader{"JPEG", width, height};
    }
    at += 2 + length;
  }
  return std::nullopt;
}

std::optional<ImageHeader> bmp(std::string_view b) {
  if (b.size() < 18) return std::nullopt;
  const std::uint64_t dib = le32(b, 14);
  if (dib == 12) {  // BITMAPCOREHEADER: 16-bit width and height
    if (b.size() < 22) return std::nullopt;
    return ImageHeader{"BMP", le16(b, 18), le16(b, 20)};
  }
  if (dib < 40 || b.size() < 26) return std::nullopt;
  // Signed 32-bit: a negative height stores the rows top-down; |INT32_MIN| still fits.
  auto magnitude = [](std::uint64_t v) { return v & 0x80000000U ? 0x100000000U - v : v; };
  return ImageHeader{"BMP", magnitude(le32(b, 18)), magnitude(le32(b, 22))};
}

std::optional<ImageHeader> webp(std::string_view b) {
  if (!starts_with(b, 8, "WEBP") || b.size() < 30) return std::nullopt;
  if (starts_with(b, 12, "VP8 ")) {
    // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height.
    if (be16(b, 23) != 0x9D01 || byte_at(b, 25) != 0x2A) return std::nullopt;
    return ImageHeader{"WebP", le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF};
  }
  if (starts_with(b, 12, "VP8L")) {
    // Signature 0x2F, then width - 1 and height - 1 in 14 bits each.
    if (byte_at(b, 20) != 0x2F) return std::nullopt;
    const std::uint64_t bits = le32(b, 21);
    return ImageHeader{"WebP", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1};
  }
  if (starts_with(b, 12, "VP8X")) {
    // Flags and reserved (4 bytes), then canvas width - 1 and height - 1 in 24 bits each.
    return ImageHeader{"WebP", le24(b, 24) + 1, le24(b, 27) + 1};
  }
  return std::nullopt;
}

}  // namespace

std::optional<ImageHeader> read_image_header(std::string_view bytes) {
  if (starts_with(bytes, 0, "\x89PNG\r\n\x1A\n")) return png(bytes);
  if (starts_with(bytes, 0, "\xFF\xD8")) return jpeg(bytes);
  if (starts_with(bytes, 0, "BM")) return bmp(bytes);
  if (starts_with(bytes, 0, "RIFF")) return webp(bytes);
  return std::nullopt;
}

}  // namespace podium::vision
