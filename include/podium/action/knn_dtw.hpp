// k-nearest-neighbour classification of pose sequences by dynamic time warping (DTW): the
// traditional sequence baseline beside the XGBoost one (xgboost_baseline.hpp) and the ST-GCN.
// DTW aligns two movements performed at different speeds or started at different moments before
// comparing them, which a frame-by-frame (lock-step) distance cannot.
//
// Contract:
// - dtw_distance(a, b, dims, band): a and b are frame-major trajectories (frames x dims floats).
//   The cost of matching frame i of a with frame j of b is the Euclidean distance of the two
//   frame vectors over the dimensions finite in both, scaled by sqrt(dims / shared) so a missing
//   dimension neither shrinks nor grows the distance (no shared dimension: +inf). The result is
//   the least sum of costs along a warping path from (0, 0) to (last, last) with steps (1, 0),
//   (0, 1), (1, 1). band >= 0 is a Sakoe-Chiba band: frame i of a may meet frame j of b only when
//   their places on a common time axis of max(n, m) frames differ by at most `band` frames;
//   when the lengths differ the band is at least one step of the shorter sequence on that axis,
//   ceil((max(n, m) - 1) / (min(n, m) - 1)) frames, so that a path always exists (and a wider
//   band always holds a narrower one); band < 0 is no band. With equal lengths, band 0 is the
//   lock-step distance (the sum of frame costs on the diagonal).
//   Empty trajectories or sizes that are not frames x dims: Error(InvalidInput).
// - KnnDtw: every sequence is normalised (normalize.hpp: hip-centred, torso lengths), then each
//   keypoint's unseen frames are filled by linear interpolation between the frames that see it
//   (held at the ends); a keypoint a sequence never sees stays missing and drops out of every
//   frame cost with that sequence (the scaling above). Frame vectors are (x, y) of every keypoint.
//   Two sequences are as far apart as dtw_distance / (n + m) (n, m their frames: so long
//   sequences are not farther from everything), with band = round(band_fraction * max(n, m)).
//   The k nearest training sequences (ties in distance: the lower training index) vote: Uniform
//   one vote each, InverseDistance 1 / (distance + 1e-9). probabilities() gives each class's
//   share of the votes (the classes are the training labels, sorted).
// - Errors (InvalidInput): options out of range (k 1..1000, band_fraction in [0, 1] or -1 for no
//   band), fewer than k or unlabelled training sequences, sequences whose layout differs from the
//   training set's, and what normalize() throws (naming the sequence).
//
//   const KnnDtw knn = KnnDtw::train(clips, {.k = 3, .band_fraction = 0.1});
//   std::vector<double> p = knn.probabilities(clip);  // p[c]: vote share of knn.classes()[c]
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "podium/action/normalize.hpp"
#include "podium/action/sequence.hpp"

namespace podium::action {

double dtw_distance(std::span<const float> a, std::span<const float> b, std::size_t dims,
                    long band);

enum class KnnWeighting { Uniform, InverseDistance };

struct KnnOptions {
  int k = 1;
  double band_fraction = 0.1;  // the Sakoe-Chiba band over the longer sequence; -1: no band
  KnnWeighting weighting = KnnWeighting::Uniform;
  NormalizeOptions normalize;
};

void validate(const KnnOptions& options);

class KnnDtw {
 public:
  struct Neighbour {
    std::size_t index = 0;  // into the training sequences
    double distance = 0;
  };

  static KnnDtw train(std::span<const PoseSequence> sequences, const KnnOptions& options);

  const std::vector<std::string>& classes() const { return classes_; }
  std::vector<Neighbour> neighbours(const PoseSequence& sequence) const;  // the k nearest
  std::vector<double> probabilities(const PoseSequence& sequence) const;

 private:
  struct Reference {
    std::vector<float> trajectory;  // frames x dims
    std::size_t label = 0;          // into classes_
  };
  KnnOptions options_;
  vision::Layout layout_ = vision::Layout::Coco17;
  std::size_t dims_ = 0;
  std::vector<std::string> classes_;
  std::vector<Reference> references_;
};

// The frame vectors KnnDtw compares: normalised, gaps filled, (x, y) per keypoint, frame-major.
std::vector<float> dtw_trajectory(const PoseSequence& sequence, const NormalizeOptions& options);

}  // namespace podium::action
