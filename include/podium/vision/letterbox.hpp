// Letterboxing: an image of any shape -> a model's square input and back, exactly.
//
// Contract: the image is padded with black to a square of side max(w, h), centred (the odd pixel
// of padding goes right/bottom), then resized to the model size (area averaging when shrinking,
// bilinear when enlarging). Letterbox maps points between original-image pixels and model-input
// pixels (both: origin top-left, x right, y down, continuous coordinates where pixel i covers
// [i, i+1)).
//
//   const Letterbox lb = Letterbox::fit(640, 480, 192, 192);
//   cv::Mat input = lb.apply(rgb);                 // 192x192 RGB
//   cv::Point2d p = lb.to_original({96.0, 96.0});  // the centre of the photo
#pragma once

#include <opencv2/core.hpp>

namespace podium::vision {

struct Letterbox {
  int image_width = 0, image_height = 0;
  int model_width = 0, model_height = 0;
  int pad_left = 0, pad_top = 0;    // in original pixels
  int side = 0;                     // padded square side, original pixels
  double scale_x = 1, scale_y = 1;  // model pixels per original pixel

  // Throws Error(InvalidInput) for non-positive sizes.
  static Letterbox fit(int image_width, int image_height, int model_width, int model_height);
  // The square [x0, x0 + side) x [y0, y0 + side) of the image (it may reach past the image's
  // edges, which read as black) scaled to the model size: a crop around one athlete.
  static Letterbox crop(int image_width, int image_height, int x0, int y0, int side,
                        int model_width, int model_height);
  cv::Mat apply(const cv::Mat& rgb) const;
  cv::Point2d to_original(cv::Point2d model_px) const;
  cv::Point2d to_model(cv::Point2d original_px) const;
};

}  // namespace podium::vision
