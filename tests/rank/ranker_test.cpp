// The Ranker interface and its registry without libtorch: kinds and their names, the built-in
// baselines, XGBoost registered by register_xgboost_rankers() and scoring exactly like XgbRanker,
// a kind whose library is not loaded refused by name, and no libtorch in the process.
#include "podium/rank/ranker.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "podium/core/error.hpp"
#include "podium/rank/baseline.hpp"
#include "podium/rank/xgboost_ranker.hpp"
#include "rank/synthetic_ranking.hpp"
#include "testkit/throws_error.hpp"

namespace podium::rank {
namespace {

using podium::testkit::ThrowsError;
using ::testing::HasSubstr;

using testing::synthetic_ranking;

// The baselines read these two columns.
RankDataset with_baseline_columns(RankDataset d) {
  d.feature_names[0] = "points_365d";
  d.feature_names[1] = "race_last_edition_rank";
  return d;
}

TEST(RankerKinds, ParseAndNameRoundTrip) {
  for (const RankerKind k :
       {RankerKind::XgboostNdcg, RankerKind::XgboostPairwise, RankerKind::Neural,
        RankerKind::BaselinePoints, RankerKind::BaselineLastEdition}) {
    EXPECT_EQ(parse_ranker_kind(ranker_kind_name(k)), k);
  }
  EXPECT_EQ(parse_ranker_kind("xgboost"), RankerKind::XgboostNdcg);
  EXPECT_EQ(parse_ranker_kind("baseline"), RankerKind::BaselinePoints);
  EXPECT_FALSE(parse_ranker_kind("lightgbm"));
  EXPECT_TRUE(is_baseline(RankerKind::BaselineLastEdition));
  EXPECT_FALSE(is_baseline(RankerKind::Neural));
}

TEST(RankerRegistry, BaselinesAreBuiltInAndExplainNothing) {
  const RankDataset d = with_baseline_columns(synthetic_ranking(5, 12, 4, 3));
  for (const auto& [kind, baseline] :
       {std::pair{RankerKind::BaselinePoints, Baseline::Points365d},
        std::pair{RankerKind::BaselineLastEdition, Baseline::LastEdition}}) {
    const std::unique_ptr<Ranker> r = create_ranker(kind);
    EXPECT_EQ(r->kind(), kind);
    EXPECT_EQ(r->score(d), baseline_scores(d, baseline));
    EXPECT_EQ(r->explanation_method(), ExplanationMethod::None);
    EXPECT_EQ(r->card()["baseline"], baseline_name(baseline));
    EXPECT_THAT([&] { r->train(d, nullptr, {}); },
                ThrowsError(ErrorKind::InvalidInput, HasSubstr("needs no training")));
    EXPECT_THAT([&] { r->explain(std::span(d.row(0), d.features())); },
                ThrowsError(ErrorKind::Unsupported, HasSubstr("nothing to explain")));
    EXPECT_THAT([&] { r->save(); },
                ThrowsError(ErrorKind::InvalidInput, HasSubstr("no saved model")));
  }
}

TEST(RankerRegistry, UnregisteredKindIsRefusedByName) {
  EXPECT_THAT(
      [] { create_ranker(RankerKind::Neural); },
      ThrowsError(ErrorKind::NotFound, HasSubstr("ranker 'neural': its library is not loaded")));
}

TEST(RankerRegistry, XgboostRegisteredScoresExplainsAndSavesLikeXgbRanker) {
  EXPECT_THAT([] { create_ranker(RankerKind::XgboostPairwise); },
              ThrowsError(ErrorKind::NotFound, HasSubstr("xgboost-pairwise")));
  register_xgboost_rankers();
  register_xgboost_rankers();  // repeating is harmless
  const RankDataset train = synthetic_ranking(40, 20, 6, 1);
  const RankDataset valid = synthetic_ranking(10, 20, 6, 2);
  const RankDataset test = synthetic_ranking(10, 20, 6, 3);
  const std::unique_ptr<Ranker> r = create_ranker(RankerKind::XgboostPairwise);
  EXPECT_THAT([&] { r->score(test); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("no model yet")));
  r->train(train, &valid, {.seed = 7, .threads = 1, .rounds = 30});

  XgbRankerOptions o;
  o.objective = XgbObjective::Pairwise;
  o.tree.seed = 7;
  o.rounds = 30;
  const XgbRanker direct = XgbRanker::train(train, o, &valid);
  const std::vector<float> scores = r->score(test);
  EXPECT_EQ(scores, direct.predict(test));
  nlohmann::json card = r->card(), direct_card = direct.card();
  card["training"].erase("seconds");
  direct_card["training"].erase("seconds");
  EXPECT_EQ(card, direct_card);
  EXPECT_EQ(r->attributions(test), direct.contributions(test.x, test.rows()));
  EXPECT_EQ(r->importance(test), direct.importance(test.x, test.rows()));
  EXPECT_EQ(r->explanation_method(), ExplanationMethod::TreeShap);

  const RowExplanation why = r->explain(std::span(test.row(4), test.features()));
  EXPECT_EQ(why.score, scores[4]);  // one row alone scores like in the batch
  double sum = why.base;
  for (const double a : why.attributions)
    sum += a;
  EXPECT_NEAR(sum, why.score, 1e-4);
  EXPECT_EQ(why.completeness_error, 0.0);

  const std::unique_ptr<Ranker> back = create_ranker(RankerKind::XgboostPairwise);
  back->load(r->save(), test.feature_names);
  EXPECT_EQ(back->score(test), scores);
}

// XGBoost and baseline rankers must never bring libtorch into the process.
TEST(RankerRegistry, NoLibtorchInTheProcess) {
  register_xgboost_rankers();
  const RankDataset train = synthetic_ranking(10, 12, 4, 1);
  const std::unique_ptr<Ranker> r = create_ranker(RankerKind::XgboostNdcg);
  r->train(train, nullptr, {.rounds = 3});
  std::ifstream maps("/proc/self/maps");
  std::stringstream text;
  text << maps.rdbuf();
  EXPECT_EQ(text.str().find("libtorch"), std::string::npos);
  EXPECT_EQ(text.str().find("libc10"), std::string::npos);
}

}  // namespace
}  // namespace podium::rank
