// `podium rank` end to end on a seeded synthetic league written as a generic results CSV: import,
// train (XGBoost and neural), evaluate against the baseline, predict, explain (SHAP sums to the
// score; IG completeness), strategies, and the errors a user meets first.
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <vector>

#include "e2e/cli.hpp"

namespace podium::e2e {
namespace {

using nlohmann::json;

// 60 riders with a latent ability that drifts with age; 8 one-day races a season, 2012-2019,
// 40 starters each, order = ability + noise; the top 10 score points. Class 1.UWT so every race
// is both trained on (seasons before the test year) and tested (the test year).
void write_league(const std::string& path) {
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(0.0, 1.0);
  constexpr int kRiders = 60;
  std::vector<double> ability(kRiders);
  for (double& a : ability)
    a = noise(rng);
  std::ofstream out(path);
  out << "date,event,event_class,athlete_id,birth_date,rank,points\n";
  for (int season = 2012; season <= 2019; ++season) {
    for (int race = 0; race < 8; ++race) {
      std::vector<int> riders(kRiders);
      for (int i = 0; i < kRiders; ++i)
        riders[i] = i;
      std::shuffle(riders.begin(), riders.end(), rng);
      riders.resize(40);
      std::vector<std::pair<double, int>> perf;
      for (const int r : riders)
        perf.emplace_back(ability[r] + 0.7 * noise(rng), r);
      std::sort(perf.rbegin(), perf.rend());
      char date[48];
      std::snprintf(date, sizeof date, "%04d-%02d-%02d", season, 3 + race, 5 + 2 * race);
      for (std::size_t place = 0; place < perf.size(); ++place) {
        const int r = perf[place].second;
        out << date << ",Classic " << char('A' + race) << ",1.UWT,rider-" << r << ","
            << 1985 + r % 12 << "-0" << 1 + r % 9 << "-15," << place + 1 << ","
            << (place < 10 ? 100 - 10 * static_cast<int>(place) : 0) << "\n";
      }
    }
  }
}

class RankCli : public Cli {
 protected:
  void SetUp() override {
    Cli::SetUp();
    write_league(path("league.csv"));
    db_ = " --db " + path("p.db");
    const Result imp = run("results import " + path("league.csv") + " --format generic" + db_);
    ASSERT_EQ(imp.code, 0) << imp.out;
  }
  json run_json(const std::string& args) {
    const Result r = run_shell(std::string(PODIUM_BIN) + " " + args + db_ + " --json 2>/dev/null");
    EXPECT_EQ(r.code, 0) << args;
    return json::parse(r.out);
  }
  std::string db_;
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
