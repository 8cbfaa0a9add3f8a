// The linear pairwise ranker on seeded synthetic races with a known weight vector: it recovers
// the weights' direction and ordering, trains deterministically, explains exactly, saves and
// loads, refuses bad input; and through the ranker registry as kind "linear".
#include "podium/rank/linear_ranker.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <optional>

#include "podium/core/error.hpp"
#include "podium/rank/ranker.hpp"
#include "rank/synthetic_ranking.hpp"

namespace podium::rank {
namespace {

using testing::mean_ndcg10;
using testing::synthetic_ranking;

constexpr std::size_t kFeatures = 6;
// synthetic_ranking's latent strength: 2 f0 + f1 + 0.5 f2 + noise.
constexpr double kTrueWeights[kFeatures] = {2.0, 1.0, 0.5, 0.0, 0.0, 0.0};

const RankDataset& train_set() {
  static const RankDataset d = synthetic_ranking(200, 40, kFeatures, 7);
  return d;
}

// The fitted weights on the raw feature scale (w_j / sd_j): comparable with kTrueWeights.
std::vector<double> raw_weights(const LinearRanker& m) {
  std::vector<double> w(m.weights().size());
  for (std::size_t f = 0; f < w.size(); ++f)
    w[f] = m.weights()[f] / m.sds()[f];
  return w;
}

TEST(LinearRanker, RecoversKnownWeightsDirectionAndOrder) {
  const LinearRanker m = LinearRanker::train(train_set());
  const std::vector<double> w = raw_weights(m);
  EXPECT_GT(w[0], w[1]);
  EXPECT_GT(w[1], w[2]);
  EXPECT_GT(w[2], 0.0);
  double dot = 0.0, norm_w = 0.0, norm_true = 0.0;
  for (std::size_t f = 0; f < kFeatures; ++f) {
    dot += w[f] * kTrueWeights[f];
    norm_w += w[f] * w[f];
    norm_true += kTrueWeights[f] * kTrueWeights[f];
  }
  EXPECT_GT(dot / std::sqrt(norm_w * norm_true), 0.99);
  for (std::size_t f = 3; f < kFeatures; ++f)
    EXPECT_LT(std::abs(w[f]), 0.1 * w[2]) << "noise feature f" << f;
  EXPECT_TRUE(m.card()["training"]["converged"].get<bool>());

  // On unseen noise-free races the order is the true strength's order, up to the 5 % of rows
  // whose f2 is missing: NDCG@10 near 1, far above the random order's.
  const RankDataset test = synthetic_ranking(50, 40, kFeatures, 99, /*noise=*/0.0);
  EXPECT_GT(mean_ndcg10(test, m.predict(test)), 0.97);
  std::vector<float> f5(test.rows());
  for (std::size_t i = 0; i < test.rows(); ++i)
    f5[i] = test.row(i)[5];
  EXPECT_LT(mean_ndcg10(test, f5), 0.6);
}

TEST(LinearRanker, DeterministicAndSaveLoadRoundTrip) {
  const LinearRanker a = LinearRanker::train(train_set());
  const LinearRanker b = LinearRanker::train(train_set());
  EXPECT_EQ(a.weights(), b.weights());
  const std::string bytes = a.save();
  const LinearRanker c = LinearRanker::load(bytes, train_set().feature_names);
  EXPECT_EQ(c.weights(), a.weights());
  EXPECT_EQ(c.means(), a.means());
  EXPECT_EQ(c.sds(), a.sds());
  EXPECT_EQ(c.predict(train_set()), a.predict(train_set()));
  EXPECT_EQ(c.card()["kind"], "linear-pairwise-logistic");

  std::vector<std::string> other = train_set().feature_names;
  other[1] = "something_else";
  try {
    LinearRanker::load(bytes, other);
    ADD_FAILURE() << "loaded for other features";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Model);
  }
  std::string damaged = bytes;
  damaged[damaged.size() / 2] ^= 0x01;
  try {
    LinearRanker::load(damaged, train_set().feature_names);
    ADD_FAILURE() << "loaded damaged bytes";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Format);
  }
}

TEST(LinearRanker, ContributionsAreCoefficientTimesStandardisedValue) {
  const LinearRanker m = LinearRanker::train(train_set());
  const RankDataset test = synthetic_ranking(3, 20, kFeatures, 3);
  const std::vector<float> scores = m.predict(test);
  for (std::size_t i = 0; i < test.rows(); ++i) {
    const std::span<const float> row(test.row(i), kFeatures);
    const std::vector<double> c = m.contributions(row);
    for (std::size_t f = 0; f < kFeatures; ++f) {
      const double z = std::isnan(row[f]) ? 0.0 : (row[f] - m.means()[f]) / m.sds()[f];
      EXPECT_DOUBLE_EQ(c[f], m.weights()[f] * z);
    }
    EXPECT_NEAR(std::accumulate(c.begin(), c.end(), 0.0), scores[i], 1e-5);
  }
}

TEST(LinearRanker, ThroughTheRegistry) {
  const std::optional<RankerKind> kind = parse_ranker_kind("linear");
  ASSERT_TRUE(kind.has_value());
  EXPECT_STREQ(ranker_kind_name(*kind), "linear");
  EXPECT_FALSE(is_baseline(*kind));
  const std::unique_ptr<Ranker> r = create_ranker(*kind);
  EXPECT_THROW(r->score(train_set()), Error);  // no model yet
  r->train(train_set(), nullptr, {});
  EXPECT_EQ(r->explanation_method(), ExplanationMethod::Linear);
  const RankDataset test = synthetic_ranking(4, 20, kFeatures, 11);
  const std::vector<float> s = r->score(test);
  const std::vector<float> attr = r->attributions(test);
  ASSERT_EQ(attr.size(), test.rows() * (kFeatures + 1));
  for (std::size_t i = 0; i < test.rows(); ++i) {
    const RowExplanation e = r->explain(std::span(test.row(i), kFeatures));
    EXPECT_EQ(e.base, 0.0);
    EXPECT_EQ(e.completeness_error, 0.0);
    EXPECT_NEAR(e.score, s[i], 1e-5);
    EXPECT_EQ(attr[i * (kFeatures + 1) + kFeatures], 0.0F);
    for (std::size_t f = 0; f < kFeatures; ++f)
      EXPECT_FLOAT_EQ(attr[i * (kFeatures + 1) + f], static_cast<float>(e.attributions[f]));
  }
  const std::vector<double> imp = r->importance(test);
  EXPECT_GT(imp[0], imp[1]);
  EXPECT_GT(imp[1], imp[4]);

  const std::unique_ptr<Ranker> loaded = create_ranker(*kind);
  loaded->load(r->save(), test.feature_names);
  EXPECT_EQ(loaded->score(test), s);
}

TEST(LinearRanker, RefusesBadInput) {
  EXPECT_THROW(LinearRanker::train(train_set(), {.l2 = -1.0}), Error);
  EXPECT_THROW(LinearRanker::train(train_set(), {.max_iterations = 0}), Error);
  RankDataset flat = synthetic_ranking(3, 10, kFeatures, 5);
  std::fill(flat.labels.begin(), flat.labels.end(), 0.0F);
  try {
    LinearRanker::train(flat);
    ADD_FAILURE() << "trained without pairs";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
    EXPECT_NE(std::string(e.what()).find("no pair"), std::string::npos) << e.what();
  }
  const LinearRanker m = LinearRanker::train(train_set());
  RankDataset renamed = train_set();
  renamed.feature_names[0] = "g0";
  EXPECT_THROW(m.predict(renamed), Error);
}

}  // namespace
}  // namespace podium::rank
