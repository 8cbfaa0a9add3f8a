// The XGBoost handles beyond ranking: a seeded binary classifier trains, predicts probabilities
// (PredictType::Value) and margins, round-trips through UBJSON, and C API failures become
// Error(Model) naming the call.
#include "podium/learn/xgboost.hpp"
#include "testkit/throws_error.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace podium::learn::xgb {
namespace {

using podium::testkit::ThrowsError;
using ::testing::HasSubstr;

TEST(XgbHandles, ClassifierPredictsProbabilitiesAndRoundTrips) {
  // x < 0 -> 0, x >= 0 -> 1, on 40 points.
  std::vector<float> x, y;
  for (int i = 0; i < 40; ++i) {
    x.push_back(static_cast<float>(i - 20) / 10.0F);
    y.push_back(i >= 20 ? 1.0F : 0.0F);
  }
  DMatrix d(x, 40, 1, 1);
  d.set_labels(y);
  Booster b({&d});
  b.set_param("objective", "binary:logistic");
  b.set_param("seed", "1");
  b.set_param("nthread", "1");
  b.set_param("verbosity", "1");
  for (int round = 0; round < 10; ++round)
    b.update(round, d);
  EXPECT_EQ(b.boosted_rounds(), 10);
  EXPECT_EQ(b.num_features(), 1U);
  const Prediction p = b.predict(d, PredictType::Value);
  ASSERT_EQ(p.values.size(), 40U);
  EXPECT_LT(p.values[0], 0.5F);
  EXPECT_GT(p.values[39], 0.5F);
  for (float v : p.values) {
    EXPECT_GE(v, 0.0F);
    EXPECT_LE(v, 1.0F);
  }
  const Prediction margin = b.predict(d, PredictType::Margin);
  EXPECT_NEAR(1.0 / (1.0 + std::exp(-margin.values[39])), p.values[39], 1e-5);
  const Booster back = Booster::from_bytes(b.save_ubjson());
  EXPECT_EQ(back.predict(d, PredictType::Value).values, p.values);
  EXPECT_EQ(b.slice(3).boosted_rounds(), 3);
  EXPECT_FALSE(version().empty());
}

TEST(XgbHandles, FailuresNameTheCall) {
  EXPECT_THAT([] { Booster::from_bytes("{garbage"); },
              ThrowsError(ErrorKind::Model, HasSubstr("XGBoosterLoadModelFromBuffer")));
  std::vector<float> x(4, 1.0F);
  DMatrix d(x, 4, 1, 1);
  Booster b({&d});
  EXPECT_THAT(
      [&] {
        b.set_param("objective", "no-such-objective");
        b.update(0, d);
      },
      ThrowsError(ErrorKind::Model, HasSubstr("xgboost:")));
}

}  // namespace
}  // namespace podium::learn::xgb
