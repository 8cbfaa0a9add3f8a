// Camera motion from sparse optical flow: a shifted and a rotated textured image, people kept
// out, identity where it cannot tell, a still camera on vtest.avi, and the tracker keeping ids
// through a synthetic pan with the estimated motion.
#include "podium/vision/camera_motion.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <opencv2/imgproc.hpp>

#include "podium/core/error.hpp"
#include "podium/vision/video.hpp"
#include "testkit/throws_error.hpp"
#include "vision/tracker_test_util.hpp"

namespace podium::vision {
namespace {

// Blurred seeded noise: texture everywhere, like grass, crowds and advertising boards.
cv::Mat texture(cv::Size size, unsigned seed) {
  cv::Mat noise(size, CV_8UC3);
  cv::theRNG().state = seed;
  cv::randu(noise, cv::Scalar::all(0), cv::Scalar::all(255));
  cv::GaussianBlur(noise, noise, cv::Size(0, 0), 2.0);
  return noise;
}

cv::Mat warp(const cv::Mat& img, const cv::Mat& m) {
  cv::Mat out;
  cv::warpAffine(img, out, m, img.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT);
  return out;
}

// Where the estimate and the truth send a point, apart.
double miss(const CameraMotion& got, const cv::Mat& truth, cv::Point2d p) {
  const auto& g = got.m;
  const double gx = g[0][0] * p.x + g[0][1] * p.y + g[0][2];
  const double gy = g[1][0] * p.x + g[1][1] * p.y + g[1][2];
  const double tx =
      truth.at<double>(0, 0) * p.x + truth.at<double>(0, 1) * p.y + truth.at<double>(0, 2);
  const double ty =
      truth.at<double>(1, 0) * p.x + truth.at<double>(1, 1) * p.y + truth.at<double>(1, 2);
  return std::hypot(gx - tx, gy - ty);
}

double worst_miss(const CameraMotion& got, const cv::Mat& truth, cv::Size size) {
  double worst = 0;
  for (const cv::Point2d p :
       {cv::Point2d(0, 0), cv::Point2d(size.width, 0), cv::Point2d(0, size.height),
        cv::Point2d(size.width, size.height), cv::Point2d(size.width / 2.0, size.height / 2.0)}) {
    worst = std::max(worst, miss(got, truth, p));
  }
  return worst;
}

bool is_identity(const CameraMotion& m) {
  return m.m[0][0] == 1 && m.m[0][1] == 0 && m.m[0][2] == 0 && m.m[1][0] == 0 && m.m[1][1] == 1 &&
         m.m[1][2] == 0;
}

TEST(CameraMotion, RecoversAShiftWithinHalfAPixel) {
  const cv::Mat first = texture({960, 540}, 1);
  const cv::Mat truth = (cv::Mat_<double>(2, 3) << 1, 0, 23.4, 0, 1, -11.7);
  CameraMotionEstimator camera;
  EXPECT_TRUE(is_identity(camera.estimate(first, {})));  // the first frame
  const CameraMotion got = camera.estimate(warp(first, truth), {});
  EXPECT_NEAR(got.m[0][2], 23.4, 0.5);
  EXPECT_NEAR(got.m[1][2], -11.7, 0.5);
  EXPECT_NEAR(got.m[0][0], 1, 1e-3);
  EXPECT_NEAR(got.m[0][1], 0, 1e-3);
  EXPECT_LT(worst_miss(got, truth, first.size()), 0.5);
}

TEST(CameraMotion, RecoversRotationAndZoom) {
  const cv::Mat first = texture({640, 480}, 2);
  // 2 degrees about the centre, 3 % zoom, and a pan.
  cv::Mat truth = cv::getRotationMatrix2D(cv::Point2f(320, 240), 2.0, 1.03);
  truth.at<double>(0, 2) += 15;
  CameraMotionEstimator camera;
  camera.estimate(first, {});
  const CameraMotion got = camera.estimate(warp(first, truth), {});
  EXPECT_LT(worst_miss(got, truth, first.size()), 0.5);
}

TEST(CameraMotion, KeepsThePeopleOut) {
  // A third of the frame is an athlete running the other way (40 px): with its box given, only
  // the background counts.
  const cv::Mat bg = texture({640, 480}, 3);
  const cv::Mat athlete = texture({200, 400}, 4);
  const cv::Mat truth = (cv::Mat_<double>(2, 3) << 1, 0, -12, 0, 1, 3);
  cv::Mat a = bg.clone(), b = warp(bg, truth);
  athlete.copyTo(a(cv::Rect(200, 40, 200, 400)));
  athlete.copyTo(b(cv::Rect(240, 40, 200, 400)));
  CameraMotionEstimator camera;
  camera.estimate(a, {Box{200, 40, 200, 400}});
  const CameraMotion got = camera.estimate(b, {Box{240, 40, 200, 400}});
  EXPECT_LT(worst_miss(got, truth, bg.size()), 0.5);
}

TEST(CameraMotion, IdentityWhenItCannotTell) {
  const cv::Mat flat(480, 640, CV_8UC3, cv::Scalar(40, 120, 40));
  CameraMotionEstimator camera;
  camera.estimate(flat, {});
  EXPECT_TRUE(is_identity(camera.estimate(flat, {})));
  // A new frame size starts over.
  const cv::Mat small = texture({320, 240}, 5);
  EXPECT_TRUE(is_identity(camera.estimate(small, {})));
  // A cut to another scene: the points do not agree.
  EXPECT_TRUE(is_identity(camera.estimate(texture({320, 240}, 6), {})));
  // Everything covered by people.
  CameraMotionEstimator crowded;
  crowded.estimate(small, {Box{0, 0, 320, 240}});
  EXPECT_TRUE(is_identity(crowded.estimate(small, {})));
}

TEST(CameraMotion, BadInputIsAnError) {
  CameraMotionEstimator camera;
  EXPECT_THAT([&] { camera.estimate(cv::Mat(), {}); },
              testkit::ThrowsError(ErrorKind::InvalidInput, ::testing::HasSubstr("CV_8UC3")));
  EXPECT_THAT([] { CameraMotionEstimator({.min_inliers = 2}); },
              testkit::ThrowsError(ErrorKind::InvalidInput,
                                   "camera motion: min_inliers = 2: must be within [3, "
                                   "max_corners = 200]"));
}

TEST(CameraMotion, StillCameraOnVtestIsNearIdentity) {
  const char* clip = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";
  if (!std::filesystem::exists(clip)) GTEST_SKIP() << clip << ": apt-get install opencv-doc";
  VideoReader video = VideoReader::open(clip, 0, 0.35);
  CameraMotionEstimator camera;
  int frames = 0;
  for (Frame f; video.next(f); ++frames) {
    const CameraMotion got = camera.estimate(f.rgb, {});
    const cv::Mat identity = cv::Mat::eye(2, 3, CV_64F);
    EXPECT_LT(worst_miss(got, identity, f.rgb.size()), 0.5) << "frame " << frames;
  }
  EXPECT_GE(frames, 3);
}

TEST(CameraMotion, TrackerKeepsIdsThroughASyntheticPanWithTheEstimate) {
  using tracker_test::Ids;
  using tracker_test::kFps;
  using tracker_test::person_at;
  using Shots = tracker_test::Frame;
  // A 3000 px wide textured pitch; the camera (960 x 360) pans 30-60 px a frame, reversing
  // every 4 frames (a shaky follow), after 15 still frames. Four athletes jog side by side 100 px
  // apart, each a textured patch of its own; the estimator is given their boxes.
  const cv::Mat pitch = texture({3000, 360}, 7);
  std::vector<cv::Mat> bodies;
  for (unsigned w = 0; w < 4; ++w)
    bodies.push_back(texture({60, 160}, 10 + w));
  CameraMotionEstimator camera;
  Tracker tracker = Tracker::create({});
  Tracker blind = Tracker::create({});
  std::vector<Shots> frames;
  Ids ids, blind_ids;
  double camera_x = 1000;
  int previous_cx = 1000;
  for (int i = 0; i < 96; ++i) {
    const double t = i / kFps;
    const double speed = 30 + 30 * std::abs(std::sin(i / 5.0));
    camera_x += i < 15 ? 0 : ((i - 15) / 4) % 2 == 0 ? speed : -speed;
    const int cx = static_cast<int>(std::lround(camera_x));
    cv::Mat view = pitch(cv::Rect(cx, 0, 960, 360)).clone();
    Shots f{t, {}};
    std::vector<Person> people;
    std::vector<Box> boxes;
    for (int w = 0; w < 4; ++w) {
      const int x = 1330 + 100 * w + static_cast<int>(std::lround(20 * t)) - cx;
      ASSERT_TRUE(x >= 0 && x + 60 <= view.cols) << "athlete " << w << " left the view";
      bodies[static_cast<size_t>(w)].copyTo(view(cv::Rect(x, 150, 60, 160)));
      const Person p = person_at({x + 30.0, 230}, 60, 160);
      f.shots.push_back({w, p});
      people.push_back(p);
      boxes.push_back(p.box);
    }
    frames.push_back(f);
    const CameraMotion motion = camera.estimate(view, boxes);
    if (i > 0) {  // the view moved by the rounded pan
      EXPECT_NEAR(motion.m[0][2], previous_cx - cx, 0.5) << "frame " << i;
    }
    previous_cx = cx;
    ids.push_back(tracker.update(t, people, {.camera = motion}).detection_ids);
    blind_ids.push_back(blind.update(t, people).detection_ids);
  }
  EXPECT_EQ(tracker_test::ids_by_athlete(frames, ids).size(), 4u);
  for (int w = 0; w < 4; ++w)
    EXPECT_EQ(tracker_test::unlabelled(frames, ids, w, 2), 0) << w;
  // Without the estimate the same frames lose or swap ids.
  int lost = 0;
  for (int w = 0; w < 4; ++w)
    lost += tracker_test::unlabelled(frames, blind_ids, w, 2);
  EXPECT_GT(lost, 0);
}

}  // namespace
}  // namespace podium::vision
