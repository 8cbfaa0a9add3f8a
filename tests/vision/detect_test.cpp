// Person detection, pure parts: the NanoDet and CenterNet decoders on synthetic outputs (cell
// layout, distance bins, mapping back through a letterbox, thresholds, non-finite values, bad
// shapes), NMS, the tile grid, and merging tiles (a person cut by a tile border is found once).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>

#include "podium/core/error.hpp"
#include "podium/vision/detect.hpp"
#include "testkit/throws_error.hpp"

namespace podium::vision {
namespace {

constexpr std::array<int, 3> kStrides = {8, 16, 32};
constexpr int kBoxValues = 44;

// NanoDet's six outputs: every score 0, every distribution uniform (5 bins).
struct NanoRaw {
  std::array<nn::HostTensor, 3> scores, boxes;
  NanoRaw() {
    for (std::size_t l = 0; l < 3; ++l) {
      const std::int64_t n = kNanoDetInput / kStrides[l];
      scores[l] = nn::HostTensor::zeros(nn::DType::Float32, {1, n * n, kCocoClasses});
      boxes[l] = nn::HostTensor::zeros(nn::DType::Float32, {1, n * n, kBoxValues});
    }
  }
  NanoDetRaw view() const {
    return {scores[0], scores[1], scores[2], boxes[0], boxes[1], boxes[2]};
  }
  // Cell (row, col) of a level scores `score` for class `label`; each side's distribution is
  // peaked at its bin (a logit of 30 against 0: the expectation is the bin to 1e-11).
  void put(std::size_t level, int row, int col, int label, float score,
           const std::array<int, 4>& bins) {
    const int n = kNanoDetInput / kStrides[level];
    const std::int64_t cell = static_cast<std::int64_t>(row) * n + col;
    scores[level].set(cell * kCocoClasses + label, score);
    for (int side = 0; side < 4; ++side)
      boxes[level].set(cell * kBoxValues + side * kNanoDetBins + bins[side], 30.0);
  }
};

const Letterbox kIdentity416 = Letterbox::fit(416, 416, 416, 416);

TEST(NanoDetDecode, PeakedBinsGiveDistancesFromTheCellCentreTimesTheStride) {
  NanoRaw raw;
  raw.put(1, 5, 7, kCocoPersonClass, 0.9F, {2, 3, 4, 6});  // stride 16: centre (120, 88)
  const auto d = decode_nanodet(raw.view(), kIdentity416, 0.5);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].label, kCocoPersonClass);
  EXPECT_NEAR(d[0].score, 0.9, 1e-6);
  EXPECT_NEAR(d[0].box.x, 120 - 2 * 16, 1e-6);
  EXPECT_NEAR(d[0].box.y, 88 - 3 * 16, 1e-6);
  EXPECT_NEAR(d[0].box.width, (2 + 4) * 16, 1e-6);
  EXPECT_NEAR(d[0].box.height, (3 + 6) * 16, 1e-6);
}

TEST(NanoDetDecode, UniformBinsAreTheMiddleBinAndEachLevelHasItsOwnGrid) {
  NanoRaw raw;
  // Stride 8, last cell of the 52x52 grid; stride 32, first cell of the 13x13 grid.
  raw.scores[0].set((52 * 52 - 1) * kCocoClasses + 32, 0.6);
  raw.scores[2].set(0 * kCocoClasses + 0, 0.7);
  const auto d = decode_nanodet(raw.view(), kIdentity416, 0.5);
  ASSERT_EQ(d.size(), 2u);
  // The expectation of a uniform distribution over bins 0..10 is 5.
  EXPECT_EQ(d[0].label, 32);
  EXPECT_NEAR(d[0].box.x, 51.5 * 8 - 5 * 8, 1e-9);
  EXPECT_NEAR(d[0].box.width, 10 * 8, 1e-9);
  EXPECT_EQ(d[1].label, 0);
  EXPECT_NEAR(d[1].box.x, 16 - 5 * 32, 1e-9);
  EXPECT_NEAR(d[1].box.height, 10 * 32, 1e-9);
}

TEST(NanoDetDecode, BoxesMapBackThroughTheLetterbox) {
  NanoRaw raw;
  raw.put(2, 6, 6, 0, 0.8F, {1, 1, 1, 1});  // stride 32: centre (208, 208), 64 px square
  // An 832x416 frame: side 832, padded 208 on top, half scale.
  const auto d = decode_nanodet(raw.view(), Letterbox::fit(832, 416, 416, 416), 0.5);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NEAR(d[0].box.x, 2 * 176, 1e-9);
  EXPECT_NEAR(d[0].box.y, 2 * 176 - 208, 1e-9);
  EXPECT_NEAR(d[0].box.width, 128, 1e-9);
}

TEST(NanoDetDecode, ThresholdNonFiniteValuesAndEveryClassOfACell) {
  NanoRaw raw;
  raw.put(1, 1, 1, 0, 0.5F, {1, 1, 1, 1});
  raw.scores[1].set((1 * 26 + 1) * kCocoClasses + 5, 0.45);  // same cell, another class, below
  raw.put(1, 2, 2, 0, std::numeric_limits<float>::quiet_NaN(), {1, 1, 1, 1});
  raw.put(1, 3, 3, 0, 0.9F, {1, 1, 1, 1});
  raw.boxes[1].set((3 * 26 + 3) * kBoxValues + 7, std::numeric_limits<double>::infinity());
  auto d = decode_nanodet(raw.view(), kIdentity416, 0.5);
  ASSERT_EQ(d.size(), 1u);  // the score exactly at the threshold passes; NaN and inf do not
  EXPECT_NEAR(d[0].box.x, 24 - 16, 1e-9);
  d = decode_nanodet(raw.view(), kIdentity416, 0.4);
  ASSERT_EQ(d.size(), 2u);  // one box, two classes
  EXPECT_EQ(d[1].label, 5);
  EXPECT_EQ(d[0].box.x, d[1].box.x);
  EXPECT_TRUE(decode_nanodet(NanoRaw().view(), kIdentity416, 0.01).empty());
}

TEST(NanoDetDecode, WrongShapesNameTheOutput) {
  NanoRaw raw;
  raw.boxes[2] = nn::HostTensor::zeros(nn::DType::Float32, {1, 169, 32});
  EXPECT_THAT(
      [&] { (void)decode_nanodet(raw.view(), kIdentity416, 0.5); },
      testkit::ThrowsError(
          ErrorKind::Model,
          ::testing::HasSubstr(
              "nanodet: output Identity_5 got float32[1,169,32], expected float32[1,169,44]")));
  NanoRaw ints;
  ints.scores[0] = nn::HostTensor::zeros(nn::DType::Int32, {1, 2704, 80});
  EXPECT_THAT(
      [&] { (void)decode_nanodet(ints.view(), kIdentity416, 0.5); },
      testkit::ThrowsError(ErrorKind::Model, ::testing::HasSubstr("output Identity got int32")));
}

nn::HostTensor centernet_rows(const std::vector<std::array<double, 6>>& rows) {
  auto t = nn::HostTensor::zeros(nn::DType::Float32, {1, 100, 6});
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t k = 0; k < 6; ++k)
      t.set(static_cast<std::int64_t>(i * 6 + k), rows[i][k]);
  }
  return t;
}

TEST(CenterNetDecode, KeepsScoredRowsWithTheirClassMappedBack) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto t = centernet_rows({{100, 50, 200, 250, 0.9, 0},
                                 {10, 10, 20, 20, 0.6, 32},
                                 {10, 10, 20, 20, 0.2, 0},     // below
                                 {10, 10, 20, 20, 0.9, 80},    // no such class
                                 {10, 10, 20, 20, 0.9, -1},    // no such class
                                 {nan, 10, 20, 20, 0.9, 0}});  // not finite
  // A 1024x512 frame letterboxed to 512: half scale, 256 px of padding on top.
  const auto d = decode_centernet(t, Letterbox::fit(1024, 512, 512, 512), 0.5);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].label, 0);
  EXPECT_NEAR(d[0].score, 0.9, 1e-6);
  EXPECT_NEAR(d[0].box.x, 200, 1e-9);
  EXPECT_NEAR(d[0].box.y, 100 - 256, 1e-9);
  EXPECT_NEAR(d[0].box.width, 200, 1e-9);
  EXPECT_NEAR(d[0].box.height, 400, 1e-9);
  EXPECT_EQ(d[1].label, 32);
  EXPECT_THAT(
      [&] {
        (void)decode_centernet(nn::HostTensor::zeros(nn::DType::Float32, {1, 100, 4}),
                               Letterbox::fit(512, 512, 512, 512), 0.5);
      },
      testkit::ThrowsError(
          ErrorKind::Model,
          ::testing::HasSubstr("centernet: output tower_0/detections got float32[1,100,4]")));
}

Detection det(double x, double y, double w, double h, double score, int label = 0) {
  return {Box{x, y, w, h}, score, label};
}

TEST(NonMaxSuppression, KeepsTheBestOfEachOverlappingGroupBestFirst) {
  const std::vector<Detection> in = {
      det(0, 0, 10, 10, 0.5),      // overlaps the 0.9 one by 81/119 = 0.68: dropped
      det(1, 1, 10, 10, 0.9),      //
      det(100, 0, 10, 10, 0.7),    // alone
      det(0, 0, 10, 10, 0.6, 32),  // another class
      det(5, 0, 10, 10, 0.8)};     // IoU with the 0.9 one 45/155 = 0.29: kept
  const auto out = non_max_suppression(in, 0.5);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].score, 0.9);
  EXPECT_EQ(out[1].score, 0.8);
  EXPECT_EQ(out[2].score, 0.7);
  EXPECT_EQ(out[3].label, 32);
  // Across classes, the ball under the person goes too; a lower threshold drops the 0.8 one.
  EXPECT_EQ(non_max_suppression(in, 0.5, false).size(), 3u);
  EXPECT_EQ(non_max_suppression(in, 0.25).size(), 3u);
  // IoU exactly at the threshold is kept (suppression needs more).
  const auto half = non_max_suppression({det(0, 0, 10, 10, 0.9), det(0, 0, 10, 5, 0.8)}, 0.5);
  EXPECT_EQ(half.size(), 2u);
  EXPECT_TRUE(non_max_suppression({}, 0.5).empty());
}

TEST(DetectorTiles, AutoTilesOnlyFramesMuchLargerThanTheModel) {
  EXPECT_EQ(auto_tile_grid(640, 480, 416), 1);
  EXPECT_EQ(auto_tile_grid(1920, 1080, 416), 1);
  EXPECT_EQ(auto_tile_grid(2080, 1080, 416), 2);
  EXPECT_EQ(auto_tile_grid(3840, 2160, 416), 3);
  EXPECT_EQ(auto_tile_grid(1080, 3840, 512), 3);  // portrait: the longer side counts
  EXPECT_EQ(detector_tiles(1920, 1080, 416, 0).size(), 1u);
  EXPECT_EQ(detector_tiles(1920, 1080, 416, 1).size(), 1u);
  EXPECT_TRUE(detector_tiles(1920, 1080, 416, 1)[0].whole);
}

TEST(DetectorTiles, OverlappingSquaresCoverTheFrameAfterTheWholeFrame) {
  for (const auto& [w, h, n] :
       {std::tuple{1920, 1080, 3}, std::tuple{1080, 1920, 3}, std::tuple{1000, 500, 2},
        std::tuple{4000, 300, 4}, std::tuple{777, 777, 5}}) {
    const auto tiles = detector_tiles(w, h, 416, n);
    ASSERT_TRUE(tiles[0].whole);
    const int longer = std::max(w, h), shorter = std::min(w, h);
    const int side = tiles[1].side;
    // n along the longer side, overlapping by kTileOverlap (to a pixel of rounding).
    EXPECT_NEAR(n * side - (n - 1) * kTileOverlap * side, longer, n) << w << "x" << h;
    const int cols = (w + 9) / 10, rows = (h + 9) / 10;  // a 10 px lattice
    std::vector<char> covered(static_cast<std::size_t>(cols) * rows, 0);
    for (std::size_t t = 1; t < tiles.size(); ++t) {
      EXPECT_FALSE(tiles[t].whole);
      EXPECT_EQ(tiles[t].side, side);
      for (int y = 0; y < h; y += 10) {
        for (int x = 0; x < w; x += 10) {
          if (x >= tiles[t].x0 && x < tiles[t].x0 + side && y >= tiles[t].y0 &&
              y < tiles[t].y0 + side)
            covered[static_cast<std::size_t>(y / 10) * cols + x / 10] = 1;
        }
      }
    }
    EXPECT_EQ(std::count(covered.begin(), covered.end(), 0), 0) << w << "x" << h;
    // Neighbours along the longer side overlap by at least kTileOverlap of a side.
    const bool wide = w >= h;
    const int a0 = wide ? tiles[1].x0 : tiles[1].y0, a1 = wide ? tiles[2].x0 : tiles[2].y0;
    EXPECT_GE(a0 + side - a1, static_cast<int>(kTileOverlap * side) - 1);
    const int across = static_cast<int>(tiles.size() - 1) / n;
    if (shorter <= side) {
      EXPECT_EQ(across, 1) << w << "x" << h;
    } else {
      EXPECT_GE(across, 2) << w << "x" << h;
    }
  }
}

TEST(MergeTiles, APersonCutByATileBorderIsFoundOnceWhole) {
  const int w = 1000, h = 500;
  const auto tiles = detector_tiles(w, h, 416, 2);
  ASSERT_EQ(tiles.size(), 3u);  // the whole frame, left and right tiles, each 500 high
  const DetectorTile& left = tiles[1];
  const DetectorTile& right = tiles[2];
  const int border = left.x0 + left.side;  // the left tile's right edge, inside the frame
  ASSERT_LT(right.x0, border - 60);
  // A small person straddling the left tile's right edge: the right tile sees it whole, the
  // left one only to the border (with a high score), the whole frame not at all (too small).
  const Detection whole_person = det(border - 40, 200, 60, 120, 0.7);
  const Detection cut_person = det(border - 40, 200, 40, 120, 0.8);
  // Another person well inside the left tile only.
  const Detection other = det(100, 100, 40, 100, 0.6);
  const std::vector<std::vector<Detection>> per_tile = {{}, {cut_person, other}, {whole_person}};
  const auto merged = merge_tile_detections(per_tile, tiles, w, h, 0.5);
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(merged[0].score, 0.7);  // the whole box, not the cut one
  EXPECT_EQ(merged[0].box.width, 60);
  EXPECT_EQ(merged[1].score, 0.6);
  // Without the neighbour's whole view the cut box is kept (better a cut box than none).
  const std::vector<std::vector<Detection>> alone = {{}, {cut_person}, {}};
  EXPECT_EQ(merge_tile_detections(alone, tiles, w, h, 0.5).size(), 1u);
  // A box touching the frame's own edge is not cut: a tile edge on the frame border is no border.
  // (Were it cut, the whole frame's box covering it would replace it.)
  const std::vector<std::vector<Detection>> at_edge = {
      {det(0, 100, 40, 100, 0.5)}, {det(0, 100, 30, 100, 0.9)}, {}};
  const auto e = merge_tile_detections(at_edge, tiles, w, h, 0.5);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].score, 0.9);
  // The same person in the whole frame and in a tile: NMS keeps one.
  const std::vector<std::vector<Detection>> twice = {
      {det(100, 100, 40, 100, 0.5)}, {det(102, 101, 40, 98, 0.6)}, {}};
  EXPECT_EQ(merge_tile_detections(twice, tiles, w, h, 0.5).size(), 1u);
}

TEST(DetectorModelNames, ParseAndName) {
  EXPECT_EQ(parse_detector_model("nanodet"), DetectorModel::NanoDet);
  EXPECT_EQ(parse_detector_model("centernet"), DetectorModel::CenterNet);
  EXPECT_STREQ(detector_model_name(DetectorModel::CenterNet), "centernet");
  EXPECT_STREQ(detector_model_name(parse_detector_model("nanodet")), "nanodet");
  EXPECT_THAT([&] { (void)parse_detector_model("yolo"); },
              testkit::ThrowsError(ErrorKind::InvalidInput,
                                   ::testing::HasSubstr("unknown detector 'yolo'")));
}

// Checked before any model is loaded, so this needs none.
TEST(PersonDetectorOptions, BadOptionsNameFieldValueAndRule) {
  using ::testing::HasSubstr;
  const auto bad = [](DetectorOptions o, const char* message) {
    EXPECT_THAT([&] { (void)PersonDetector::create(o); },
                testkit::ThrowsError(ErrorKind::InvalidInput, HasSubstr(message)));
  };
  bad({.min_score = 1.5}, "person detector: min_score = 1.5: must be within 0..1");
  bad({.nms_iou = 0}, "nms_iou = 0: must be within (0, 1]");
  bad({.tiles = 9}, "tiles = 9: must be 0 (auto), 1 (none) or 2..8");
  bad({.tiles = -1}, "tiles = -1");
  bad({.min_box_height_px = -1}, "min_box_height_px = -1: must be >= 0");
  bad({.region = Box{0, 0, -5, 10}}, "region = -5x10: sides must be >= 0");
  bad({.threads = 0}, "--threads = 0");
}

}  // namespace
}  // namespace podium::vision
