#include "podium/rank/neural_ranker.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "podium/core/error.hpp"
#include "podium/learn/model_container.hpp"
#include "podium/rank/xgboost_ranker.hpp"
#include "rank/synthetic_ranking.hpp"
#include "testkit/throws_error.hpp"

namespace podium::rank {
namespace {

using podium::testkit::ThrowsError;
using ::testing::HasSubstr;

using testing::mean_ndcg10;
using testing::synthetic_ranking;

constexpr std::size_t kFeatures = 8;
// Integrated gradients with 64 trapezoid steps on a SiLU network: the quadrature error stays
// below this fraction of |f(x) - f(baseline)| (measured worst case on this data ~1e-4).
constexpr double kCompletenessTolerance = 2e-3;

struct Data {
  RankDataset train = synthetic_ranking(120, 30, kFeatures, 11);
  RankDataset test = synthetic_ranking(40, 30, kFeatures, 13);
};

const Data& data() {
  static const Data d;
  return d;
}

NeuralRankerOptions small_options() {
  NeuralRankerOptions o;
  o.hidden = {32, 16};
  o.max_epochs = 60;
  o.learning_rate = 3e-3;
  return o;
}

// Owned by the suite, not a function-local static, so that it dies before main returns.
class NeuralRankerTest : public ::testing::Test {
 public:
  static void TearDownTestSuite() { model_.reset(); }
  // Trained on first use: ctest runs each test in its own process, and most tests need it.
  static const NeuralRanker& trained() {
    if (!model_)
      model_ = std::make_unique<NeuralRanker>(NeuralRanker::train(data().train, small_options()));
    return *model_;
  }

 private:
  static inline std::unique_ptr<NeuralRanker> model_;
};

TEST_F(NeuralRankerTest, LearnsThePlantedOrderOnHeldOutQueries) {
  const double ndcg = mean_ndcg10(data().test, trained().score(data().test));
  const double chance = mean_ndcg10(data().test, testing::random_scores(data().test.rows(), 9));
  RecordProperty("ndcg10", std::to_string(ndcg));
  RecordProperty("random_ndcg10", std::to_string(chance));
  EXPECT_GT(ndcg, 0.8);
  EXPECT_GT(ndcg, chance + 0.3) << "random scores reach " << chance;
}

TEST_F(NeuralRankerTest, ListNetLossLearnsTooAndIsRecordedInTheCard) {
  NeuralRankerOptions o = small_options();
  o.loss = NeuralLoss::ListNet;
  const NeuralRanker m = NeuralRanker::train(data().train, o);
  const double ndcg = mean_ndcg10(data().test, m.score(data().test));
  RecordProperty("listnet_ndcg10", std::to_string(ndcg));
  EXPECT_GT(ndcg, 0.8);
  EXPECT_EQ(m.card()["options"]["loss"], "listnet-top1");
  EXPECT_EQ(trained().card()["options"]["loss"], "listmle-topk");
  const NeuralRanker back = NeuralRanker::load(m.save(), data().test.feature_names);
  EXPECT_EQ(back.score(data().test), m.score(data().test));
}

// Races smaller than 10 riders: every rider has a positive label, so at the lowest levels no
// rider is left to place in some races (a fully masked logsumexp). Training must stay finite.
TEST(NeuralRankerSmallRaces, EveryRiderPlacedKeepsTheLossFinite) {
  const RankDataset small = synthetic_ranking(40, 5, 4, 17);
  NeuralRankerOptions o = small_options();
  o.max_epochs = 5;
  for (NeuralLoss loss : {NeuralLoss::ListMleTopK, NeuralLoss::ListNet}) {
    o.loss = loss;
    const NeuralRanker m = NeuralRanker::train(small, o);
    for (float s : m.score(small))
      ASSERT_TRUE(std::isfinite(s)) << loss_name(loss);
  }
}

TEST_F(NeuralRankerTest, IntegratedGradientsAreCompleteAndFindThePlantedFeature) {
  const RankDataset& t = data().test;
  std::vector<double> mean_abs(kFeatures, 0.0);
  double worst = 0.0;
  const std::size_t rows = 60;
  for (std::size_t i = 0; i < rows; ++i) {
    const IntegratedGradients ig = trained().integrated_gradients(std::span(t.row(i), kFeatures));
    ASSERT_EQ(ig.attributions.size(), kFeatures);
    EXPECT_FLOAT_EQ(ig.score, trained().score(std::span(t.row(i), kFeatures), 1)[0]);
    const double delta = std::fabs(ig.score - ig.baseline_score);
    worst = std::max(worst, ig.completeness_error() / std::max(delta, 1e-3));
    for (std::size_t f = 0; f < kFeatures; ++f)
      mean_abs[f] += std::fabs(ig.attributions[f]) / rows;
  }
  RecordProperty("worst_relative_completeness_error", std::to_string(worst));
  EXPECT_LE(worst, kCompletenessTolerance);
  EXPECT_EQ(std::max_element(mean_abs.begin(), mean_abs.end()) - mean_abs.begin(), 0);
  for (std::size_t f = 3; f < kFeatures; ++f)
    EXPECT_LT(mean_abs[f], mean_abs[2]) << "f" << f;
}

TEST_F(NeuralRankerTest, IntegratedGradientsOfTheBaselineAreZero) {
  std::vector<float> mean_row(kFeatures, std::nanf(""));
  const IntegratedGradients ig = trained().integrated_gradients(mean_row, 8);
  for (double a : ig.attributions)
    EXPECT_EQ(a, 0.0);
  // Same input at both ends of the path, but a different row of one batched matmul.
  EXPECT_NEAR(ig.score, ig.baseline_score, 1e-5);
}

TEST_F(NeuralRankerTest, MissingValueScoresLikeTheTrainingMean) {
  const auto& mean = trained().card()["standardisation"]["mean"];
  std::vector<float> row(data().test.row(0), data().test.row(0) + kFeatures);
  std::vector<float> imputed = row;
  row[1] = std::nanf("");
  imputed[1] = mean[1].get<float>();
  EXPECT_EQ(trained().score(row, 1), trained().score(imputed, 1));
}

TEST_F(NeuralRankerTest, StandardisationIsFittedOnTrainingRowsSkippingNaN) {
  // The default split holds out 20 % of the queries; recompute on what was kept via the card
  // counts, then check the mean of the always-present feature 0 against a direct average.
  const nlohmann::json& c = trained().card();
  EXPECT_EQ(c["training"]["queries"].get<std::size_t>() +
                c["training"]["validation_queries"].get<std::size_t>(),
            data().train.queries());
  const float m0 = c["standardisation"]["mean"][0];
  const float s0 = c["standardisation"]["scale"][0];
  EXPECT_NEAR(m0, 0.0, 0.1);  // standard-normal feature
  EXPECT_NEAR(s0, 1.0, 0.1);
  for (const auto& s : c["standardisation"]["scale"])
    EXPECT_GT(s.get<float>(), 0.0F);
}

TEST_F(NeuralRankerTest, SaveThenLoadScoresIdentically) {
  const NeuralRanker back = NeuralRanker::load(trained().save(), data().test.feature_names);
  EXPECT_EQ(back.score(data().test), trained().score(data().test));
  EXPECT_EQ(back.card(), trained().card());
  const IntegratedGradients a = back.integrated_gradients(std::span(data().test.row(3), kFeatures));
  const IntegratedGradients b =
      trained().integrated_gradients(std::span(data().test.row(3), kFeatures));
  EXPECT_EQ(a.attributions, b.attributions);
}

TEST_F(NeuralRankerTest, SameSeedTrainsTheSameModel) {
  const NeuralRanker again = NeuralRanker::train(data().train, small_options());
  EXPECT_EQ(again.score(data().test), trained().score(data().test));
  NeuralRankerOptions other = small_options();
  other.seed = 7;
  EXPECT_NE(NeuralRanker::train(data().train, other).score(data().test),
            trained().score(data().test));
}

TEST_F(NeuralRankerTest, CardRecordsTrainingAndEarlyStopping) {
  const nlohmann::json& c = trained().card();
  EXPECT_EQ(c["kind"], "neural-listwise");
  EXPECT_EQ(c["feature_names"], data().train.feature_names);
  EXPECT_EQ(c["options"]["hidden"], (std::vector<int>{32, 16}));
  EXPECT_EQ(c["seed"], 42);
  EXPECT_EQ(c["training"]["validation_source"], "split of training queries");
  const int best = c["training"]["best_epoch"];
  const auto& curve = c["training"]["validation_curve"];
  ASSERT_GT(curve.size(), static_cast<std::size_t>(best));
  EXPECT_DOUBLE_EQ(curve[best].get<double>(), *std::max_element(curve.begin(), curve.end()));
}

TEST_F(NeuralRankerTest, RejectsBadOptionsAndDatasets) {
  NeuralRankerOptions o;
  o.hidden = {64, 0};
  EXPECT_THAT([&] { validate(o); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("hidden[i] = 0")));
  o = {};
  o.dropout = 0.95;
  EXPECT_THAT([&] { NeuralRanker::train(data().train, o); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("dropout")));

  RankDataset d = synthetic_ranking(3, 10, 4, 5);
  d.x.pop_back();
  EXPECT_THAT([&] { NeuralRanker::train(d, small_options()); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("x has")));
  d = synthetic_ranking(3, 10, 4, 5);
  d.query_offsets.push_back(d.query_offsets.back());
  EXPECT_THAT([&] { NeuralRanker::train(d, small_options()); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("query 3 is empty")));
  d = synthetic_ranking(3, 10, 4, 5);
  d.x[7] = INFINITY;
  EXPECT_THAT([&] { NeuralRanker::train(d, small_options()); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("row 1, feature 'f3'")));
  EXPECT_THAT([&] { trained().score(std::vector<float>(5), 1); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("expected rows 1 x features 8")));
  EXPECT_THAT([&] { trained().integrated_gradients(std::vector<float>(kFeatures), 0); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("steps = 0")));
}

TEST_F(NeuralRankerTest, LoadRejectsOtherFeaturesAndCorruptBytes) {
  const std::string bytes = trained().save();
  const auto& names = data().train.feature_names;
  std::vector<std::string> more = names;
  more.push_back("extra");
  EXPECT_THAT([&] { NeuralRanker::load(bytes, more); },
              ThrowsError(ErrorKind::Model,
                          HasSubstr("model has 8 features, the caller's features has 9")));
  std::string flipped = bytes;
  flipped[40] ^= 0x01;
  EXPECT_THAT([&] { NeuralRanker::load(flipped, names); },
              ThrowsError(ErrorKind::Format, HasSubstr("sha256 mismatch")));

  const learn::SavedModel c = learn::unpack_model(bytes, "neural-listwise");
  EXPECT_THAT([&] { NeuralRanker::load(learn::pack_model(c.card, "garbage"), names); },
              ThrowsError(ErrorKind::Model, HasSubstr("torch archive")));
  nlohmann::json wider = c.card;
  wider["options"]["hidden"] = {33, 16};
  EXPECT_THAT([&] { NeuralRanker::load(learn::pack_model(wider, c.payload), names); },
              ThrowsError(ErrorKind::Model, HasSubstr("shape")));
  nlohmann::json no_stats = c.card;
  no_stats["standardisation"]["scale"].erase(0);
  EXPECT_THAT([&] { NeuralRanker::load(learn::pack_model(no_stats, c.payload), names); },
              ThrowsError(ErrorKind::Format, HasSubstr("7 scales for 8 features")));
  nlohmann::json huge = c.card;
  huge["options"]["hidden"] = {1 << 20};
  EXPECT_THAT([&] { NeuralRanker::load(learn::pack_model(huge, c.payload), names); },
              ThrowsError(ErrorKind::Format, HasSubstr("hidden[i]")));

  XgbRankerOptions xo;
  xo.rounds = 3;
  const std::string xgb = XgbRanker::train(data().train, xo).save();
  EXPECT_THAT([&] { NeuralRanker::load(xgb, names); },
              ThrowsError(ErrorKind::Model, HasSubstr("'xgboost-lambdamart' model")));
}

}  // namespace
}  // namespace podium::rank
