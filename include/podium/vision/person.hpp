// People as the pose estimators report them, in podium's own value types: this header needs no
// OpenCV, so trackers, filters, kinematics and COCO code stay pure (pose.hpp converts at the
// OpenCV boundary).
//
// Contract: every coordinate is in original-image pixels (origin top-left, x right, y down);
// scores are 0..1. MoveNet gives COCO-17 keypoints; BlazePose gives BlazePose-33 keypoints plus
// z, visibility and 3-D world coordinates in metres (origin between the hips).
//
//   const Box b = keypoint_box(person.keypoints, 0.2);  // empty with fewer than 2 keypoints
//   const double overlap = box_iou(b, other.box);       // 0..1
#pragma once

#include <optional>
#include <vector>

#include "podium/vision/skeleton.hpp"

namespace podium::vision {

// An axis-aligned box, as cv::Rect2d lays it out: top-left corner and size, pixels.
struct Box {
  double x = 0, y = 0;
  double width = 0, height = 0;
  double area() const { return width * height; }
  bool empty() const { return width <= 0 || height <= 0; }
};

struct Point3 {
  double x = 0, y = 0, z = 0;
};

struct Keypoint {
  double x = 0, y = 0;  // original pixels
  double score = 0;     // 0..1 (BlazePose: sigmoid of the visibility logit)
  double z = 0;         // BlazePose only: depth, same scale as x, smaller is nearer the camera
};

struct Person {
  double score = 0;
  Box box;  // original pixels
  Layout layout = Layout::Coco17;
  std::vector<Keypoint> keypoints;  // in the layout's order
  std::vector<Point3> world;        // BlazePose only: metres
};

// A box from keypoints scoring >= min_score (empty when fewer than two).
Box keypoint_box(const std::vector<Keypoint>& keypoints, double min_score);
// Where a person's head is, for anonymising: a circle around the head keypoints (COCO-17 nose,
// eyes, ears; BlazePose-33 also the mouth) scoring >= min_score, its radius 0.6 x their span but
// at least 0.12 x the box's longer side and 6 pixels; without a head keypoint, the top of the box
// (centre a tenth of the box height below its top edge, radius 0.35 x the box width, as a head is
// about a fifth of a standing person's height). nullopt with neither.
struct HeadCircle {
  double x = 0, y = 0;  // centre, pixels
  double radius = 0;    // pixels
  bool from_keypoints = false;
};
std::optional<HeadCircle> head_circle(const Person& person, double min_score);

// Intersection over union of two boxes; 0 when both are empty. The intersection is computed as
// OpenCV's Rect2d operator& does, to the last bit.
double box_iou(const Box& a, const Box& b);

}  // namespace podium::vision
