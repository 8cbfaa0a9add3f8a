// vision::read_image_header: the size each format declares, one handcrafted header per format,
// and the headers cut short or malformed, which must give nullopt and never read past the bytes.
#include "podium/vision/image_header.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace podium::vision {
namespace {

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}
std::string le16(std::uint32_t v) {
  return {static_cast<char>(v), static_cast<char>(v >> 8)};
}
std::string le32(std::uint32_t v) {
  return le16(v) + le16(v >> 16);
}

std::string png(std::uint32_t w, std::uint32_t h) {
  return std::string("\x89PNG\r\n\x1A\n", 8) + be32(13) + "IHDR" + be32(w) + be32(h) +
         std::string("\x08\x02\x00\x00\x00", 5) + be32(0);
}

std::string jpeg(std::uint32_t w, std::uint32_t h, std::uint8_t sof = 0xC0) {
  // SOI, an APP0 segment to skip, fill bytes, then the frame header.
  return std::string("\xFF\xD8\xFF\xE0\x00\x04\xAB\xCD\xFF\xFF\xFF", 11) + static_cast<char>(sof) +
         std::string("\x00\x0B\x08", 3) + static_cast<char>(h >> 8) + static_cast<char>(h) +
         static_cast<char>(w >> 8) + static_cast<char>(w) + std::string("\x01\x01\x11\x00", 4);
}

std::string bmp(std::int32_t w, std::int32_t h) {
  return std::string("BM") + le32(0) + le32(0) + le32(54) + le32(40) +
         le32(static_cast<std::uint32_t>(w)) + le32(static_cast<std::uint32_t>(h)) + le16(1) +
         le16(24);
}

std::string webp(const std::string& chunk, const std::string& data) {
  return std::string("RIFF") + le32(static_cast<std::uint32_t>(4 + 8 + data.size())) + "WEBP" +
         chunk + le32(static_cast<std::uint32_t>(data.size())) + data;
}

void expect_size(const std::string& bytes, std::string_view format, std::uint64_t w,
                 std::uint64_t h) {
  const auto header = read_image_header(bytes);
  ASSERT_TRUE(header.has_value()) << format;
  EXPECT_EQ(header->format, format);
  EXPECT_EQ(header->width, w) << format;
  EXPECT_EQ(header->height, h) << format;
}

TEST(ImageHeader, ReadsTheSizeOfEachFormat) {
  expect_size(png(20000, 20000), "PNG", 20000, 20000);
  expect_size(png(0xFFFFFFFF, 3), "PNG", 0xFFFFFFFF, 3);
  expect_size(jpeg(640, 480), "JPEG", 640, 480);
  expect_size(jpeg(65535, 65535, 0xC2), "JPEG", 65535, 65535);  // progressive
  expect_size(bmp(7, 5), "BMP", 7, 5);
  expect_size(bmp(7, -5), "BMP", 7, 5);  // rows stored top-down
  expect_size(bmp(INT32_MIN, 1), "BMP", 0x80000000U, 1);
  const std::string core =
      std::string("BM") + le32(0) + le32(0) + le32(26) + le32(12) + le16(300) + le16(200);
  expect_size(core, "BMP", 300, 200);
  expect_size(webp("VP8 ", std::string("\x00\x00\x00\x9D\x01\x2A", 6) + le16(640) + le16(480)),
              "WebP", 640, 480);
  // VP8L: 14 bits of width - 1, then 14 of height - 1.
  const std::uint32_t bits = (16383U) | (16383U << 14);
  expect_size(webp("VP8L", std::string("\x2F") + le32(bits) + std::string(5, '\0')), "WebP", 16384,
              16384);
  expect_size(webp("VP8X", std::string(4, '\0') + std::string("\xFF\xFF\xFF\x1F\x4E\x00", 6)),
              "WebP", 1U << 24, 20000);
}

TEST(ImageHeader, OtherFormatsAndCutHeadersGiveNothing) {
  EXPECT_FALSE(read_image_header(""));
  EXPECT_FALSE(read_image_header("GIF89a\x10\x00\x10\x00"));
  EXPECT_FALSE(read_image_header(std::string("II*\x00", 4)));  // TIFF: OpenCV's check decides
  // Every prefix: nothing until the size is whole (the bytes before `need`), then the size.
  const std::pair<std::string, std::size_t> headers[] = {
      {png(20000, 20000), 24}, {jpeg(640, 480), 19}, {bmp(7, 5), 26}};
  for (const auto& [whole, need] : headers) {
    const auto full = read_image_header(whole);
    ASSERT_TRUE(full.has_value());
    for (std::size_t n = 0; n <= whole.size(); ++n) {
      const auto cut = read_image_header(whole.substr(0, n));
      EXPECT_EQ(cut.has_value(), n >= need) << full->format << " cut at " << n;
      if (cut) {
        EXPECT_EQ(cut->width * cut->height, full->width * full->height);
      }
    }
  }
  // A JPEG whose scan starts before any frame header, and one whose height comes later (DNL).
  EXPECT_FALSE(read_image_header(std::string("\xFF\xD8\xFF\xDA\x00\x02", 6)));
  EXPECT_FALSE(read_image_header(jpeg(640, 0)));
  // A segment length that points past the end, and a zero length (no progress).
  EXPECT_FALSE(read_image_header(std::string("\xFF\xD8\xFF\xE0\xFF\xFF\x00", 7)));
  EXPECT_FALSE(read_image_header(std::string("\xFF\xD8\xFF\xE0\x00\x00\xFF\xC0", 8)));
  // RIFF that is not WebP, and a VP8 chunk without its start code.
  EXPECT_FALSE(read_image_header(std::string("RIFF") + le32(4) + "WAVE" + std::string(20, '\0')));
  EXPECT_FALSE(read_image_header(webp("VP8 ", std::string(10, '\0'))));
}

}  // namespace
}  // namespace podium::vision
