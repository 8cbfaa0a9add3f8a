// `podium rank evaluate|predict --model trueskill` end to end on a small seeded league: the rating
// baseline needs no training, ranks by ability learnt from earlier races, gives the same numbers
// twice, and refuses train and explain.
#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

#include "e2e/league.hpp"

namespace podium::e2e {
namespace {

using nlohmann::json;

class RatingCli : public LeagueCli {
 protected:
  void SetUp() override {
    Cli::SetUp();
    import_league({.seed = 11,
                   .riders = 30,
                   .first_season = 2016,
                   .races = 6,
                   .starters = 25,
                   .race_name = "Race",
                   .first_day = 10,
                   .day_step = 0,
                   .slope = 0.15,
                   .noise_sd = 0.8,
                   .birth_year = 1990,
                   .birth_years = 1,
                   .birth_day = 1,
                   .month_varies = false,
                   .points = false});
  }
};

TEST_F(RatingCli, EvaluatePredictWithoutTraining) {
  const std::string eval_cmd = "rank evaluate --year 2019 --model trueskill --json";
  const Result r = run_quiet(eval_cmd);
  ASSERT_EQ(r.code, 0) << r.out;
  const json eval = json::parse(r.out);
  EXPECT_EQ(eval["model"], "trueskill");
  ASSERT_EQ(eval["races"].size(), 6U);
  // Random order gives about 0.4 with 10 of 25 relevant; points are all 0 here.
  EXPECT_GT(eval["mean_ndcg10"].get<double>(), 0.6);
  EXPECT_GT(eval["mean_ndcg10"].get<double>(), eval["baseline_mean_ndcg10"].get<double>());
  EXPECT_EQ(run_quiet(eval_cmd).out, r.out);  // deterministic

  const Result pred =
      run_quiet("rank predict --year 2019 --race \"race a\" --model trueskill --top 3 --json");
  ASSERT_EQ(pred.code, 0) << pred.out;
  const json p = json::parse(pred.out);
  ASSERT_EQ(p.size(), 1U);
  ASSERT_EQ(p[0]["top"].size(), 3U);
  EXPECT_GE(p[0]["top"][0]["score"].get<double>(), p[0]["top"][1]["score"].get<double>());

  EXPECT_EQ(run("rank train --year 2019 --model trueskill" + db_).code, 2);
  EXPECT_EQ(run("rank explain --year 2019 --race \"race a\" --model trueskill" + db_).code, 2);
}

}  // namespace
}  // namespace podium::e2e
