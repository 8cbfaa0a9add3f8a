// Person detection with the object detectors podium runs (NanoDet, CenterNet): pure decoders of
// their raw outputs, non-maximum suppression, tiling for small people in large frames, and the
// detector that letterboxes, runs the model per tile and merges.
//
// Contract: every box is in original-image pixels (origin top-left, x right, y down), not clipped
// to the image; scores are 0..1; labels are COCO-80 0-based classes (0 person, 32 sports ball).
// The decoders use only `mapping.to_original` (model-input pixels -> image pixels). The frame is
// letterboxed (black padding to a square), not stretched as @vladmandic/human does: the stretch
// gave lower person-box AP (docs/models.md).
// - NanoDet (GFL head, 416² NCHW, x/255): per stride 8, 16, 32 a grid of n x n cells (52, 26,
//   13); class scores are already sigmoids; each side's distance is the expectation of a softmax
//   over 11 bins (0..10) times the stride, measured from the cell centre ((col + 0.5) * stride,
//   (row + 0.5) * stride) as the GFL-head NanoDet does (NanoDet-Plus dropped the half cell; the
//   centre gives the better person-box AP, docs/models.md). One detection per cell and class
//   scoring >= min_score.
// - CenterNet: `tower_0/detections` [1,100,6] is x1, y1, x2, y2 (input pixels), score, class; the
//   rows scoring >= min_score with a finite box of positive size and a class in 0..79 are kept.
// - Tiling (DetectorOptions::tiles): the whole frame plus overlapping square tiles; a tile's
//   detection that touches one of the tile's inner edges (inside the image) is a cut box and is
//   dropped when another detection of the same class holds most of it (the neighbouring tile or
//   the whole frame saw the person whole); then NMS merges the rest.
// Errors: Error(Model) naming the output for a wrong dtype or shape; Error(InvalidInput) for bad
// options (field, value, rule) or a bad image; Error(NotFound) when the model is not installed.
//
//   auto det = PersonDetector::create({.model = DetectorModel::NanoDet});
//   for (const Detection& d : det.detect(rgb)) draw(d.box, d.score);  // persons, best first
#pragma once

#include <memory>
#include <opencv2/core.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "podium/nn/tensor.hpp"
#include "podium/vision/letterbox.hpp"
#include "podium/vision/person.hpp"

namespace podium::vision {

enum class DetectorModel { NanoDet, CenterNet };
DetectorModel parse_detector_model(std::string_view name);  // "nanodet" | "centernet"
const char* detector_model_name(DetectorModel model);

inline constexpr int kCocoPersonClass = 0;
inline constexpr int kCocoClasses = 80;

struct Detection {
  Box box;  // original pixels
  double score = 0;
  int label = 0;  // COCO-80, 0-based
};

// NanoDet's six outputs, matched by name (TF.js orders them by size).
struct NanoDetRaw {
  const nn::HostTensor& scores_8;   // "Identity"   [1,2704,80]
  const nn::HostTensor& scores_16;  // "Identity_1" [1,676,80]
  const nn::HostTensor& scores_32;  // "Identity_2" [1,169,80]
  const nn::HostTensor& boxes_8;    // "Identity_3" [1,2704,44]
  const nn::HostTensor& boxes_16;   // "Identity_4" [1,676,44]
  const nn::HostTensor& boxes_32;   // "Identity_5" [1,169,44]
};
inline constexpr int kNanoDetInput = 416;
inline constexpr int kNanoDetBins = 11;

// Unsorted, not suppressed. Cells with non-finite values are skipped.
std::vector<Detection> decode_nanodet(const NanoDetRaw& raw, const Letterbox& mapping,
                                      double min_score);
// `tower_0/detections` [1,100,6]. Unsorted, not suppressed (the graph has done that).
std::vector<Detection> decode_centernet(const nn::HostTensor& detections, const Letterbox& mapping,
                                        double min_score);

// Greedy NMS: best score first (stable on ties), a detection is dropped when it overlaps a kept
// one (of the same label when per_class) by IoU > iou_threshold. Returns the kept ones, best
// first.
std::vector<Detection> non_max_suppression(std::vector<Detection> detections, double iou_threshold,
                                           bool per_class = true);

// A square of the image the detector runs on (it may reach past the image, which reads as
// black), or the whole frame (letterboxed).
struct DetectorTile {
  int x0 = 0, y0 = 0, side = 0;
  bool whole = false;
};
inline constexpr double kTileOverlap = 0.2;  // of the tile side, between neighbours
// The grid auto picks: n tiles along the longer side, n = floor(longer / (2.5 * model side)),
// 1 (no tiling) when that is below 2: 4K frames are tiled, 1080p ones not (on PoseTrack18's
// 1080p frames tiling found more spectators, not more athletes: docs/accuracy.md).
int auto_tile_grid(int image_width, int image_height, int model_side);
// tiles: 0 auto, 1 the whole frame only, n >= 2: n tiles along the longer side, overlapping by
// kTileOverlap, as many along the shorter side as cover it with the same overlap (at least one,
// centred when one is larger than the side), evenly spaced. The whole frame comes first.
std::vector<DetectorTile> detector_tiles(int image_width, int image_height, int model_side,
                                         int tiles);
// Merges per-tile detections (per_tile[i] found in tiles[i], image pixels) as the header says.
std::vector<Detection> merge_tile_detections(std::span<const std::vector<Detection>> per_tile,
                                             std::span<const DetectorTile> tiles, int image_width,
                                             int image_height, double nms_iou);

struct DetectorOptions {
  DetectorModel model = DetectorModel::NanoDet;
  std::string models_dir;  // default: nn::models_dir()
  // Low on purpose: a tracker splits high and low scores itself (ByteTrack).
  double min_score = 0.1;
  double nms_iou = 0.5;
  int tiles = 0;  // 0 auto (auto_tile_grid), 1 none, n >= 2 (detector_tiles), at most 8
  double min_box_height_px = 0;  // persons whose box is shorter are dropped
  Box region;                    // empty: whole frame; else persons whose box centre is inside
  int threads = 1;               // of the model runs (PoseOptions::threads' rule)
};

class PersonDetector {
 public:
  // Validates the options (field, value, rule), loads and verifies the model. Throws Error.
  static PersonDetector create(const DetectorOptions& options);
  ~PersonDetector();
  PersonDetector(PersonDetector&&) noexcept;
  PersonDetector& operator=(PersonDetector&&) noexcept;

  // Persons (label 0) in the 8-bit RGB image, best first, original pixels, filtered by score,
  // size and region. Throws Error(InvalidInput) for an empty or non-RGB image.
  std::vector<Detection> detect(const cv::Mat& rgb);
  // Every class found in one tile (one model run, NMS within it), image pixels, best first:
  // what detect() runs per tile before merging. For tests and tools.
  std::vector<Detection> detect_tile(const cv::Mat& rgb, const DetectorTile& tile);
  const DetectorOptions& options() const;
  int model_side() const;  // 416 or 512

 private:
  struct Impl;
  explicit PersonDetector(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace podium::vision
