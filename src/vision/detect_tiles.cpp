// Tiling for small people in large frames: which squares the detector runs on and how their
// detections merge (pure).
#include <algorithm>
#include <cmath>

#include "podium/core/error.hpp"
#include "podium/vision/detect.hpp"

namespace podium::vision {
namespace {

// Auto tiling starts when the longer side holds this many model sides (see auto_tile_grid).
constexpr double kTileAutoFactor = 2.5;
// A box edge within this share of the tile side of an inner tile edge is cut by it.
constexpr double kTileEdgeMargin = 0.02;
// A cut box is dropped when a whole box of its class covers this share of it.
constexpr double kTileCoveredShare = 0.6;

// n squares of side `side` evenly spaced over [0, length): the first at 0, the last at
// length - side; one centred square when n is 1.
std::vector<int> tile_starts(int length, int side, int n) {
  if (n == 1) return {(length - side) / 2};
  std::vector<int> out;
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    out.push_back(
        static_cast<int>(std::lround(static_cast<double>(i) * (length - side) / (n - 1))));
  }
  return out;
}

double tile_intersection(const Box& a, const Box& b) {
  const double w = std::min(a.x + a.width, b.x + b.width) - std::max(a.x, b.x);
  const double h = std::min(a.y + a.height, b.y + b.height) - std::max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

// Whether `box`, found in `tile`, touches an edge of the tile that lies inside the image.
bool tile_cut(const Box& box, const DetectorTile& tile, int image_width, int image_height) {
  if (tile.whole) return false;
  const double margin = kTileEdgeMargin * tile.side;
  const int x1 = tile.x0 + tile.side, y1 = tile.y0 + tile.side;
  return (tile.x0 > 0 && box.x <= tile.x0 + margin) || (tile.y0 > 0 && box.y <= tile.y0 + margin) ||
         (x1 < image_width && box.x + box.width >= x1 - margin) ||
         (y1 < image_height && box.y + box.height >= y1 - margin);
}

}  // namespace

int auto_tile_grid(int image_width, int image_height, int model_side) {
  PODIUM_ASSERT(model_side > 0);
  const int longer = std::max(image_width, image_height);
  const int n = static_cast<int>(std::floor(longer / (kTileAutoFactor * model_side)));
  return n < 2 ? 1 : n;
}

std::vector<DetectorTile> detector_tiles(int image_width, int image_height, int model_side,
                                         int tiles) {
  PODIUM_ASSERT(image_width > 0 && image_height > 0 && tiles >= 0);
  std::vector<DetectorTile> out = {{.x0 = 0, .y0 = 0, .side = 0, .whole = true}};
  const int n = tiles == 0 ? auto_tile_grid(image_width, image_height, model_side) : tiles;
  if (n <= 1) return out;
  const int longer = std::max(image_width, image_height);
  const int shorter = std::min(image_width, image_height);
  // n sides minus (n - 1) overlaps cover the longer side.
  const int side = static_cast<int>(std::ceil(longer / (n - (n - 1) * kTileOverlap)));
  const double step = side * (1 - kTileOverlap);
  const int m =
      shorter <= side ? 1 : 1 + static_cast<int>(std::ceil((shorter - side) / step - 1e-9));
  const bool wide = image_width >= image_height;
  const std::vector<int> along = tile_starts(longer, side, n);
  const std::vector<int> across = tile_starts(shorter, side, m);
  for (const int b : across) {
    for (const int a : along) {
      out.push_back({.x0 = wide ? a : b, .y0 = wide ? b : a, .side = side, .whole = false});
    }
  }
  return out;
}

std::vector<Detection> merge_tile_detections(std::span<const std::vector<Detection>> per_tile,
                                             std::span<const DetectorTile> tiles, int image_width,
                                             int image_height, double nms_iou) {
  PODIUM_ASSERT(per_tile.size() == tiles.size());
  std::vector<Detection> whole, cut;
  for (std::size_t t = 0; t < tiles.size(); ++t) {
    for (const Detection& d : per_tile[t]) {
      (tile_cut(d.box, tiles[t], image_width, image_height) ? cut : whole).push_back(d);
    }
  }
  const auto seen_whole = static_cast<std::ptrdiff_t>(whole.size());
  for (const Detection& c : cut) {
    const bool covered = std::any_of(whole.begin(), whole.begin() + seen_whole, [&](const auto& w) {
      return w.label == c.label &&
             tile_intersection(w.box, c.box) >= kTileCoveredShare * c.box.area();
    });
    if (!covered) whole.push_back(c);
  }
  return non_max_suppression(std::move(whole), nms_iou);
}

}  // namespace podium::vision
