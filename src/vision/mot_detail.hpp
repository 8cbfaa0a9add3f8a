// Internal to the MOT evaluation (vision/mot.hpp): the checks rows from a file and rows made in
// memory share, and the three metric families over one sequence of frames.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>

#include "podium/core/error.hpp"
#include "podium/vision/mot.hpp"

namespace podium::vision::mot_detail {

// A repeated (frame, id) pair (placed at its later line, naming the first) or more than
// limits::kMotBoxesPerFrame boxes in one frame: Error(kind) placed at `source` and the line.
void check_rows(std::span<const MotRow> rows, const std::string& source, ErrorKind kind);

// A sequence as TrackEval's metrics read it: frame t's compacted ids and similarity, made on
// demand so that no more than one frame's matrix is held at once. The reference stays valid
// until the next call.
struct Sequence {
  std::size_t frames = 0;
  int gt_ids = 0, pred_ids = 0;
  std::function<const MotFrame&(std::size_t)> frame;
};

// Each fills its family's fields of `m` (counts, ratios) from the sequence.
void clear_metrics(const Sequence& s, double threshold, MotMetrics& m);
void identity_metrics(const Sequence& s, double threshold, MotMetrics& m);
void hota_metrics(const Sequence& s, MotMetrics& m);

}  // namespace podium::vision::mot_detail
