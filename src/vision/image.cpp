#include "podium/vision/image.hpp"

#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/core/limits.hpp"
#include "podium/vision/image_header.hpp"

namespace podium::vision {
namespace {

constexpr const char* kPixelsUnit = "pixels per image";

// The refusal of OpenCV's own pixel check (OPENCV_IO_MAX_IMAGE_PIXELS, which the podium binary
// sets to the limit before OpenCV loads), for a format whose header podium does not read.
bool is_pixel_limit(const cv::Exception& e) {
  return e.err.find("CV_IO_MAX_IMAGE_PIXELS") != std::string::npos;
}

}  // namespace

cv::Mat read_image_rgb(const std::string& path) {
  const std::string bytes = read_file(path);
  if (bytes.empty()) throw Error(ErrorKind::Format, path + ": empty file, expected an image");
  // Decoding allocates the pixels the header declares: a 1 MB PNG can ask for 2.5 GB.
  if (const auto header = read_image_header(bytes)) {
    const std::uint64_t pixels = header->width * header->height;  // each below 2^32
    if (pixels > limits::kImagePixels) {
      throw limits::exceeded(path, "pixels", pixels, limits::kImagePixels, kPixelsUnit);
    }
  }
  cv::Mat decoded;
  try {
    const cv::Mat buf(1, static_cast<int>(bytes.size()), CV_8U, const_cast<char*>(bytes.data()));
    decoded = cv::imdecode(buf, cv::IMREAD_COLOR);
  } catch (const cv::Exception& e) {
    if (is_pixel_limit(e)) {
      // OpenCV does not say the size it refused.
      throw Error(ErrorKind::InvalidInput, Place{.source = path, .field = "pixels"},
                  "more than podium's limit of " + std::to_string(limits::kImagePixels) + " " +
                      kPixelsUnit + " (docs/limits.md)");
    }
    throw Error(ErrorKind::Format, path + ": not a decodable image (" + e.msg + ")");
  }
  if (decoded.empty()) {
    throw Error(ErrorKind::Format, path + ": not a decodable image (truncated or unknown format)");
  }
  cv::Mat rgb;
  cv::cvtColor(decoded, rgb, cv::COLOR_BGR2RGB);
  return rgb;
}

void write_image_rgb(const std::string& path, const cv::Mat& rgb) {
  PODIUM_ASSERT(rgb.type() == CV_8UC3);
  cv::Mat bgr;
  cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
  std::string ext = std::filesystem::path(path).extension().string();
  if (ext.empty()) throw Error(ErrorKind::InvalidInput, path + ": no extension to pick the format");
  std::vector<std::uint8_t> buf;
  try {
    if (!cv::imencode(ext, bgr, buf)) {
      throw Error(ErrorKind::InvalidInput, path + ": cannot encode an image as '" + ext + "'");
    }
  } catch (const cv::Exception&) {
    throw Error(ErrorKind::InvalidInput, path + ": cannot encode an image as '" + ext + "'");
  }
  write_file_atomic(path, std::string_view(reinterpret_cast<const char*>(buf.data()), buf.size()));
}

}  // namespace podium::vision
