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

}  // namespace
}  // namespace podium::vision
