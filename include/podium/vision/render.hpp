// Draws people's skeletons on an RGB image: bones between keypoints both scoring >= min_score,
// left side in one colour and right in another, each person's box and score.
#pragma once

#include <opencv2/core.hpp>
#include <vector>

#include "podium/vision/pose.hpp"

namespace podium::vision {

void draw_people(cv::Mat& rgb, const std::vector<Person>& people, double min_score);

}  // namespace podium::vision
