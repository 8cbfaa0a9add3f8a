// `podium rank evaluate` with seasons as the unit of replication, end to end on a small seeded
// league: several models in one command, per-season and leave-one-season-out comparisons with
// Holm over all of them (table and JSON), and --pcs2023 on a made-up scrape of the league's 2023
// season (riders reconciled by birth day, the top 10 as relevance, the whole list as candidates).
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "e2e/league.hpp"

namespace podium::e2e {
namespace {

using nlohmann::json;

// Rider i of the league gets a name of letters, "rider-<letters(i)>", so that names differ by
// more than a number (name keys drop numbers: "Rider 7" and "Rider 8" would be namesakes).
std::string seasons_letters(int i) {
  return {static_cast<char>('a' + i % 26), static_cast<char>('a' + i / 26)};
}

class SeasonsCli : public LeagueCli {
 protected:
  void SetUp() override {
    Cli::SetUp();
    // 30 riders born 15 <month 1 + i % 9> <1980 + i % 20> (all distinct), seasons 2016-2022.
    const LeagueSpec spec{.seed = 5,
                          .riders = 30,
                          .first_season = 2016,
                          .last_season = 2022,
                          .races = 4,
                          .starters = 24,
                          .race_name = "Race",
                          .first_day = 10,
                          .day_step = 0,
                          .slope = 0.15,
                          .noise_sd = 0.8,
                          .birth_year = 1980,
                          .birth_years = 20};
    write_league(path("numbered.csv"), spec);
    std::ifstream in(path("numbered.csv"));
    std::ofstream out(path("league.csv"));
    std::string line;
    while (std::getline(in, line)) {
      const std::size_t at = line.find(",rider-");
      if (at != std::string::npos) {
        const std::size_t end = line.find(',', at + 7);
        const int i = std::stoi(line.substr(at + 7, end - at - 7));
        line = line.substr(0, at + 7) + seasons_letters(i) + line.substr(end);
      }
      out << line << "\n";
    }
    out.close();
    db_ = " --db " + path("p.db");
    ASSERT_EQ(run("results import " + path("league.csv") + " --format generic" + db_).code, 0);
  }

  // The scrape's two files for 2023: every rider as "Rider <Letters>" with his birth day in words,
  // races "Race A".."Race D" with the top 10 riders i = r .. r + 9.
  std::string write_scrape(const std::string& extra_rider = "") {
    static const char* const kMonths[] = {"January", "February", "March",  "April",    "May",
                                          "June",    "July",     "August", "September"};
    const std::string dir = path(extra_rider.empty() ? "scrape" : "bad-scrape");
    std::filesystem::create_directories(dir);
    std::ofstream riders(dir + "/coureurs2023.csv");
    riders << "Rank;Prev;Diff;Rider;Team;Points;Date_of_birth\n";
    for (int i = 0; i < 30; ++i) {
      riders << i + 1 << ";;;Rider " << seasons_letters(i) << ";T;1;15th " << kMonths[i % 9] << " "
             << 1980 + i % 20 << "\n";
    }
    riders << extra_rider;
    std::ofstream races(dir + "/courses2023.csv");
    races << "nom,circuit,date,categorie2,premier,deuxieme,troisieme,quatrieme,cinquieme,sixieme,"
             "septieme,huitieme,neuvieme,dixieme\n";
    for (int r = 0; r < 4; ++r) {
      races << "Race " << static_cast<char>('A' + r) << ",1.UWT," << 10 + r << " April 2023,1.WT.B";
      for (int p = 0; p < 10; ++p)
        races << ",Rider " << seasons_letters(r + p);
      races << "\n";
    }
    return dir;
  }
};

TEST_F(SeasonsCli, PerSeasonAndLeaveOneSeasonOutWithHolm) {
  const json j =
      run_json("rank evaluate --year 2019,2020,2021 --model trueskill,baseline-last-edition");
  ASSERT_EQ(j["models"].size(), 2U);
  EXPECT_EQ(j["models"][0]["model"], "trueskill");
  const json& s = j["seasons"];
  EXPECT_EQ(s["family"], 12);  // 2 models x (3 seasons + 3 left out)
  EXPECT_NE(s["correction"].get<std::string>().find("Holm"), std::string::npos);
  ASSERT_EQ(s["models"].size(), 2U);
  for (const json& m : s["models"]) {
    ASSERT_EQ(m["per_season"].size(), 3U);
    ASSERT_EQ(m["leave_one_season_out"].size(), 3U);
    EXPECT_EQ(m["per_season"][0]["season"], 2019);
    EXPECT_EQ(m["per_season"][0]["races"], 4);
    EXPECT_EQ(m["leave_one_season_out"][0]["left_out"], 2019);
    EXPECT_EQ(m["leave_one_season_out"][0]["races"], 8);
    for (const json& c : m["per_season"])
      EXPECT_GE(c["p_holm"].get<double>(), c["p_value"].get<double>());
  }
  const Result table = run_quiet("rank evaluate --year 2019,2020,2021 --model trueskill");
  ASSERT_EQ(table.code, 0);
  EXPECT_NE(table.out.find("without 2020"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("6 comparisons"), std::string::npos) << table.out;
  EXPECT_EQ(run("rank evaluate --year 2019 --model trueskill,gbm" + db_).code, 2);
}

TEST_F(SeasonsCli, OutOfSampleSeasonFromTheScrape) {
  ASSERT_EQ(run_quiet("rank train --year 2023 --model linear").code, 0);
  const std::string dir = write_scrape();
  const json j =
      run_json("rank evaluate --year 2023 --pcs2023 " + dir + " --model linear,trueskill");
  const json& o = j["outside_season"];
  EXPECT_EQ(o["riders"], 30);
  EXPECT_EQ(o["riders_matched"], 30);
  EXPECT_EQ(o["candidates"], 30);
  EXPECT_EQ(o["finishers"], 40);
  ASSERT_EQ(j["models"].size(), 2U);
  const json& linear = j["models"][0];
  ASSERT_EQ(linear["races"].size(), 4U);
  EXPECT_EQ(linear["races"][0]["riders"], 30);
  EXPECT_EQ(linear["races"][0]["relevant"], 10);
  // The scrape's winners are the league's best riders (ability falls with i): the linear ranker
  // ranks them far above random order.
  EXPECT_GT(linear["mean_ndcg10"].get<double>(), 0.6);
  EXPECT_EQ(j["seasons"]["family"], 2);

  // Wrong season, and a damaged scrape: one located error, exit 2.
  EXPECT_EQ(run("rank evaluate --year 2022 --pcs2023 " + dir + " --model linear" + db_).code, 2);
  const std::string bad = write_scrape("x;;;Rider Zz;T;1;\n");
  const Result r = run("rank evaluate --year 2023 --pcs2023 " + bad + " --model linear" + db_);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("coureurs2023.csv: line 32"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace podium::e2e
