#include "podium/vision/image.hpp"

#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "podium/core/error.hpp"
#include "podium/core/file.hpp"

namespace podium::vision {

cv::Mat read_image_rgb(const std::string& path) {
  const std::string bytes = read_file(path);
  if (bytes.empty()) throw Error(ErrorKind::Format, path + ": empty file, expected an image");
  cv::Mat decoded;
  try {
    const cv::Mat buf(1, static_cast<int>(bytes.size()), CV_8U, const_cast<char*>(bytes.data()));
    decoded = cv::imdecode(buf, cv::IMREAD_COLOR);
  } catch (const cv::Exception& e) {
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
