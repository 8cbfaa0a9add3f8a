// `podium results import` as a user meets it: a generic file with bad rows (their lines on the
// output), a small PCS folder, a re-import that adds nothing, and wrong or unreadable input (exit
// code, one-line error, nothing written).
#include <gtest/gtest.h>

#include <fstream>

#include "e2e/cli.hpp"
#include "podium/store/store.hpp"

namespace podium::e2e {
namespace {

std::size_t stored_results(const std::string& db) {
  return podium::store::Store::open(db).results().results.size();
}

class ResultsCli : public Cli {};

TEST_F(ResultsCli, GenericFileWithBadRowsImportsTheRestAndNamesTheLines) {
  write_file(path("r.csv"),
             "date,event,athlete_id,rank,points\n"
             "2019-04-14,Paris-Roubaix,ann,1,500\n"
             "2019-02-30,Paris-Roubaix,bob,2,\n"
             "2019-04-14,Paris-Roubaix,\"multi\nline\",3,\n"
             "2019-04-14,Paris-Roubaix,cy,WON,\n"
             "2019-04-14,Paris-Roubaix,dan,DNF,\n");
  const std::string db = path("p.db");
  const Result r = run("results import " + path("r.csv") + " --format generic --db " + db);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("2 results (2 new), 1 events, 2 athletes, 3 bad rows, 0 duplicates"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("r.csv: line 3: date: '2019-02-30' is not a real YYYY-MM-DD date\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("r.csv: line 4: athlete_id: 'multi?line' is not 1-64 characters"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("r.csv: line 6: rank: 'WON' is not a place"), std::string::npos) << r.out;
  EXPECT_EQ(stored_results(db), 2U);
  const Result again = run("results import " + path("r.csv") + " --format generic --db " + db);
  EXPECT_NE(again.out.find("2 results (0 new)"), std::string::npos) << again.out;
  EXPECT_EQ(stored_results(db), 2U);
}

TEST_F(ResultsCli, StrictStopsWithExitTwoAndWritesNothing) {
  write_file(path("r.csv"), "date,event,athlete_id,rank\n2019-04-14,A,ann,1\n2019-04-14,A,bob,0\n");
  const std::string db = path("p.db");
  const Result r = run("results import " + path("r.csv") + " --format generic --strict --db " + db);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("r.csv: line 3: rank = 0: must be 1-10000"), std::string::npos) << r.out;
  EXPECT_EQ(stored_results(db), 0U);
}

TEST_F(ResultsCli, PcsFolderImports) {
  std::filesystem::create_directories(path("pcs"));
  write_file(
      path("pcs/pcs_rider_results.csv.gz"),  // plain text under the .gz name is read as is
      "rider_slug,date,result_ranking,general_classification,race_name,distance_km,pcs_points,"
      "uci_points,year\n"
      "ann-a,14.04,3.0,,Paris-Roubaix (1.UWT),257,110,,2019\n"
      "ann-a,19.04 » 23.04,,,Tour Eritrea (2.2),,,,2019\n"
      "ann-a,,24,,General classification,,5,,2019\n"
      "ann-a,23.04,12,,Stage 2 - Asmara › Asmara,113,,,2019\n"
      "bob-b,14.04,1,,Paris-Roubaix (1.UWT),257,500,,2019\n"
      "bob-b,20.04,4,,Stage 9 - Lost › Lost,100,,,2019\n");
  write_file(path("pcs/riders_info.csv"), "name,DOB,link\nAnn,1995-02-07,rider/ann-a\n");
  const std::string db = path("p.db");
  const Result r = run("results import " + path("pcs") + " --format pcs --db " + db);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("4 results (4 new), 4 events, 2 athletes, 1 bad rows"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("pcs_rider_results.csv.gz: line 7: race_name: 'Stage 9 - Lost › Lost' is a "
                       "stage row without a stage-race header above it\n"),
            std::string::npos)
      << r.out;
  const auto rows = podium::store::Store::open(db).results();
  ASSERT_EQ(rows.athletes.size(), 2U);
  EXPECT_EQ(rows.athletes[0].birth_day, 9168);  // 1995-02-07
}

TEST_F(ResultsCli, WrongFormatOrMissingFileWritesNothing) {
  write_file(path("w.csv"), "a,b\n1,2\n");
  const std::string db = path("p.db");
  Result r = run("results import " + path("w.csv") + " --format generic --db " + db);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("missing column(s) date, event, athlete_id, rank"), std::string::npos)
      << r.out;
  r = run("results import " + path("w.csv") + " --format pcs --db " + db);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("not a PCS results file"), std::string::npos) << r.out;
  r = run("results import " + path("none.csv") + " --format generic --db " + db);
  EXPECT_EQ(r.code, 3) << r.out;
  r = run("results import " + path("w.csv") + " --format tennis --db " + db);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_FALSE(std::filesystem::exists(db) && stored_results(db) != 0U);
}

// A read command pointed at a store that is not there says so in one line (exit 3) and leaves
// no empty database behind; only `results import` and `athlete add` create one.
TEST_F(ResultsCli, ReadCommandsOnAMissingStoreCreateNothing) {
  const std::string db = path("new.db");
  for (const std::string args :
       {"rank predict --year 2019 --race x --db ", "rank evaluate --year 2019 --db ",
        "careers peak-age --db ", "load --athlete a --db ", "athlete show a --db ",
        "activity show 1 --db "}) {
    const Result r = run(args + db);
    EXPECT_EQ(r.code, 3) << args << r.out;
    EXPECT_EQ(r.out, "podium: " + db +
                         ": no podium store here (`podium athlete add` or `podium results "
                         "import` creates one)\n")
        << args;
    EXPECT_FALSE(fs::exists(db)) << args;
  }
}

}  // namespace
}  // namespace podium::e2e
