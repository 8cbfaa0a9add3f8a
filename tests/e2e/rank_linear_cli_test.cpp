// `podium rank --model linear` and `--features` ablations end to end on a seeded synthetic league
// (generic results CSV): train, evaluate against the baseline, explain (coefficient x standardised
// value sums to the score), an ablated model stored beside the full one without its group's
// columns, and an unknown group refused in one line with exit 2 and nothing stored.
#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

#include "e2e/league.hpp"

namespace podium::e2e {
namespace {

using nlohmann::json;

class RankLinearCli : public LeagueCli {
 protected:
  void SetUp() override {
    Cli::SetUp();
    import_league({.seed = 11,
                   .riders = 50,
                   .first_season = 2013,
                   .races = 6,
                   .starters = 36,
                   .race_name = "Race",
                   .first_day = 6,
                   .birth_year = 1986,
                   .birth_years = 10,
                   .birth_day = 20});
  }
};

TEST_F(RankLinearCli, TrainEvaluateExplainAndAblate) {
  const json train = run_json("rank train --year 2019 --model linear --train-from 2013");
  EXPECT_EQ(train["model"], "linear-2019");
  EXPECT_EQ(train["features"], 33);
  EXPECT_EQ(train["card"]["kind"], "linear-pairwise-logistic");

  const json eval = run_json("rank evaluate --year 2019 --model linear");
  EXPECT_EQ(eval["model"], "linear");
  EXPECT_GT(eval["mean_ndcg10"].get<double>(), 0.5);

  const json pred = run_json("rank predict --year 2019 --race \"race c\" --model linear --top 3");
  ASSERT_EQ(pred.size(), 1U);
  EXPECT_EQ(pred[0]["top"].size(), 3U);
  const std::string first = pred[0]["top"][0]["athlete"];
  const json why =
      run_json("rank explain --year 2019 --race \"race c\" --model linear --athlete " + first);
  EXPECT_EQ(why["predicted_position"], 1);
  double sum = why["base"].get<double>();
  for (const json& f : why["features"])
    sum += f["contribution"].get<double>();
  EXPECT_NEAR(sum, why["score"].get<double>(), 1e-4);
  EXPECT_EQ(why["base"].get<double>(), 0.0);
  const json global = run_json("rank explain --year 2019 --model linear");
  EXPECT_EQ(global["method"], "coefficient_x_standardised_value");

  // -form: stored as its own model, without the form columns; the full model is still there.
  const json ablated =
      run_json("rank train --year 2019 --model linear --train-from 2013 --features -form");
  EXPECT_EQ(ablated["model"], "linear-2019-without-form");
  EXPECT_EQ(ablated["features"], 26);
  const auto names = ablated["card"]["feature_names"].get<std::vector<std::string>>();
  EXPECT_EQ(std::find(names.begin(), names.end(), "points_42d"), names.end());
  EXPECT_EQ(ablated["card"]["dropped_feature_groups"], json::array({"form"}));
  const json eval_ablated = run_json("rank evaluate --year 2019 --model linear --features -form");
  EXPECT_EQ(eval_ablated["dropped_feature_groups"], json::array({"form"}));
  EXPECT_EQ(eval_ablated["baseline_mean_ndcg10"], eval["baseline_mean_ndcg10"]);
  // Without the points group the baseline still reads points_365d from the full columns.
  run_json("rank train --year 2019 --model linear --train-from 2013 --features -points");
  const json no_points = run_json("rank evaluate --year 2019 --model linear --features -points");
  EXPECT_EQ(no_points["baseline_mean_ndcg10"], eval["baseline_mean_ndcg10"]);
}

TEST_F(RankLinearCli, AblationErrors) {
  Result r = run("rank train --year 2019 --model linear --features -speed" + db_);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("unknown feature group \"speed\""), std::string::npos) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  // Nothing stored: evaluating the model names the command that trains it.
  r = run("rank evaluate --year 2019 --model linear --features -history" + db_);
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("--model linear --features -history"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace podium::e2e
