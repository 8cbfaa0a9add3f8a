#include "podium/vision/video.hpp"

#include <unistd.h>

#include <cstdlib>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/core/limits.hpp"

namespace podium::vision {
namespace {

namespace fs = std::filesystem;

// A container's duration is an estimate for some formats; a file whose frames stop this much
// earlier is called truncated.
double truncation_slack_s(double declared_s, double fps) {
  return std::max(2.0 / fps, declared_s / 50);
}

constexpr double kMinFrameStepS = 1e-6;

// Refuses frames of more than limits::kImagePixels; a size the backend does not know (<= 0 or
// not a number) passes, to be checked again on the first decoded frame.
void check_frame_pixels(const std::string& path, double width, double height) {
  if (!(width > 0 && height > 0)) return;
  const double pixels = width * height;
  if (pixels > static_cast<double>(limits::kImagePixels)) {
    throw limits::exceeded(path, "frame pixels", static_cast<std::uint64_t>(pixels),
                           limits::kImagePixels, "pixels per image");
  }
}

std::string fourcc_string(double v) {
  const auto c = static_cast<std::uint32_t>(v);
  std::string s;
  for (int i = 0; i < 4; ++i) {
    const char ch = static_cast<char>((c >> (8 * i)) & 0xFF);
    if (ch >= 32 && ch < 127) s += ch;
  }
  return s;
}

}  // namespace

struct VideoReader::Impl {
  VideoInfo info;
  cv::VideoCapture cap;
  double start_s = 0, end_s = 0;
  std::int64_t decoded = 0;  // frames read from the file so far
  double last_time_s = 0;
  bool pts_usable = true;  // false when the backend reports no timestamps (all zero)
  bool done = false;
  cv::Mat pending_bgr;  // the first frame, read at open to prove the file decodes

  bool read_bgr(cv::Mat& bgr, double& time_s);
};

bool VideoReader::Impl::read_bgr(cv::Mat& bgr, double& time_s) {
  if (!pending_bgr.empty()) {
    bgr = std::move(pending_bgr);
    pending_bgr.release();
    time_s = last_time_s;
    return true;
  }
  bool ok = false;
  try {
    ok = cap.read(bgr);
  } catch (const cv::Exception& e) {
    throw Error(ErrorKind::Format, info.path + ": frame " + std::to_string(decoded) +
                                       ": cannot be decoded (" + e.msg + ")");
  }
  if (!ok || bgr.empty()) {
    // Truncated: the frames stop well before the duration the container declares. Time, not
    // frame count, because AVI indexes count dropped (empty) frames that decode to nothing.
    if (info.frame_count > 0 && info.fps > 0) {
      const double declared_s = static_cast<double>(info.frame_count) / info.fps;
      const double reached_s = last_time_s + 1.0 / info.fps;
      if (reached_s + truncation_slack_s(declared_s, info.fps) < declared_s) {
        char msg[160];
        std::snprintf(msg, sizeof msg,
                      ": truncated: decoding stopped at %.2f s (frame %lld) of the %.2f s the "
                      "container declares",
                      reached_s, static_cast<long long>(decoded), declared_s);
        throw Error(ErrorKind::Format, info.path + msg);
      }
    }
    return false;
  }
  double t = cap.get(cv::CAP_PROP_POS_MSEC) / 1000.0;
  if (decoded == 1 && last_time_s == 0 && t == 0) pts_usable = false;
  if (!pts_usable || !std::isfinite(t)) {
    t = info.fps > 0 ? static_cast<double>(decoded) / info.fps : static_cast<double>(decoded);
  }
  // Strictly increasing, as the tracker and the filters need: a frame whose container time does
  // not advance (a broken or duplicated timestamp) is placed 1 us after the previous one.
  time_s = decoded == 0 ? t : std::max(t, last_time_s + kMinFrameStepS);
  last_time_s = time_s;
  ++decoded;
  return true;
}

VideoReader VideoReader::open(const std::string& path, double start_s, double end_s) {
  if (!(start_s >= 0) || !(end_s > start_s)) {
    throw Error(ErrorKind::InvalidInput, path + ": --start " + std::to_string(start_s) +
                                             " and --end " + std::to_string(end_s) +
                                             " must satisfy 0 <= start < end");
  }
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error(ErrorKind::NotFound, path + ": no such file");
  if (fs::is_directory(path, ec)) throw Error(ErrorKind::InvalidInput, path + ": is a directory");
  // FFmpeg logs decode trouble straight to stderr; podium reports it as one Error instead. The
  // variable is read once, when OpenCV first initialises FFmpeg; a user's own setting wins.
  ::setenv("OPENCV_FFMPEG_LOGLEVEL", "-8", 0);
  auto impl = std::make_unique<Impl>();
  impl->info.path = path;
  impl->start_s = start_s;
  impl->end_s = end_s;
  bool opened = false;
  try {
    opened = impl->cap.open(path, cv::CAP_FFMPEG);
  } catch (const cv::Exception& e) {
    throw Error(ErrorKind::Format, path + ": not a video FFmpeg can decode (" + e.msg + ")");
  }
  if (!opened) throw Error(ErrorKind::Format, path + ": not a video FFmpeg can decode");
  VideoInfo& info = impl->info;
  info.fps = impl->cap.get(cv::CAP_PROP_FPS);
  if (!std::isfinite(info.fps) || info.fps < 0 || info.fps > 10000) info.fps = 0;
  const double count = impl->cap.get(cv::CAP_PROP_FRAME_COUNT);
  info.frame_count = std::isfinite(count) && count > 0 ? static_cast<std::int64_t>(count) : 0;
  info.codec = fourcc_string(impl->cap.get(cv::CAP_PROP_FOURCC));
  info.rotation_deg = static_cast<int>(impl->cap.get(cv::CAP_PROP_ORIENTATION_META));
  // From the stream's parameters, before the first frame is decoded at its size.
  check_frame_pixels(path, impl->cap.get(cv::CAP_PROP_FRAME_WIDTH),
                     impl->cap.get(cv::CAP_PROP_FRAME_HEIGHT));
  double t0 = 0;
  if (!impl->read_bgr(impl->pending_bgr, t0)) {
    throw Error(ErrorKind::Format, path + ": holds no decodable video frame");
  }
  info.width = impl->pending_bgr.cols;
  info.height = impl->pending_bgr.rows;
  check_frame_pixels(path, info.width, info.height);
  return VideoReader(std::move(impl));
}

bool VideoReader::next(Frame& frame) {
  Impl& m = *impl_;
  if (m.done) return false;
  cv::Mat bgr;
  double t = 0;
  while (true) {
    const std::int64_t index = m.decoded - (m.pending_bgr.empty() ? 0 : 1);
    if (!m.read_bgr(bgr, t)) {
      m.done = true;
      return false;
    }
    if (bgr.cols != m.info.width || bgr.rows != m.info.height) {
      throw Error(ErrorKind::Format, m.info.path + ": frame " + std::to_string(index) +
                                         " changes size to " + std::to_string(bgr.cols) + "x" +
                                         std::to_string(bgr.rows));
    }
    if (t >= m.end_s) {
      m.done = true;
      return false;
    }
    if (t < m.start_s) continue;
    frame.index = index;
    break;
  }
  frame.time_s = t;
  cv::cvtColor(bgr, frame.rgb, cv::COLOR_BGR2RGB);
  return true;
}

VideoReader::VideoReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VideoReader::~VideoReader() = default;
VideoReader::VideoReader(VideoReader&&) noexcept = default;
VideoReader& VideoReader::operator=(VideoReader&&) noexcept = default;
const VideoInfo& VideoReader::info() const {
  return impl_->info;
}

struct VideoWriter::Impl {
  std::string path, temp;
  cv::VideoWriter writer;
  cv::Size size;
  bool finished = false;
  std::int64_t frames = 0;
  cv::Mat bgr;

  ~Impl() {
    if (finished) return;
    writer.release();
    std::error_code ec;
    fs::remove(temp, ec);
  }
};

VideoWriter VideoWriter::create(const std::string& path, int width, int height, double fps) {
  if (width <= 0 || height <= 0 || !(fps > 0 && fps <= 1000)) {
    throw Error(ErrorKind::InvalidInput, path + ": cannot write " + std::to_string(width) + "x" +
                                             std::to_string(height) + " video at " +
                                             std::to_string(fps) + " fps");
  }
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  const fs::path p(path);
  // The container follows the extension, so the temporary file keeps it.
  // Built by appending: GCC 12 warns wrongly (-Wrestrict) about "." + std::string.
  std::string prefix = ".";
  prefix += p.stem().string();
  prefix += ".tmp";
  sweep_temporaries(p.parent_path().string(), prefix, p.extension().string());
  impl->temp = (p.parent_path() / temporary_name(prefix, p.extension().string())).string();
  impl->size = cv::Size(width, height);
  const bool ok = impl->writer.open(impl->temp, cv::CAP_FFMPEG,
                                    cv::VideoWriter::fourcc('a', 'v', 'c', '1'), fps, impl->size);
  if (!ok) throw Error(ErrorKind::Io, path + ": cannot create the video file");
  return VideoWriter(std::move(impl));
}

void VideoWriter::write(const cv::Mat& rgb) {
  PODIUM_ASSERT(!impl_->finished && rgb.type() == CV_8UC3 && rgb.size() == impl_->size);
  cv::cvtColor(rgb, impl_->bgr, cv::COLOR_RGB2BGR);
  impl_->writer.write(impl_->bgr);
  ++impl_->frames;
}

void VideoWriter::finish() {
  Impl& m = *impl_;
  PODIUM_ASSERT(!m.finished);
  m.writer.release();
  // OpenCV's writer reports no write error (a full disk, a file size limit): read back what was
  // written before it replaces anything. An unfinished MP4 has no index and does not open.
  cv::VideoCapture check(m.temp, cv::CAP_FFMPEG);
  const double frames = check.isOpened() ? check.get(cv::CAP_PROP_FRAME_COUNT) : -1;
  check.release();
  if (frames != static_cast<double>(m.frames)) {
    throw Error(ErrorKind::Io,
                m.path + ": writing the video failed (" + std::to_string(m.frames) +
                    " frames written, " +
                    (frames < 0 ? std::string("the file does not open")
                                : std::to_string(static_cast<long long>(frames)) + " readable") +
                    "; is the disk full?)");
  }
  std::error_code ec;
  fs::rename(m.temp, m.path, ec);
  if (ec) throw Error(ErrorKind::Io, m.path + ": cannot move the finished video into place");
  m.finished = true;
}

VideoWriter::VideoWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VideoWriter::~VideoWriter() = default;
VideoWriter::VideoWriter(VideoWriter&&) noexcept = default;
VideoWriter& VideoWriter::operator=(VideoWriter&&) noexcept = default;

}  // namespace podium::vision
