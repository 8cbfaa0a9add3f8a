// Video analysis, pass two: the annotated video. Decodes the clip's [start_s, end_s) again and
// draws, on every frame, each track's cleaned skeleton (left orange, right blue), its id, and
// arcs with the knee and elbow flexion in degrees. With anonymize, every head is blurred first
// (an ellipse around the nose, eyes and ears of every track, raw and cleaned), so the exported
// video shows no face.
//
// Contract: writes an MP4 at the clip's frame rate via VideoWriter (complete or absent); throws
// podium::Error like VideoReader and VideoWriter.
#pragma once

#include <string>

#include "podium/vision/analyze.hpp"

namespace podium::vision {

struct OverlayOptions {
  bool anonymize = false;
  double min_score = 0.3;  // keypoints drawn when at least this (interpolated ones: never)
};

void render_overlay(const std::string& video_path, const AnalyzeResult& result,
                    const AnalyzeOptions& analyze, const std::string& out_path,
                    const OverlayOptions& options);

// Blurs an ellipse around each head (COCO-17 or BlazePose-33 head keypoints scoring >= min_score)
// in place; people without a visible head keypoint are left as they are.
void blur_heads(cv::Mat& rgb, const std::vector<Person>& people, double min_score);

}  // namespace podium::vision
