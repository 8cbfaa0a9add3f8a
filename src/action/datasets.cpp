#include "podium/action/datasets.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "datasets_io.hpp"
#include "podium/core/file.hpp"
#include "podium/core/limits.hpp"
#include "podium/core/message.hpp"
#include "podium/core/npy.hpp"
#include "sequence_io.hpp"

namespace podium::action {
namespace {

constexpr float kNotSeenValue = std::numeric_limits<float>::quiet_NaN();
constexpr double kPushupFps = 25;  // the Kaggle push-up videos (PROVENANCE.md)

PoseSequence start(const detail::IndexTable& index, std::size_t row, const std::string& set,
                   vision::Layout layout, Coordinates coordinates) {
  PoseSequence s;
  s.id = set + "/" + index.file_without_extension(row);
  s.source = set;
  s.layout = layout;
  s.coordinates = coordinates;
  return s;
}

Place row_place(const detail::IndexTable& index, std::size_t row, const std::string& field) {
  return Place{
      .source = index.path, .line = static_cast<std::uint64_t>(index.lines[row]), .field = field};
}

// The frame count index.csv states must be the file's.
void check_frames(const detail::IndexTable& index, std::size_t row, const PoseSequence& s) {
  const std::int64_t stated =
      detail::integer_field(index.at(row, "frames"), row_place(index, row, "frames"), 1,
                            std::numeric_limits<std::int64_t>::max());
  if (static_cast<std::size_t>(stated) != s.frames) {
    throw Error(
        ErrorKind::InvalidInput, row_place(index, row, "frames"),
        std::to_string(stated) + " frames stated, the file has " + std::to_string(s.frames));
  }
}

// An NPY array of `frames x keypoints x per_keypoint` values, the shape given as either
// (T, K, V) or (T, K * V).
NpyArray read_pose_npy(const std::string& path, std::size_t keypoints, std::size_t per_keypoint,
                       bool three_axes) {
  NpyArray a = read_npy(path);
  const bool ok = three_axes
                      ? a.shape.size() == 3 && a.shape[1] == keypoints && a.shape[2] == per_keypoint
                      : a.shape.size() == 2 && a.shape[1] == keypoints * per_keypoint;
  if (!ok || a.shape[0] == 0 || a.shape[0] > limits::kPoseSequenceFrames) {
    std::string got;
    for (const std::uint64_t d : a.shape)
      got += (got.empty() ? "" : ", ") + std::to_string(d);
    throw Error(ErrorKind::InvalidInput, Place{.source = path, .field = "shape"},
                "(" + got + "): expected (T, " +
                    (three_axes ? std::to_string(keypoints) + ", " + std::to_string(per_keypoint)
                                : std::to_string(keypoints * per_keypoint)) +
                    ") with 1 <= T <= " + std::to_string(limits::kPoseSequenceFrames));
  }
  return a;
}

}  // namespace

ImportedSet import_tennis_shots(const std::string& dir) {
  ImportedSet out{.source = "tennis_shots_movenet"};
  const detail::IndexTable index = detail::read_index(dir);
  for (std::size_t row = 0; row < index.rows.size(); ++row) {
    PoseSequence s =
        start(index, row, out.source, vision::Layout::MoveNet13, Coordinates::Normalized);
    const std::string path = index.file(row);
    s.label = detail::read_wide_csv(read_file(path), path, s, false, {}, "shot");
    if (s.label != index.at(row, "label")) {
      throw Error(ErrorKind::InvalidInput, row_place(index, row, "label"),
                  quoted_for_message(index.at(row, "label")) + " but the file's shots are " +
                      quoted_for_message(s.label));
    }
    s.group = index.at(row, "player_video");
    check_frames(index, row, s);
    detail::validate_in(s, Place{.source = path});
    out.sequences.push_back(std::move(s));
  }
  return out;
}

ImportedSet import_pushup_form(const std::string& dir) {
  ImportedSet out{.source = "pushup_form_movenet"};
  const detail::IndexTable index = detail::read_index(dir);
  for (std::size_t row = 0; row < index.rows.size(); ++row) {
    PoseSequence s = start(index, row, out.source, vision::Layout::Coco17, Coordinates::Pixels);
    const std::string path = index.file(row);
    detail::read_wide_csv(read_file(path), path, s, true, {"frame"}, "");
    s.label = index.at(row, "form_label");
    s.group = index.stem(row);
    s.fps = kPushupFps;
    check_frames(index, row, s);
    detail::validate_in(s, Place{.source = path});
    out.sequences.push_back(std::move(s));
  }
  return out;
}

ImportedSet import_pose_trainer(const std::string& dir) {
  ImportedSet out{.source = "exercise_form_openpose"};
  const detail::IndexTable index = detail::read_index(dir);
  constexpr std::size_t kKeypoints = 18;
  for (std::size_t row = 0; row < index.rows.size(); ++row) {
    PoseSequence s = start(index, row, out.source, vision::Layout::OpenPose18, Coordinates::Pixels);
    const std::string path = index.file(row);
    const NpyArray a = read_pose_npy(path, kKeypoints, 3, true);
    s.frames = a.shape[0];
    for (std::size_t i = 0; i < s.frames * kKeypoints; ++i) {
      const double x = a.values[3 * i], y = a.values[3 * i + 1], c = a.values[3 * i + 2];
      const bool missing = x == 0 && y == 0 && c == 0;  // how the source marks it
      s.x.push_back(missing ? kNotSeenValue : static_cast<float>(x));
      s.y.push_back(missing ? kNotSeenValue : static_cast<float>(y));
      // OpenPose's heatmap peaks pass 1 now and then (10 of the set's 154 908, at most 1.0225).
      s.score.push_back(missing ? kNotSeenValue : static_cast<float>(std::min(c, 1.0)));
    }
    s.label = index.at(row, "exercise") + "/" + index.at(row, "form_label");
    s.group = index.stem(row);
    check_frames(index, row, s);
    detail::validate_in(s, Place{.source = path});
    out.sequences.push_back(std::move(s));
  }
  return out;
}

ImportedSet import_countix_fitness(const std::string& dir) {
  ImportedSet out{.source = "countix_fitness_pose"};
  const detail::IndexTable index = detail::read_index(dir);
  constexpr std::size_t kKeypoints = 33;
  for (std::size_t row = 0; row < index.rows.size(); ++row) {
    PoseSequence s =
        start(index, row, out.source, vision::Layout::BlazePose33, Coordinates::MinMaxPerFrame);
    const std::string path = index.file(row);
    const NpyArray a = read_pose_npy(path, kKeypoints, 3, false);
    s.frames = a.shape[0];
    for (std::size_t f = 0; f < s.frames; ++f) {
      const auto first = a.values.begin() + static_cast<std::ptrdiff_t>(f * kKeypoints * 3);
      const bool nobody =
          std::all_of(first, first + kKeypoints * 3, [](double v) { return v == 0; });
      for (std::size_t k = 0; k < kKeypoints; ++k) {
        const std::size_t i = (f * kKeypoints + k) * 3;  // x, y, z; z is not kept
        s.x.push_back(nobody ? kNotSeenValue : static_cast<float>(a.values[i]));
        s.y.push_back(nobody ? kNotSeenValue : static_cast<float>(a.values[i + 1]));
        s.score.push_back(kNotSeenValue);
      }
    }
    s.label = index.at(row, "class");
    s.group = index.stem(row);
    check_frames(index, row, s);
    detail::validate_in(s, Place{.source = path});
    out.repetitions.push_back(detail::integer_field(index.at(row, "gt_count"),
                                                    row_place(index, row, "gt_count"), 0,
                                                    std::numeric_limits<std::int32_t>::max()));
    out.sequences.push_back(std::move(s));
  }
  return out;
}

}  // namespace podium::action
