#include "podium/vision/person.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace podium::vision {
namespace {

// OpenCV's Rect_::operator&= step by step (its overflow guard included), so that IoUs, and with
// them the tracker's associations, are bit-identical to what cv::Rect2d gave.
double intersection_area(const Box& a, const Box& b) {
  if (a.empty() || b.empty()) return 0;
  const Box& x_min = a.x < b.x ? a : b;
  const Box& x_max = a.x < b.x ? b : a;
  const Box& y_min = a.y < b.y ? a : b;
  const Box& y_max = a.y < b.y ? b : a;
  if ((x_min.x < 0 && x_min.x + x_min.width < x_max.x) ||
      (y_min.y < 0 && y_min.y + y_min.height < y_max.y))
    return 0;
  const Box inter{x_max.x, y_max.y, std::min(x_min.width - (x_max.x - x_min.x), x_max.width),
                  std::min(y_min.height - (y_max.y - y_min.y), y_max.height)};
  return inter.empty() ? 0 : inter.area();
}

int person_keypoint_index(Layout layout, std::string_view name) {
  const auto names = layout_info(layout).keypoints;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

std::optional<HeadCircle> head_circle(const Person& p, double min_score) {
  static constexpr std::string_view kHead[] = {"nose",      "left_eye",   "right_eye",  "left_ear",
                                               "right_ear", "mouth_left", "mouth_right"};
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  int n = 0;
  for (std::string_view name : kHead) {
    const int i = person_keypoint_index(p.layout, name);
    if (i < 0 || static_cast<std::size_t>(i) >= p.keypoints.size()) continue;
    const Keypoint& k = p.keypoints[static_cast<std::size_t>(i)];
    if (!(k.score >= min_score) || !std::isfinite(k.x) || !std::isfinite(k.y)) continue;
    if (n++ == 0) {
      x0 = x1 = k.x;
      y0 = y1 = k.y;
    }
    x0 = std::min(x0, k.x);
    y0 = std::min(y0, k.y);
    x1 = std::max(x1, k.x);
    y1 = std::max(y1, k.y);
  }
  const double body = std::max(p.box.width, p.box.height);
  if (n > 0) {
    const double radius = std::max({0.6 * std::max(x1 - x0, y1 - y0), 0.12 * body, 6.0});
    return HeadCircle{(x0 + x1) / 2, (y0 + y1) / 2, radius, true};
  }
  if (p.box.empty() || !std::isfinite(body)) return std::nullopt;
  return HeadCircle{p.box.x + p.box.width / 2, p.box.y + p.box.height / 10,
                    std::max(0.35 * p.box.width, 6.0), false};
}

Box keypoint_box(const std::vector<Keypoint>& keypoints, double min_score) {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  int n = 0;
  for (const Keypoint& k : keypoints) {
    if (k.score < min_score) continue;
    if (n == 0) {
      x0 = x1 = k.x;
      y0 = y1 = k.y;
    }
    x0 = std::min(x0, k.x);
    y0 = std::min(y0, k.y);
    x1 = std::max(x1, k.x);
    y1 = std::max(y1, k.y);
    ++n;
  }
  return n < 2 ? Box{} : Box{x0, y0, x1 - x0, y1 - y0};
}

double box_iou(const Box& a, const Box& b) {
  const double inter = intersection_area(a, b);
  const double uni = a.area() + b.area() - inter;
  return uni > 0 ? inter / uni : 0;
}

}  // namespace podium::vision
