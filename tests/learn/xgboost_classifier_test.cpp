// The multi-class XGBoost classifier on three seeded Gaussian blobs: accuracy, probabilities,
// SHAP blocks summing to each class's margin, gain importance, early stopping, save/load, seeded
// determinism, and bad datasets as located errors.
#include "podium/learn/xgboost_classifier.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "podium/core/random.hpp"
#include "testkit/throws_error.hpp"

namespace podium::learn {
namespace {

using ::testing::HasSubstr;
using testkit::ThrowsError;

const std::vector<std::string> kClasses = {"jab", "hook", "uppercut"};

// Blob c centred at (3c, 3 - 3c) with unit spread in features 0 and 1; feature 2 is noise and
// feature 3 is missing in every fifth row.
ClassDataset blobs(std::size_t per_class, std::uint64_t seed, const std::string& name) {
  Rng rng(seed);
  ClassDataset d;
  d.name = name;
  d.feature_names = {"a", "b", "noise", "sometimes"};
  for (std::size_t i = 0; i < per_class * 3; ++i) {
    const auto c = static_cast<float>(i % 3);
    d.x.push_back(static_cast<float>(3 * c + rng.normal()));
    d.x.push_back(static_cast<float>(3 - 3 * c + rng.normal()));
    d.x.push_back(static_cast<float>(rng.normal()));
    d.x.push_back(i % 5 == 0 ? std::numeric_limits<float>::quiet_NaN() : c + 0.5F);
    d.labels.push_back(c);
  }
  return d;
}

XgbClassifierOptions quick() {
  XgbClassifierOptions o;
  o.rounds = 60;
  o.tree.eta = 0.3;
  o.early_stopping_rounds = 5;
  return o;
}

TEST(XgbClassifier, SeparatesBlobsWithProbabilitiesAndShap) {
  const ClassDataset train = blobs(50, 1, "training set");
  const ClassDataset valid = blobs(20, 2, "validation set");
  const ClassDataset test = blobs(30, 3, "test set");
  const XgbClassifier m = XgbClassifier::train(train, kClasses, quick(), &valid);
  ASSERT_EQ(m.classes(), 3U);
  const std::vector<float> p = m.predict(test.x, test.rows());
  ASSERT_EQ(p.size(), test.rows() * 3);
  std::size_t correct = 0;
  for (std::size_t r = 0; r < test.rows(); ++r) {
    EXPECT_NEAR(p[r * 3] + p[r * 3 + 1] + p[r * 3 + 2], 1.0, 1e-5);
    std::size_t best = 0;
    for (std::size_t c = 1; c < 3; ++c)
      best = p[r * 3 + c] > p[r * 3 + best] ? c : best;
    correct += static_cast<float>(best) == test.labels[r] ? 1 : 0;
  }
  EXPECT_GE(static_cast<double>(correct) / static_cast<double>(test.rows()), 0.95);

  const std::vector<float> margin = m.margins(test.x, test.rows());
  const std::vector<float> shap = m.contributions(test.x, test.rows());
  const std::size_t block = m.features() + 1;
  ASSERT_EQ(shap.size(), test.rows() * 3 * block);
  for (std::size_t r = 0; r < test.rows(); ++r) {
    double softmax_sum = 0;
    for (std::size_t c = 0; c < 3; ++c)
      softmax_sum += std::exp(margin[r * 3 + c]);
    for (std::size_t c = 0; c < 3; ++c) {
      double sum = 0;
      for (std::size_t f = 0; f < block; ++f)
        sum += shap[(r * 3 + c) * block + f];
      EXPECT_NEAR(sum, margin[r * 3 + c], 1e-5) << "row " << r << " class " << c;
      EXPECT_NEAR(std::exp(margin[r * 3 + c]) / softmax_sum, p[r * 3 + c], 1e-5);
    }
  }
  const std::vector<double> gain = m.gain_importance();
  ASSERT_EQ(gain.size(), 4U);
  EXPECT_GT(gain[0] + gain[1] + gain[3], 0);
  EXPECT_LT(gain[2], std::max({gain[0], gain[1], gain[3]}));

  const nlohmann::json& training = m.card()["training"];
  EXPECT_EQ(training["rounds"].get<int>(), training["best_round"].get<int>() + 1);
  EXPECT_LE(training["rounds"].get<int>(), 60);
  EXPECT_EQ(m.card()["class_names"], kClasses);
}

TEST(XgbClassifier, SaveLoadAndSeedGiveIdenticalPredictions) {
  const ClassDataset train = blobs(30, 4, "training set");
  const ClassDataset test = blobs(10, 5, "test set");
  XgbClassifierOptions o = quick();
  o.tree.subsample = 0.7;  // randomness the seed must fix
  o.tree.colsample_bytree = 0.7;
  const XgbClassifier m = XgbClassifier::train(train, kClasses, o);
  const std::vector<float> p = m.predict(test.x, test.rows());
  const std::string bytes = m.save();
  const XgbClassifier back = XgbClassifier::load(bytes, train.feature_names);
  EXPECT_EQ(back.predict(test.x, test.rows()), p);
  EXPECT_EQ(back.contributions(test.x, test.rows()), m.contributions(test.x, test.rows()));
  EXPECT_EQ(back.class_names(), kClasses);
  // The card holds the training time, so the same seed is checked on what the model computes.
  const XgbClassifier again = XgbClassifier::train(train, kClasses, o);
  EXPECT_EQ(again.predict(test.x, test.rows()), p);
  EXPECT_EQ(again.contributions(test.x, test.rows()), m.contributions(test.x, test.rows()));
  o.tree.seed = 7;
  EXPECT_NE(XgbClassifier::train(train, kClasses, o).predict(test.x, test.rows()), p);

  EXPECT_THAT(
      [&] {
        XgbClassifier::load(bytes, {"a", "b", "noise", "other"});
      },
      ThrowsError(ErrorKind::Model, HasSubstr("feature 3 is 'sometimes'")));
  std::string altered = bytes;
  altered[altered.size() / 2] ^= 1;
  EXPECT_THAT([&] { XgbClassifier::load(altered, train.feature_names); },
              ThrowsError(ErrorKind::Format, HasSubstr("")));
}

TEST(XgbClassifier, BadDatasetsAreLocated) {
  ClassDataset d = blobs(4, 6, "training set");
  ClassDataset ragged = d;
  ragged.x.pop_back();
  EXPECT_THAT([&] { XgbClassifier::train(ragged, kClasses, quick()); },
              ThrowsError(ErrorKind::InvalidInput,
                          "training set: x: holds 47 values, expected rows x features = 12 x 4"));
  ClassDataset out_of_range = d;
  out_of_range.labels[5] = 3;
  EXPECT_THAT([&] { XgbClassifier::train(out_of_range, kClasses, quick()); },
              ThrowsError(ErrorKind::InvalidInput,
                          "training set: record 5: label: must be a class index 0..2, got 3"));
  ClassDataset nan_label = d;
  nan_label.labels[2] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THAT([&] { XgbClassifier::train(nan_label, kClasses, quick()); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("record 2: label")));
  ClassDataset fraction = d;
  fraction.labels[0] = 0.5F;
  EXPECT_THAT([&] { XgbClassifier::train(fraction, kClasses, quick()); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("got 0.5")));
  ClassDataset weights = d;
  weights.weights.assign(d.rows(), 1.0F);
  weights.weights[7] = -1;
  EXPECT_THAT([&] { XgbClassifier::train(weights, kClasses, quick()); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("record 7: weight")));
  EXPECT_THAT([&] { XgbClassifier::train(d, {"only"}, quick()); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("at least 2 classes")));
  XgbClassifierOptions o;
  o.tree.eta = 0;
  EXPECT_THAT([&] { XgbClassifier::train(d, kClasses, o); },
              ThrowsError(ErrorKind::InvalidInput,
                          "xgboost classifier options: eta = 0: must be in (0, 1]"));
  const XgbClassifier m = XgbClassifier::train(d, kClasses, quick());
  EXPECT_THAT([&] { m.predict(std::vector<float>(7, 0.0F), 2); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("")));
}

TEST(XgbClassifier, BalancedWeightsShiftTheDecision) {
  // 2 classes overlapping on one feature, class 1 rare: weighting it up raises its probability.
  ClassDataset d;
  d.name = "training set";
  d.feature_names = {"v"};
  for (int i = 0; i < 100; ++i) {
    d.x.push_back(static_cast<float>(i % 10));
    d.labels.push_back(i % 10 >= 7 && i % 3 == 0 ? 1.0F : 0.0F);
  }
  XgbClassifierOptions o = quick();
  const XgbClassifier plain = XgbClassifier::train(d, {"no", "yes"}, o);
  d.weights.assign(100, 1.0F);
  for (std::size_t r = 0; r < 100; ++r)
    d.weights[r] = d.labels[r] == 1.0F ? 5.0F : 1.0F;
  const XgbClassifier weighted = XgbClassifier::train(d, {"no", "yes"}, o);
  const std::vector<float> at = {8.0F};
  EXPECT_GT(weighted.predict(at, 1)[1], plain.predict(at, 1)[1]);
  EXPECT_TRUE(weighted.card()["training"]["weighted"].get<bool>());
}

}  // namespace
}  // namespace podium::learn
