#include "podium/vision/letterbox.hpp"

#include <gtest/gtest.h>

#include "podium/core/error.hpp"

namespace podium::vision {
namespace {

TEST(Letterbox, RoundTripIsIdentityForEveryAspect) {
  const int sizes[][2] = {{640, 480}, {480, 640}, {256, 256},   {548, 342},
                          {1, 1},     {13, 127},  {1920, 1080}, {127, 13}};
  for (const auto& s : sizes) {
    const Letterbox lb = Letterbox::fit(s[0], s[1], 192, 192);
    for (double x : {0.0, 0.5, s[0] / 2.0, s[0] - 0.25}) {
      for (double y : {0.0, 1.5, s[1] / 3.0, static_cast<double>(s[1])}) {
        const cv::Point2d back = lb.to_original(lb.to_model({x, y}));
        EXPECT_NEAR(back.x, x, 1e-9) << s[0] << "x" << s[1];
        EXPECT_NEAR(back.y, y, 1e-9) << s[0] << "x" << s[1];
      }
    }
  }
}

TEST(Letterbox, CentresTheImageAndPutsTheOddPixelAfter) {
  const Letterbox lb = Letterbox::fit(548, 342, 256, 256);
  EXPECT_EQ(lb.side, 548);
  EXPECT_EQ(lb.pad_left, 0);
  EXPECT_EQ(lb.pad_top, 103);  // (548 - 342) / 2, as the shared goldens were made
  const Letterbox odd = Letterbox::fit(10, 7, 20, 20);
  EXPECT_EQ(odd.pad_top, 1);  // 3 rows of padding: 1 above, 2 below
  // The image's corners land on the padded square's content edges.
  const cv::Point2d tl = lb.to_model({0, 0});
  const cv::Point2d br = lb.to_model({548, 342});
  EXPECT_NEAR(tl.x, 0, 1e-9);
  EXPECT_NEAR(tl.y, 103 * 256.0 / 548, 1e-9);
  EXPECT_NEAR(br.x, 256, 1e-9);
  EXPECT_NEAR(br.y, 445 * 256.0 / 548, 1e-9);
}

TEST(Letterbox, ApplyGivesModelSizeWithBlackBars) {
  cv::Mat img(100, 200, CV_8UC3, cv::Scalar(200, 100, 50));
  const Letterbox lb = Letterbox::fit(200, 100, 64, 64);
  const cv::Mat out = lb.apply(img);
  ASSERT_EQ(out.cols, 64);
  ASSERT_EQ(out.rows, 64);
  EXPECT_EQ(out.at<cv::Vec3b>(2, 32), cv::Vec3b(0, 0, 0));        // top bar
  EXPECT_EQ(out.at<cv::Vec3b>(61, 32), cv::Vec3b(0, 0, 0));       // bottom bar
  EXPECT_EQ(out.at<cv::Vec3b>(32, 32), cv::Vec3b(200, 100, 50));  // content
}

TEST(Letterbox, RejectsNonPositiveSizes) {
  EXPECT_THROW(Letterbox::fit(0, 10, 192, 192), Error);
  EXPECT_THROW(Letterbox::fit(10, 10, 192, -1), Error);
}

TEST(Letterbox, CropMapsPixelsExactlyAndReadsOutsideAsBlack) {
  // A 40x30 image whose pixel (x, y) holds (x, y, 7); a 20-pixel crop hanging off the left and
  // top edges, kept at its own size so each model pixel is one original pixel.
  cv::Mat img(30, 40, CV_8UC3);
  for (int y = 0; y < 30; ++y) {
    for (int x = 0; x < 40; ++x)
      img.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<uchar>(x), static_cast<uchar>(y), 7);
  }
  const Letterbox lb = Letterbox::crop(40, 30, -5, -8, 20, 20, 20);
  const cv::Mat out = lb.apply(img);
  ASSERT_EQ(out.size(), cv::Size(20, 20));
  EXPECT_EQ(out.at<cv::Vec3b>(0, 0), cv::Vec3b(0, 0, 0));      // outside: black
  EXPECT_EQ(out.at<cv::Vec3b>(8, 5), cv::Vec3b(0, 0, 7));      // original (0, 0)
  EXPECT_EQ(out.at<cv::Vec3b>(19, 19), cv::Vec3b(14, 11, 7));  // original (14, 11)
  const cv::Point2d o = lb.to_original({5.5, 8.5});
  EXPECT_DOUBLE_EQ(o.x, 0.5);
  EXPECT_DOUBLE_EQ(o.y, 0.5);
  for (double x : {-5.0, 0.0, 3.25, 14.75}) {
    const cv::Point2d back = lb.to_original(lb.to_model({x, x / 2}));
    EXPECT_NEAR(back.x, x, 1e-12);
    EXPECT_NEAR(back.y, x / 2, 1e-12);
  }
  // Scaled down 2x, entirely inside, and entirely outside.
  const Letterbox half = Letterbox::crop(40, 30, 10, 4, 20, 10, 10);
  EXPECT_EQ(half.apply(img).size(), cv::Size(10, 10));
  EXPECT_NEAR(half.to_original({5, 5}).x, 20, 1e-12);
  EXPECT_EQ(cv::countNonZero(Letterbox::crop(40, 30, 100, 100, 8, 8, 8).apply(img).reshape(1)), 0);
  EXPECT_THROW(Letterbox::crop(40, 30, 0, 0, 0, 8, 8), Error);
}

}  // namespace
}  // namespace podium::vision
