#include "podium/vision/render.hpp"

#include <algorithm>
#include <cstdio>
#include <opencv2/imgproc.hpp>

namespace podium::vision {
namespace {

// RGB: left limbs orange, right limbs blue, centre line white (a common convention in sports
// video analysis tools, so left/right swaps are visible at a glance).
const cv::Scalar kLeft(255, 140, 0), kRight(0, 160, 255), kCentre(240, 240, 240);
const cv::Scalar kBox(80, 220, 80);

cv::Scalar side_colour(std::string_view a, std::string_view b) {
  const Side sa = keypoint_side(a), sb = keypoint_side(b);
  if (sa == Side::Left && sb != Side::Right) return kLeft;
  if (sa == Side::Right && sb != Side::Left) return kRight;
  if (sb == Side::Left && sa == Side::Centre) return kLeft;
  if (sb == Side::Right && sa == Side::Centre) return kRight;
  return kCentre;
}

}  // namespace

void draw_people(cv::Mat& rgb, const std::vector<Person>& people, double min_score) {
  // Line widths follow the image size so that the drawing reads on a phone photo and a 4K frame.
  const int thick = std::max(1, std::min(rgb.cols, rgb.rows) / 160);
  for (std::size_t i = 0; i < people.size(); ++i) {
    const Person& p = people[i];
    const LayoutInfo& info = layout_info(p.layout);
    for (const auto& [a, b] : info.bones) {
      const Keypoint& ka = p.keypoints.at(static_cast<std::size_t>(a));
      const Keypoint& kb = p.keypoints.at(static_cast<std::size_t>(b));
      if (ka.score < min_score || kb.score < min_score) continue;
      cv::line(rgb, {cvRound(ka.x), cvRound(ka.y)}, {cvRound(kb.x), cvRound(kb.y)},
               side_colour(info.keypoints[static_cast<std::size_t>(a)],
                           info.keypoints[static_cast<std::size_t>(b)]),
               thick, cv::LINE_AA);
    }
    for (std::size_t k = 0; k < p.keypoints.size(); ++k) {
      const Keypoint& kp = p.keypoints[k];
      if (kp.score < min_score) continue;
      const Side side = keypoint_side(info.keypoints[k]);
      cv::circle(rgb, {cvRound(kp.x), cvRound(kp.y)}, thick + 1,
                 side == Side::Left    ? kLeft
                 : side == Side::Right ? kRight
                                       : kCentre,
                 cv::FILLED, cv::LINE_AA);
    }
    if (p.box.area() > 0) {
      cv::rectangle(rgb, to_cv_rect(p.box), kBox, std::max(1, thick / 2), cv::LINE_AA);
      char label[32];
      std::snprintf(label, sizeof label, "#%zu %.2f", i + 1, p.score);
      cv::putText(rgb, label, {cvRound(p.box.x), std::max(12, cvRound(p.box.y) - 4)},
                  cv::FONT_HERSHEY_SIMPLEX, 0.4 * thick, kBox, std::max(1, thick / 2), cv::LINE_AA);
    }
  }
}

}  // namespace podium::vision
