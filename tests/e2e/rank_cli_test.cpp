// `podium rank` end to end on a seeded synthetic league written as a generic results CSV: import,
// train (XGBoost and neural), evaluate against the baseline, predict, explain (SHAP sums to the
// score; IG completeness), strategies, and the errors a user meets first.
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <vector>

#include "e2e/league.hpp"

namespace podium::e2e {
namespace {

using nlohmann::json;

class RankCli : public LeagueCli {
 protected:
  void SetUp() override {
    Cli::SetUp();
    import_league({});
  }
};

TEST_F(RankCli, TrainEvaluatePredictExplainWithXgboost) {
  const json train = run_json("rank train --year 2019 --model xgboost --train-from 2012");
  EXPECT_EQ(train["model"], "xgboost-ndcg-2019");
  EXPECT_EQ(train["train_races"].get<int>() + train["validation_races"].get<int>(), 56);

  const json eval = run_json("rank evaluate --year 2019 --model xgboost");
  ASSERT_EQ(eval["races"].size(), 8U);
  const double mean = eval["mean_ndcg10"];
  EXPECT_GT(mean, 0.3);  // random order gives about 0.25 at 10 of 40 relevant
  EXPECT_LE(mean, 1.0);
  double sum = 0.0;
  for (const json& r : eval["races"])
    sum += r["ndcg10"].get<double>();
  EXPECT_NEAR(sum / 8.0, mean, 1e-9);
  EXPECT_TRUE(eval.contains("comparison"));

  const json pred = run_json("rank predict --year 2019 --race \"classic c\" --top 5");
  ASSERT_EQ(pred.size(), 1U);
  EXPECT_EQ(pred[0]["top"].size(), 5U);
  const std::string first = pred[0]["top"][0]["athlete"];

  const json why = run_json("rank explain --year 2019 --race \"classic c\" --athlete " + first);
  EXPECT_EQ(why["predicted_position"], 1);
  double total = why["base"];
  for (const json& f : why["features"])
    total += f["contribution"].get<double>();
  EXPECT_NEAR(total, why["score"].get<double>(), 1e-3);  // SHAP sums to the score

  const json global = run_json("rank explain --year 2019");
  EXPECT_EQ(global["method"], "tree_shap");
  EXPECT_FALSE(global["importance"].empty());

  const json strat = run_json("rank strategies --year 2019");
  EXPECT_FALSE(strat["factors"].empty());
  EXPECT_NE(strat["report"].get<std::string>().find("association"), std::string::npos);
}

TEST_F(RankCli, NeuralRankerExplainsWithIntegratedGradients) {
  run_json("rank train --year 2019 --model neural --train-from 2012");
  const json eval = run_json("rank evaluate --year 2019 --model neural");
  EXPECT_EQ(eval["races"].size(), 8U);
  const json pred = run_json("rank predict --year 2019 --race \"classic a\" --model neural");
  const std::string first = pred[0]["top"][0]["athlete"];
  const json why = run_json("rank explain --year 2019 --race \"classic a\" --athlete " + first +
                            " --model neural");
  EXPECT_EQ(why["method"], "integrated_gradients");
  EXPECT_LT(why["completeness_error"].get<double>(), 1e-2);
}

TEST_F(RankCli, ErrorsNameWhatIsMissing) {
  Result r = run("rank evaluate --year 2019 --model xgboost" + db_);
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("rank train --year 2019 --model xgboost-ndcg"), std::string::npos) << r.out;
  r = run("rank predict --year 2019 --race \"tour de nowhere\" --model baseline" + db_);
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("tour de nowhere"), std::string::npos) << r.out;
  r = run("rank predict --year 2019 --race classic --model baseline" + db_);
  EXPECT_EQ(r.code, 2) << r.out;  // matches eight races
  r = run("rank evaluate --year 2019 --model gbm" + db_);
  EXPECT_EQ(r.code, 2) << r.out;
  r = run("rank evaluate --year 2019 --db " + path("empty.db"));
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("results import"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace podium::e2e
