// `podium rank evaluate|predict --model trueskill` end to end on a small seeded league: the rating
// baseline needs no training, ranks by ability learnt from earlier races, gives the same numbers
// twice, and refuses train and explain.
#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

#include "e2e/cli.hpp"

namespace podium::e2e {
namespace {

using nlohmann::json;

// 30 riders, rider-i's ability decreasing with i; 6 one-day races a season, 2016-2019, 25 starters
// each, order = ability + noise. The ratings of 2016-2018 should order the 2019 fields well.
void write_rating_league(const std::string& path) {
  std::mt19937 rng(11);
  std::normal_distribution<double> noise(0.0, 1.0);
  constexpr int kRiders = 30;
  std::ofstream out(path);
  out << "date,event,event_class,athlete_id,birth_date,rank,points\n";
  for (int season = 2016; season <= 2019; ++season) {
    for (int race = 0; race < 6; ++race) {
      std::vector<int> riders(kRiders);
      for (int i = 0; i < kRiders; ++i)
        riders[i] = i;
      std::shuffle(riders.begin(), riders.end(), rng);
      riders.resize(25);
      std::vector<std::pair<double, int>> perf;
      perf.reserve(riders.size());
      for (const int r : riders)
        perf.emplace_back(-0.15 * r + 0.8 * noise(rng), r);
      std::sort(perf.rbegin(), perf.rend());
      char date[48];
      std::snprintf(date, sizeof date, "%04d-%02d-%02d", season, 3 + race, 10);
      for (std::size_t place = 0; place < perf.size(); ++place) {
        out << date << ",Race " << char('A' + race) << ",1.UWT,rider-" << perf[place].second
            << ",1990-01-01," << place + 1 << ",0\n";  // no points: the points baseline is blind
      }
    }
  }
}

class RatingCli : public Cli {
 protected:
  void SetUp() override {
    Cli::SetUp();
    write_rating_league(path("league.csv"));
    db_ = " --db " + path("p.db");
    const Result imp = run("results import " + path("league.csv") + " --format generic" + db_);
    ASSERT_EQ(imp.code, 0) << imp.out;
  }
  Result run_quiet(const std::string& args) {
    return run_shell(std::string(PODIUM_BIN) + " " + args + db_ + " 2>/dev/null");
  }
  std::string db_;
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
