// Video in and out through OpenCV's FFmpeg backend: anything FFmpeg decodes (h264, VP9, MPEG-4
// Part 2, MJPEG; mp4, avi, mkv, webm, mov).
//
// VideoReader contract:
// - Frames come in decode order as 8-bit RGB (CV_8UC3, RGB order), already turned upright when
//   the container carries rotation metadata (info().rotation_deg says by how much).
// - Frame::time_s is the container's presentation time in seconds from the first frame, so a
//   variable-frame-rate clip keeps its real timing; it strictly increases (a frame whose
//   timestamp does not advance is placed 1 microsecond after the previous one).
// - [start_s, end_s) selects frames by that time; frames before start_s are decoded and dropped
//   (exact, unlike a keyframe seek).
// - Errors: Error(NotFound) for a missing file; Error(Format) naming the file for anything that
//   is not a decodable video, has no frame, or stops decoding well before the length its
//   container declares (a truncated file).
//
// VideoWriter contract: frames of one size in, an H.264 MP4 at the given frame rate out (H.264,
// not MPEG-4 Part 2, so that browsers play it: the dashboard shows it as it is; Debian's
// libavcodec encodes it with libx264; an odd width or height loses its last column or row), written
// to a temporary file beside the target and renamed over it by finish(); a writer destroyed before
// finish() removes its temporary file, so nothing half-written is left.
//
//   VideoReader in = VideoReader::open("clip.mp4");
//   for (Frame f; in.next(f);) use(f.rgb, f.time_s);
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <opencv2/core.hpp>
#include <string>

namespace podium::vision {

struct VideoInfo {
  std::string path;
  int width = 0, height = 0;     // of the frames as delivered (after rotation)
  double fps = 0;                // nominal, from the container; 0 when unknown
  std::int64_t frame_count = 0;  // declared by the container; 0 when unknown
  std::string codec;             // FourCC, e.g. "h264", "VP90", "FMP4"
  int rotation_deg = 0;          // rotation metadata applied to every frame
};

struct Frame {
  std::int64_t index = 0;  // 0-based among the frames read from the file
  double time_s = 0;
  cv::Mat rgb;
};

class VideoReader {
 public:
  static VideoReader open(const std::string& path, double start_s = 0,
                          double end_s = std::numeric_limits<double>::infinity());
  ~VideoReader();
  VideoReader(VideoReader&&) noexcept;
  VideoReader& operator=(VideoReader&&) noexcept;

  const VideoInfo& info() const;
  // The next frame in [start_s, end_s); false at the end. Throws Error(Format) for a truncated
  // file (see the contract above).
  bool next(Frame& frame);

 private:
  struct Impl;
  explicit VideoReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

class VideoWriter {
 public:
  // Throws Error(InvalidInput) for a non-positive size or frame rate, Error(Io) when the file
  // cannot be created.
  static VideoWriter create(const std::string& path, int width, int height, double fps);
  ~VideoWriter();
  VideoWriter(VideoWriter&&) noexcept;
  VideoWriter& operator=(VideoWriter&&) noexcept;

  void write(const cv::Mat& rgb);
  // Closes the file and moves it into place.
  void finish();

 private:
  struct Impl;
  explicit VideoWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace podium::vision
