// Image files in and out, as 8-bit RGB cv::Mat (CV_8UC3, RGB order — not OpenCV's BGR).
//
// read_image_rgb: any format OpenCV decodes (PNG, JPEG, ...); grey is expanded, alpha dropped,
// 16-bit scaled to 8. Throws Error(NotFound) for a missing file and Error(Format) naming the file
// for anything that is not a decodable image. An image of more than limits::kImagePixels is
// refused (InvalidInput, naming the file, the limit and its size) before it is decoded: from its
// header for PNG, JPEG, BMP and WebP (image_header.hpp), by OpenCV's own check for the rest.
// write_image_rgb: encodes by extension (.png, .jpg) and writes atomically.
#pragma once

#include <opencv2/core.hpp>
#include <string>

namespace podium::vision {

cv::Mat read_image_rgb(const std::string& path);
void write_image_rgb(const std::string& path, const cv::Mat& rgb);

}  // namespace podium::vision
