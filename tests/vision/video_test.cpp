// VideoReader / VideoWriter on real files: Debian opencv-doc's vtest.avi (MPEG-4 Part 2, 795
// frames at 10 fps) and files made from it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/core/limits.hpp"
#include "podium/vision/video.hpp"
#include "testkit/avi.hpp"
#include "testkit/throws_error.hpp"

namespace podium::vision {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using testkit::ThrowsError;

const char* kVtest = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

// Files a test makes go to a directory of their own, removed afterwards.
class VideoFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("podium-video-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path dir_;
};

// Tests on vtest.avi.
class Video : public VideoFiles {
 protected:
  void SetUp() override {
    if (!fs::exists(kVtest)) GTEST_SKIP() << kVtest << " missing: apt-get install opencv-doc";
    VideoFiles::SetUp();
  }
};

TEST_F(Video, ReadsEveryFrameWithContainerTimes) {
  VideoReader in = VideoReader::open(kVtest);
  EXPECT_EQ(in.info().width, 768);
  EXPECT_EQ(in.info().height, 576);
  EXPECT_NEAR(in.info().fps, 10.0, 1e-6);
  EXPECT_EQ(in.info().frame_count, 795);
  std::int64_t n = 0;
  double last = -1;
  for (Frame f; in.next(f);) {
    EXPECT_EQ(f.index, n);
    EXPECT_EQ(f.rgb.type(), CV_8UC3);
    EXPECT_GT(f.time_s, last);
    EXPECT_NEAR(f.time_s, f.index / 10.0, 1e-3);
    last = f.time_s;
    ++n;
  }
  EXPECT_EQ(n, 795);
}

TEST_F(Video, StartAndEndSelectByTime) {
  VideoReader in = VideoReader::open(kVtest, 2.0, 3.0);
  std::vector<std::int64_t> idx;
  for (Frame f; in.next(f);)
    idx.push_back(f.index);
  ASSERT_EQ(idx.size(), 10u);
  EXPECT_EQ(idx.front(), 20);
  EXPECT_EQ(idx.back(), 29);
  EXPECT_THROW(VideoReader::open(kVtest, 3.0, 2.0), Error);
}

TEST_F(Video, BadFilesAreOneLineErrorsNamingTheFile) {
  const auto read_all = [](const std::string& path) {
    return [path] {
      VideoReader in = VideoReader::open(path);
      for (Frame f; in.next(f);) {
      }
    };
  };
  const auto about = [](const std::string& path, const std::string& needle) {
    return testkit::OneLine(AllOf(StartsWith(path), HasSubstr(needle)));
  };
  const std::string missing = (dir_ / "missing.mp4").string();
  EXPECT_THAT(read_all(missing), ThrowsError(ErrorKind::NotFound, about(missing, "no such file")));
  const std::string text = (dir_ / "notes.mp4").string();
  std::ofstream(text) << "this is not a video\n";
  EXPECT_THAT(read_all(text), ThrowsError(ErrorKind::Format, about(text, "not a video")));
  const std::string empty = (dir_ / "empty.avi").string();
  std::ofstream(empty).close();
  EXPECT_THAT(read_all(empty), ThrowsError(ErrorKind::Format, about(empty, "")));
  // The first third of vtest.avi: its header still declares 795 frames.
  const std::string bytes = read_file(kVtest);
  const std::string cut = (dir_ / "cut.avi").string();
  std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 3);
  EXPECT_THAT(read_all(cut), ThrowsError(ErrorKind::Format, about(cut, "truncated")));
}

// A video whose stream declares 10000 x 10000 (100 M pixels) is refused from its headers, before
// a frame is decoded at that size (docs/limits.md, "pixels of a video frame"). Its one frame is not
// a JPEG, so nothing can decode at any size: without the check the error would be a Format one.
// 10000, not 20000: FFmpeg itself ignores a declared size whose (w + 128)(h + 128) passes
// INT_MAX / 8 and reports 0 x 0 (the frame check on the first decoded frame stands behind that).
TEST_F(VideoFiles, AFrameOverTheImageLimitIsRefusedFromTheStreamsSize) {
  const std::string huge = (dir_ / "huge.avi").string();
  std::ofstream(huge, std::ios::binary) << testkit::mjpeg_avi(10000, 10000, std::string(64, '\0'));
  const std::string limit = "frame pixels = 100000000: more than podium's limit of " +
                            std::to_string(limits::kImagePixels) + " pixels";
  EXPECT_THAT([&] { VideoReader::open(huge); },
              ThrowsError(ErrorKind::InvalidInput,
                          testkit::OneLine(AllOf(StartsWith(huge + ": "), HasSubstr(limit)))));
  // At the limit, the size passes and the frame is what fails.
  const std::string at_limit = (dir_ / "at_limit.avi").string();
  std::ofstream(at_limit, std::ios::binary)
      << testkit::mjpeg_avi(10000, 5000, std::string(64, '\0'));
  EXPECT_THAT([&] { VideoReader::open(at_limit); },
              ThrowsError(ErrorKind::Format, HasSubstr("no decodable video frame")));
}

// A phone clip stored sideways with a 90-degree display rotation comes out upright. The rotated
// copy is made with the ffmpeg tool (scripts/setup installs it), stream-copied, so only the
// container's rotation differs from the original.
TEST_F(Video, RotationMetadataIsHonoured) {
  if (std::system("command -v ffmpeg >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "ffmpeg not installed: apt-get install ffmpeg";
  }
  const std::string in = (dir_ / "in.mp4").string(), rotated = (dir_ / "rotated.mp4").string();
  {
    VideoWriter w = VideoWriter::create(in, 64, 48, 25);
    for (int i = 0; i < 5; ++i)
      w.write(cv::Mat(48, 64, CV_8UC3, cv::Scalar(0, 0, 0)));
    w.finish();
  }
  const std::string cmd =
      "ffmpeg -v error -y -i " + in + " -c copy -metadata:s:v:0 rotate=90 " + rotated + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  VideoReader r = VideoReader::open(rotated);
  EXPECT_EQ(r.info().rotation_deg, 90);
  Frame f;
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(f.rgb.cols, 48);
  EXPECT_EQ(f.rgb.rows, 64);
  EXPECT_EQ(r.info().width, 48);
}

TEST_F(Video, WriterRoundTripAndNothingLeftWithoutFinish) {
  const std::string out = (dir_ / "out.mp4").string();
  {
    VideoWriter w = VideoWriter::create(out, 64, 48, 25);
    cv::Mat frame(48, 64, CV_8UC3, cv::Scalar(200, 40, 10));
    for (int i = 0; i < 12; ++i)
      w.write(frame);
    EXPECT_FALSE(fs::exists(out)) << "visible before finish()";
    w.finish();
  }
  VideoReader in = VideoReader::open(out);
  EXPECT_EQ(in.info().width, 64);
  EXPECT_EQ(in.info().height, 48);
  int n = 0;
  Frame f;
  while (in.next(f))
    ++n;
  EXPECT_EQ(n, 12);
  // RGB order survives the BGR codec path.
  const cv::Vec3b px = f.rgb.at<cv::Vec3b>(24, 32);
  EXPECT_NEAR(px[0], 200, 12);
  EXPECT_NEAR(px[2], 10, 12);
  {
    VideoWriter w = VideoWriter::create((dir_ / "abandoned.mp4").string(), 64, 48, 25);
    w.write(cv::Mat(48, 64, CV_8UC3, cv::Scalar(0, 0, 0)));
  }
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1)
      << "only out.mp4 may remain";
}

}  // namespace
}  // namespace podium::vision
