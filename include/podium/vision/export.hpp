// The files `podium video analyze` writes, from an AnalyzeResult (formats: docs/formats.md).
//
//   keypoints.csv        frame,time_s,track_id,keypoint,x,y,score,raw_x,raw_y,x_m,y_m (x, y
//                        cleaned; raw_* as detected; pixels, origin top-left; *_m the cleaned
//                        position in metres with --height-m; empty where missing)
//   world.csv            BlazePose tracks only: frame,time_s,track_id,keypoint,x_m,y_m,z_m, the
//                        model's 3-D world landmarks (metres, origin between the hips)
//   angles.csv           frame,time_s,track_id,angle,deg,deg_per_s  (long format)
//   tracks.json          video, parameters used (detector, cadence, stitching, teams), stage
//                        times, detector/pose runs and stitching counts, per track: frames,
//                        duration, team, range of motion per angle, cadence where the motion is
//                        periodic
//   coco_keypoints.json  COCO keypoint results (image_id = frame index), observed frames
//   tracks_mot.txt       MOTChallenge rows (frame = index + 1, id, box, detection score, -1 x 3)
//                        of the reported tracks' observed frames (mot.hpp), for `eval track`
//
// Contract: every file is complete or absent. All contents are made in memory first; then each
// file is written to a temporary name in `dir` and renamed into place.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "podium/vision/analyze.hpp"

namespace podium::vision {

std::string keypoints_csv(const AnalyzeResult& r);
std::string world_csv(const AnalyzeResult& r);
std::string angles_csv(const AnalyzeResult& r);
nlohmann::json tracks_json(const AnalyzeResult& r, const AnalyzeOptions& o);
// The reported tracks as MOTChallenge text (mot.hpp), by frame then id.
std::string mot_tracks(const AnalyzeResult& r);
// COCO results (coco.hpp's writer): observed frames, as detected; BlazePose-33 mapped to COCO-17.
std::string coco_results(const AnalyzeResult& r);

// Writes the files into `dir` (created if missing); returns their paths.
std::vector<std::string> write_analysis(const AnalyzeResult& r, const AnalyzeOptions& o,
                                        const std::string& dir);

}  // namespace podium::vision
