// A hand-written AVI for tests that make their own hostile videos: one MJPEG stream of one frame
// at 25 fps, whose headers (avih, strh, strf) declare `width` x `height` and whose frame chunk
// holds `frame` as it is (any bytes: a JPEG, or none that decode).
//
//   write("huge.avi", testkit::mjpeg_avi(10000, 10000, std::string(64, '\0')));
#pragma once

#include <cstdint>
#include <string>

namespace podium::testkit {

inline std::string le16(std::uint32_t v) {
  return {static_cast<char>(v & 0xFF), static_cast<char>((v >> 8) & 0xFF)};
}
inline std::string le32(std::uint32_t v) {
  return le16(v & 0xFFFF) + le16(v >> 16);
}

// A RIFF chunk: its id, the size of `data`, `data`, and a pad byte to an even size.
inline std::string riff_chunk(const std::string& id, const std::string& data) {
  std::string c = id + le32(static_cast<std::uint32_t>(data.size())) + data;
  if (data.size() % 2 == 1) c += '\0';
  return c;
}
inline std::string riff_list(const std::string& type, const std::string& body) {
  return riff_chunk("LIST", type + body);
}

inline std::string mjpeg_avi(std::uint32_t width, std::uint32_t height, const std::string& frame) {
  const auto frame_bytes = static_cast<std::uint32_t>(frame.size());
  constexpr std::uint32_t kHasIndex = 0x10, kKeyFrame = 0x10;
  // MainAVIHeader: us per frame, max bytes/s, padding, flags, frames, initial frames, streams,
  // suggested buffer, width, height, 4 reserved.
  const std::string avih = le32(40000) + le32(0) + le32(0) + le32(kHasIndex) + le32(1) + le32(0) +
                           le32(1) + le32(frame_bytes) + le32(width) + le32(height) +
                           std::string(16, '\0');
  // AVIStreamHeader: type, handler, flags, priority, language, initial frames, scale, rate (25/1
  // fps), start, length, suggested buffer, quality, sample size, frame rectangle (16-bit).
  const std::string strh = std::string("vidsMJPG") + le32(0) + le16(0) + le16(0) + le32(0) +
                           le32(1) + le32(25) + le32(0) + le32(1) + le32(frame_bytes) +
                           le32(0xFFFFFFFF) + le32(0) + le16(0) + le16(0) + le16(width) +
                           le16(height);
  // BITMAPINFOHEADER: size, width, height, planes, bits per pixel, compression, image size,
  // pixels per metre x and y, colours used, colours important.
  const std::string strf = le32(40) + le32(width) + le32(height) + le16(1) + le16(24) + "MJPG" +
                           le32(0) + le32(0) + le32(0) + le32(0) + le32(0);
  const std::string hdrl =
      riff_list("hdrl", riff_chunk("avih", avih) +
                            riff_list("strl", riff_chunk("strh", strh) + riff_chunk("strf", strf)));
  const std::string movi = riff_list("movi", riff_chunk("00dc", frame));
  // One index entry: the frame, a key frame, at 4 bytes past the "movi" type.
  const std::string idx1 =
      riff_chunk("idx1", "00dc" + le32(kKeyFrame) + le32(4) + le32(frame_bytes));
  return riff_chunk("RIFF", "AVI " + hdrl + movi + idx1);
}

}  // namespace podium::testkit
