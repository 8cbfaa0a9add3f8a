// Video analysis, pass two: the annotated video. Decodes the clip's [start_s, end_s) again and
// draws, on every frame, each track's cleaned skeleton (left orange, right blue), its id (with
// teams: its team, in the team's palette colour, and a box), and arcs with the knee and elbow
// flexion in degrees. With anonymize, every face is blurred first: each face BlazeFace finds in
// the frame or in a square around a head (faces in wide shots are too small for the whole-frame
// pass) — the heads of the reported tracks and of everyone else the analysis found in that frame
// (AnalyzeResult::heads: bystanders too, whatever --athletes says) — and, as the fallback for
// faces too small or turned away for BlazeFace, an ellipse around each of those heads (from head
// keypoints, else the top of the person's box).
//
// Contract: writes an MP4 at the clip's frame rate via VideoWriter (complete or absent); throws
// podium::Error like VideoReader and VideoWriter, and, with anonymize, Error(NotFound) naming
// `podium models fetch` when the blazeface model is not installed (before anything is written).
#pragma once

#include <string>

#include "podium/vision/analyze.hpp"
#include "podium/vision/face.hpp"

namespace podium::vision {

struct OverlayOptions {
  bool anonymize = false;
  double min_score = 0.3;  // keypoints drawn when at least this (interpolated ones: never)
};

void render_overlay(const std::string& video_path, const AnalyzeResult& result,
                    const AnalyzeOptions& analyze, const std::string& out_path,
                    const OverlayOptions& options);

// Blurs an ellipse around each head (head keypoints of the layout scoring >= min_score)
// in place; people without a visible head keypoint are left as they are.
void blur_heads(cv::Mat& rgb, const std::vector<Person>& people, double min_score);

// Blurs an ellipse around each face in place: the one inscribed in its box grown 1.5x about the
// centre, which covers the whole box and the forehead and hair BlazeFace's box leaves out.
void blur_faces(cv::Mat& rgb, const std::vector<Face>& faces);

}  // namespace podium::vision
