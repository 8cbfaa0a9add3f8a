#include "podium/vision/letterbox.hpp"

#include <algorithm>
#include <opencv2/imgproc.hpp>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"

namespace podium::vision {

Letterbox Letterbox::fit(int image_width, int image_height, int model_width, int model_height) {
  const auto size = [](int w, int h) { return std::to_string(w) + "x" + std::to_string(h); };
  require_option(image_width > 0 && image_height > 0, "letterbox", "image",
                 size(image_width, image_height), "sides must be > 0");
  require_option(model_width > 0 && model_height > 0, "letterbox", "model",
                 size(model_width, model_height), "sides must be > 0");
  Letterbox lb;
  lb.image_width = image_width;
  lb.image_height = image_height;
  lb.model_width = model_width;
  lb.model_height = model_height;
  lb.side = std::max(image_width, image_height);
  lb.pad_left = (lb.side - image_width) / 2;
  lb.pad_top = (lb.side - image_height) / 2;
  lb.scale_x = static_cast<double>(model_width) / lb.side;
  lb.scale_y = static_cast<double>(model_height) / lb.side;
  return lb;
}

Letterbox Letterbox::crop(int image_width, int image_height, int x0, int y0, int side,
                          int model_width, int model_height) {
  Letterbox lb = fit(image_width, image_height, model_width, model_height);
  require_option(side > 0, "letterbox", "crop side", side, "must be > 0");
  lb.side = side;
  lb.pad_left = -x0;
  lb.pad_top = -y0;
  lb.scale_x = static_cast<double>(model_width) / side;
  lb.scale_y = static_cast<double>(model_height) / side;
  return lb;
}

cv::Mat Letterbox::apply(const cv::Mat& rgb) const {
  PODIUM_ASSERT(rgb.cols == image_width && rgb.rows == image_height);
  const int x0 = -pad_left, y0 = -pad_top;
  const cv::Rect inside = cv::Rect(x0, y0, side, side) & cv::Rect(0, 0, rgb.cols, rgb.rows);
  cv::Mat square;
  if (inside.empty()) {
    square = cv::Mat(side, side, CV_8UC3, cv::Scalar(0, 0, 0));
  } else {
    cv::copyMakeBorder(rgb(inside), square, inside.y - y0, y0 + side - inside.br().y, inside.x - x0,
                       x0 + side - inside.br().x, cv::BORDER_CONSTANT, cv::Scalar(0, 0, 0));
  }
  cv::Mat out;
  const bool shrink = model_width < side;
  cv::resize(square, out, cv::Size(model_width, model_height), 0, 0,
             shrink ? cv::INTER_AREA : cv::INTER_LINEAR);
  return out;
}

cv::Point2d Letterbox::to_original(cv::Point2d p) const {
  return {p.x / scale_x - pad_left, p.y / scale_y - pad_top};
}

cv::Point2d Letterbox::to_model(cv::Point2d p) const {
  return {(p.x + pad_left) * scale_x, (p.y + pad_top) * scale_y};
}

}  // namespace podium::vision
