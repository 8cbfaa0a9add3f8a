#include "podium/rank/xgboost_ranker.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "podium/core/error.hpp"
#include "podium/learn/model_container.hpp"
#include "rank/synthetic_ranking.hpp"
#include "testkit/throws_error.hpp"

namespace podium::rank {
namespace {

using podium::testkit::ThrowsError;
using ::testing::HasSubstr;

using testing::mean_ndcg10;
using testing::synthetic_ranking;

constexpr std::size_t kFeatures = 8;

struct Data {
  RankDataset train = synthetic_ranking(120, 30, kFeatures, 1);
  RankDataset valid = synthetic_ranking(30, 30, kFeatures, 2);
  RankDataset test = synthetic_ranking(40, 30, kFeatures, 3);
};

const Data& data() {
  static const Data d;
  return d;
}

XgbRankerOptions small_options() {
  XgbRankerOptions o;
  o.rounds = 60;
  o.tree.max_depth = 4;
  o.tree.subsample = 0.8;
  o.tree.colsample_bytree = 0.8;
  return o;
}

// Not a function-local static: XGBoost 1.7 frees a booster through a thread_local map that is
// already destroyed when static objects die at exit (munmap_chunk(): invalid pointer).
class XgbRankerTest : public ::testing::Test {
 public:
  static void TearDownTestSuite() { model_.reset(); }
  // Trained on first use: ctest runs each test in its own process, and most tests need it.
  static const XgbRanker& trained() {
    if (!model_)
      model_ = std::make_unique<XgbRanker>(
          XgbRanker::train(data().train, small_options(), &data().valid));
    return *model_;
  }

 private:
  static inline std::unique_ptr<XgbRanker> model_;
};

class XgbObjectives : public ::testing::TestWithParam<std::pair<XgbObjective, const char*>> {};

TEST_P(XgbObjectives, LearnsThePlantedOrderOnHeldOutQueries) {
  XgbRankerOptions o = small_options();
  o.objective = GetParam().first;
  o.tree.tree_method = GetParam().second;
  const XgbRanker m = XgbRanker::train(data().train, o);
  const double ndcg = mean_ndcg10(data().test, m.predict(data().test));
  const double chance = mean_ndcg10(data().test, testing::random_scores(data().test.rows(), 9));
  RecordProperty("ndcg10", std::to_string(ndcg));
  RecordProperty("random_ndcg10", std::to_string(chance));
  EXPECT_GT(ndcg, 0.8);
  EXPECT_GT(ndcg, chance + 0.3) << "random scores reach " << chance;
}

INSTANTIATE_TEST_SUITE_P(All, XgbObjectives,
                         ::testing::Values(std::pair{XgbObjective::Ndcg, "hist"},
                                           std::pair{XgbObjective::Pairwise, "hist"},
                                           std::pair{XgbObjective::Ndcg, "exact"}));

TEST_F(XgbRankerTest, ShapValuesOfEachRowSumToTheMargin) {
  const XgbRanker& m = trained();
  const RankDataset& t = data().test;
  const std::vector<float> margin = m.predict(t);
  const std::vector<float> shap = m.contributions(t.x, t.rows());
  ASSERT_EQ(shap.size(), t.rows() * (kFeatures + 1));
  double worst = 0.0;
  for (std::size_t i = 0; i < t.rows(); ++i) {
    double sum = 0.0;
    for (std::size_t f = 0; f <= kFeatures; ++f)
      sum += shap[i * (kFeatures + 1) + f];
    const double rel = std::fabs(sum - margin[i]) / std::max(1.0, std::fabs(double{margin[i]}));
    worst = std::max(worst, rel);
  }
  RecordProperty("worst_relative_shap_error", std::to_string(worst));
  EXPECT_LE(worst, 1e-4);
}

TEST_F(XgbRankerTest, PlantedFeatureHasTheLargestMeanAbsoluteShap) {
  const RankDataset& t = data().test;
  const std::vector<double> imp = trained().importance(t.x, t.rows());
  ASSERT_EQ(imp.size(), kFeatures);
  EXPECT_EQ(std::max_element(imp.begin(), imp.end()) - imp.begin(), 0);
  EXPECT_GT(imp[1], imp[2]);  // weights 2 > 1 > 0.5 > 0
  for (std::size_t f = 3; f < kFeatures; ++f)
    EXPECT_LT(imp[f], imp[2]) << "noise feature f" << f;
}

TEST_F(XgbRankerTest, SaveThenLoadPredictsIdentically) {
  const XgbRanker& m = trained();
  const XgbRanker back = XgbRanker::load(m.save(), data().test.feature_names);
  EXPECT_EQ(back.predict(data().test), m.predict(data().test));
  EXPECT_EQ(back.contributions(data().test.x, data().test.rows()),
            m.contributions(data().test.x, data().test.rows()));
  EXPECT_EQ(back.card(), m.card());
}

TEST_F(XgbRankerTest, SameSeedTrainsTheSameModel) {
  const XgbRanker a = XgbRanker::train(data().train, small_options(), &data().valid);
  EXPECT_EQ(a.predict(data().test), trained().predict(data().test));
}

TEST_F(XgbRankerTest, EarlyStoppingKeepsTheBestRoundAndTheCardSaysSo) {
  XgbRankerOptions o = small_options();
  o.rounds = 400;
  o.tree.eta = 0.3;
  o.early_stopping_rounds = 5;
  const XgbRanker m = XgbRanker::train(data().train, o, &data().valid);
  const nlohmann::json& c = m.card();
  const int best = c["training"]["best_round"];
  EXPECT_LT(best, 390);
  EXPECT_EQ(c["training"]["rounds"], best + 1);
  EXPECT_EQ(c["training"]["rows"], data().train.rows());
  EXPECT_EQ(c["training"]["queries"], data().train.queries());
  EXPECT_EQ(c["feature_names"], data().train.feature_names);
  EXPECT_EQ(c["options"]["objective"], "rank:ndcg");
  EXPECT_EQ(c["seed"], 42);
  EXPECT_GE(c["training"]["seconds"].get<double>(), 0.0);
  const auto& curve = c["training"]["validation_curve"];
  EXPECT_DOUBLE_EQ(c["training"]["validation_ndcg"].get<double>(),
                   *std::max_element(curve.begin(), curve.end()));
}

TEST_F(XgbRankerTest, MissingValuesArePredicted) {
  std::vector<float> row(kFeatures, std::nanf(""));
  const std::vector<float> s = trained().predict(row, 1);
  ASSERT_EQ(s.size(), 1U);
  EXPECT_TRUE(std::isfinite(s[0]));
}

TEST_F(XgbRankerTest, RejectsBadOptionsNamingTheField) {
  XgbRankerOptions o;
  o.tree.eta = 0.0;
  EXPECT_THAT([&] { validate(o); }, ThrowsError(ErrorKind::InvalidInput, HasSubstr("eta = 0")));
  o = {};
  o.tree.subsample = 1.5;
  EXPECT_THAT([&] { XgbRanker::train(data().train, o); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("subsample")));
}

TEST_F(XgbRankerTest, RejectsMalformedDatasets) {
  RankDataset d = synthetic_ranking(3, 10, 4, 5);
  d.labels.pop_back();
  EXPECT_THAT([&] { XgbRanker::train(d, small_options()); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("x has")));
  d = synthetic_ranking(3, 10, 4, 5);
  d.query_offsets.insert(d.query_offsets.begin() + 2, d.query_offsets[1]);
  EXPECT_THAT([&] { XgbRanker::train(d, small_options()); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("query 1 is empty")));
  d = synthetic_ranking(3, 10, 4, 5);
  d.labels[4] = -1.0F;
  EXPECT_THAT([&] { XgbRanker::train(d, small_options()); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("row 4")));
  RankDataset v = synthetic_ranking(3, 10, 5, 6);
  d = synthetic_ranking(3, 10, 4, 5);
  EXPECT_THAT([&] { XgbRanker::train(d, small_options(), &v); },
              ThrowsError(ErrorKind::Model, HasSubstr("validation set")));
  EXPECT_THAT([&] { trained().predict(std::vector<float>(kFeatures * 2 - 1), 2); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("expected rows 2 x features 8")));
}

TEST_F(XgbRankerTest, LoadRejectsOtherFeaturesAndCorruptBytes) {
  const std::string bytes = trained().save();
  std::vector<std::string> fewer = data().train.feature_names;
  fewer.pop_back();
  EXPECT_THAT([&] { XgbRanker::load(bytes, fewer); },
              ThrowsError(ErrorKind::Model,
                          HasSubstr("model has 8 features, the caller's features has 7")));
  std::vector<std::string> renamed = data().train.feature_names;
  renamed[3] = "age";
  EXPECT_THAT([&] { XgbRanker::load(bytes, renamed); },
              ThrowsError(ErrorKind::Model, HasSubstr("feature 3 is 'f3'")));

  const auto& names = data().train.feature_names;
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x40;
  EXPECT_THAT([&] { XgbRanker::load(flipped, names); },
              ThrowsError(ErrorKind::Format, HasSubstr("sha256 mismatch")));
  EXPECT_THAT([&] { XgbRanker::load(bytes.substr(0, bytes.size() - 100), names); },
              ThrowsError(ErrorKind::Format, HasSubstr("sha256 mismatch")));
  EXPECT_THAT([&] { XgbRanker::load("not a model", names); },
              ThrowsError(ErrorKind::Format, HasSubstr("magic")));
  EXPECT_THAT([&] { XgbRanker::load("", names); },
              ThrowsError(ErrorKind::Format, HasSubstr("magic")));

  // A well-formed container around bytes XGBoost cannot read.
  const learn::SavedModel c = learn::unpack_model(bytes, "xgboost-lambdamart");
  EXPECT_THAT([&] { XgbRanker::load(learn::pack_model(c.card, "{garbage"), names); },
              ThrowsError(ErrorKind::Model, HasSubstr("XGBoosterLoadModelFromBuffer")));
  EXPECT_THAT([&] { XgbRanker::load(learn::pack_model(c.card, "\x01\x02binary"), names); },
              ThrowsError(ErrorKind::Format, HasSubstr("not an XGBoost JSON/UBJSON model")));
  nlohmann::json other = c.card;
  other["kind"] = "neural-listwise";
  EXPECT_THAT([&] { XgbRanker::load(learn::pack_model(other, c.payload), names); },
              ThrowsError(ErrorKind::Model, HasSubstr("'neural-listwise' model")));
}

}  // namespace
}  // namespace podium::rank
