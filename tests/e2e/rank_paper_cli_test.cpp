// `podium rank evaluate --paper / --idcg` end to end on a hand-written league (generic CSV): two of
// the six classics and one other 1.UWT race per season, the 2019 E3 with its top 10 lost (only
// places 11-20 have rows, like E3 2022 in the shared data). The points baseline needs no training.
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "e2e/league.hpp"

namespace podium::e2e {
namespace {

using nlohmann::json;

class PaperCli : public LeagueCli {
 protected:
  void SetUp() override {
    Cli::SetUp();
    std::ofstream out(path("paper.csv"));
    out << "date,event,event_class,athlete_id,rank,points\n";
    const char* const races[] = {"Omloop Test", "E3 Harelbeke", "Paris-Roubaix"};
    for (const int season : {2017, 2018, 2019}) {
      for (int race = 0; race < 3; ++race) {
        if (season == 2017 && race > 0) continue;  // 2017: no paper classic
        const bool lost_top10 = season == 2019 && race == 1;
        for (int place = lost_top10 ? 11 : 1; place <= 20; ++place) {
          // Rider i usually finishes i-th; the 2019 Roubaix swaps the first two.
          const int rider = season == 2019 && race == 2 && place <= 2 ? 3 - place : place;
          out << season << "-0" << 2 + race << "-1" << race << "," << races[race] << ",1.UWT,r"
              << rider << "," << place << "," << (place <= 10 ? 110 - 10 * place : 0) << "\n";
        }
      }
    }
    out.close();
    db_ = " --db " + path("p.db");
    const Result imp = run("results import " + path("paper.csv") + " --format generic" + db_);
    ASSERT_EQ(imp.code, 0) << imp.out;
  }
};

TEST_F(PaperCli, SixClassicsFixedIdealAndDamagedRaces) {
  const json all = run_json("rank evaluate --year 2019 --model baseline");
  ASSERT_EQ(all["races"].size(), 3U);
  EXPECT_EQ(all["idcg"], "race");
  EXPECT_EQ(all["races_damaged"], 1);
  EXPECT_EQ(all["races"][1]["race_key"], "e3-harelbeke");
  EXPECT_EQ(all["races"][1]["top10_in_data"], 0);
  EXPECT_TRUE(all["races"][1]["damaged"].get<bool>());
  EXPECT_EQ(all["races"][2]["top10_in_data"], 10);
  EXPECT_FALSE(all["races"][2]["damaged"].get<bool>());
  EXPECT_NEAR(all["fixed_idcg"].get<double>(), 29.97, 0.005);
  // A full top 10 among the candidates: the race's ideal is the fixed one.
  EXPECT_NEAR(all["races"][2]["ndcg10"].get<double>(),
              all["races"][2]["ndcg10_fixed_idcg"].get<double>(), 1e-12);
  EXPECT_LT(all["races"][2]["ndcg10"].get<double>(), 1.0);  // the first two swapped
  EXPECT_EQ(all["sensitivity"]["result"]["races"], 2);

  const json paper = run_json("rank evaluate --year 2019 --model baseline --paper");
  EXPECT_EQ(paper["idcg"], "fixed");
  EXPECT_TRUE(paper["paper"].get<bool>());
  ASSERT_EQ(paper["races"].size(), 2U);  // E3 and Roubaix, not the Omloop
  EXPECT_EQ(paper["races_damaged"], 1);
  EXPECT_NEAR(paper["mean_ndcg10_fixed_idcg"].get<double>(),
              paper["races"][1]["ndcg10_fixed_idcg"].get<double>(), 1e-12);
  EXPECT_EQ(run_json("rank evaluate --year 2019 --model baseline --paper --idcg race")["idcg"],
            "race");

  const Result table = run_quiet("rank evaluate --year 2019 --model baseline --paper");
  ASSERT_EQ(table.code, 0) << table.out;
  EXPECT_NE(table.out.find("damaged"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("NDCGfix"), std::string::npos) << table.out;

  EXPECT_EQ(run("rank evaluate --year 2019 --model baseline --idcg ideal" + db_).code, 2);
  const Result none = run("rank evaluate --year 2017 --model baseline --paper" + db_);
  EXPECT_EQ(none.code, 3) << none.out;
  EXPECT_NE(none.out.find("six classics"), std::string::npos) << none.out;
}

}  // namespace
}  // namespace podium::e2e
