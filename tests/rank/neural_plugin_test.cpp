// The neural ranker's one entry point: before podium_register_neural_ranker() the kind is
// refused; after it the registry makes a Ranker that trains, explains and saves like
// NeuralRanker with the same seed.
#include "podium/rank/neural_ranker_plugin.hpp"

#include <gtest/gtest.h>

#include "podium/core/error.hpp"
#include "podium/rank/neural_ranker.hpp"
#include "podium/rank/ranker.hpp"
#include "rank/synthetic_ranking.hpp"

namespace podium::rank {
namespace {

using testing::synthetic_ranking;

TEST(NeuralPlugin, RegistersTheNeuralKind) {
  EXPECT_THROW(create_ranker(RankerKind::Neural), Error);
  podium_register_neural_ranker();
  const RankDataset train = synthetic_ranking(30, 15, 4, 1);
  const RankDataset valid = synthetic_ranking(8, 15, 4, 2);
  const RankDataset test = synthetic_ranking(8, 15, 4, 3);
  const std::unique_ptr<Ranker> r = create_ranker(RankerKind::Neural);
  r->train(train, &valid, {.seed = 5, .threads = 1});
  NeuralRankerOptions o;
  o.seed = 5;
  const NeuralRanker direct = NeuralRanker::train(train, o, &valid);
  EXPECT_EQ(r->score(test), direct.score(test));
  EXPECT_EQ(r->explanation_method(), ExplanationMethod::IntegratedGradients);

  const RowExplanation why = r->explain(std::span(test.row(2), test.features()));
  const IntegratedGradients ig = direct.integrated_gradients(std::span(test.row(2), 4));
  EXPECT_EQ(why.attributions, ig.attributions);
  EXPECT_EQ(why.base, ig.baseline_score);
  EXPECT_EQ(why.completeness_error, ig.completeness_error());
  const std::vector<double> importance = r->importance(test);
  ASSERT_EQ(importance.size(), 4U);
  const std::vector<float> attributions = r->attributions(test);
  ASSERT_EQ(attributions.size(), test.rows() * 5);
  EXPECT_EQ(attributions[2 * 5 + 4], static_cast<float>(ig.baseline_score));

  const std::unique_ptr<Ranker> back = create_ranker(RankerKind::Neural);
  back->load(r->save(), test.feature_names);
  EXPECT_EQ(back->score(test), r->score(test));
}

}  // namespace
}  // namespace podium::rank
