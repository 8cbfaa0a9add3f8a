#include "podium/learn/kmeans.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "podium/core/error.hpp"

namespace podium::learn {
namespace {

using Points = std::vector<std::vector<double>>;

TEST(KMeans, SeparatesTwoBlobsWhateverTheSeed) {
  // Two tight blobs of 3 and 2 points: the larger is cluster 0 by the canonical order.
  const Points p = {{10, 10}, {0, 0}, {10.2, 9.9}, {0.1, 0.1}, {9.9, 10.1}};
  for (std::uint64_t seed : {1, 2, 3}) {
    const KMeansResult km = kmeans(p, {.k = 2, .seed = seed});
    ASSERT_EQ(km.k, 2);
    EXPECT_EQ(km.labels, (std::vector<int>{0, 1, 0, 1, 0}));
    EXPECT_EQ(km.sizes, (std::vector<int>{3, 2}));
    EXPECT_NEAR(km.centroids[1][0], 0.05, 1e-12);
  }
}

TEST(KMeans, RejectsBadInput) {
  EXPECT_THROW(kmeans({}, {}), Error);
  EXPECT_THROW(kmeans({{1, 2}, {1}}, {}), Error);
  EXPECT_THROW(kmeans({{1, 2}}, {.k = -1}), Error);
  EXPECT_THROW(kmeans({{1, NAN}}, {}), Error);
  EXPECT_THROW(kmeans({{1, 2}}, {.k = 0, .k_min = 3, .k_max = 2}), Error);
}

TEST(Silhouette, HandComputed) {
  const Points p = {{0}, {1}, {10}, {11}};
  const std::vector<int> labels = {0, 0, 1, 1};
  // Point 0: a = 1, b = (10 + 11) / 2; point 1: a = 1, b = (9 + 10) / 2; 2 and 3 mirror them.
  const double expected = ((10.5 - 1) / 10.5 + (9.5 - 1) / 9.5) / 2;
  EXPECT_NEAR(mean_silhouette(p, labels, 2), expected, 1e-12);
  EXPECT_DOUBLE_EQ(mean_silhouette(p, {0, 0, 0, 0}, 1), 0.0);
}

}  // namespace
}  // namespace podium::learn
