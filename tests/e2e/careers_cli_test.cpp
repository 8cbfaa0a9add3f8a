// `podium careers peak-age` end to end: a seeded synthetic league with a planted peak age, written
// as a generic results CSV, imported, analysed; plus the SVG files and the empty-store error.
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "e2e/cli.hpp"

namespace podium::e2e {
namespace {

using nlohmann::json;

constexpr double kPeakAge = 27.0;

// 80 riders born 1970-1989 race 12 one-day races a season from age 20 to 35; points per race
// follow ability - 0.8 (age - 27)^2 plus noise, so every group's curve peaks near 27.
void write_careers(const std::string& path) {
  std::mt19937 rng(11);
  std::normal_distribution<double> noise(0.0, 4.0);
  std::ofstream out(path);
  out << "date,event,event_class,athlete_id,birth_date,rank,points\n";
  for (int r = 0; r < 80; ++r) {
    const int born = 1970 + r % 20;
    const double ability = 60.0 + (r % 7) * 5.0;
    for (int season = born + 20; season <= born + 35; ++season) {
      const double age = season + 0.5 - (born + 0.5);
      for (int race = 0; race < 12; ++race) {
        const double points =
            std::max(0.0, ability - 0.8 * (age - kPeakAge) * (age - kPeakAge) + noise(rng));
        out << season << "-0" << 3 + race % 6 << "-1" << race % 9 << ",Race " << race << " of "
            << season << ",1.1,r" << r << "," << born << "-06-01," << 1 + (r + race) % 40 << ","
            << static_cast<int>(points) << "\n";
      }
    }
  }
}

TEST_F(Cli, CareersPeakAgeFindsThePlantedPeak) {
  write_careers(path("careers.csv"));
  const std::string db = " --db " + path("c.db");
  const Result imp = run("results import " + path("careers.csv") + " --format generic" + db);
  ASSERT_EQ(imp.code, 0) << imp.out;
  const Result r =
      run_shell(std::string(PODIUM_BIN) + " careers peak-age --clusters 1 --from 1990 " +
                "--to 2025 --min-points 0 --top 0 --bootstrap 100 --permutations 100 " +
                "--svg-dir " + path("svg") + db + " --json 2>/dev/null");
  ASSERT_EQ(r.code, 0) << r.out;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["cohort"]["athletes"], 80);
  ASSERT_EQ(j["groups"].size(), 2U);  // top and bottom half of the one type
  for (const json& g : j["groups"]) {
    EXPECT_NEAR(g["peak_age"].get<double>(), kPeakAge, 1.0) << g["group"];
    EXPECT_LE(g["ci95"][0].get<double>(), g["peak_age"].get<double>());
    EXPECT_GE(g["ci95"][1].get<double>(), g["peak_age"].get<double>());
    EXPECT_NEAR(g["mixed"]["peak_age"].get<double>(), kPeakAge, 1.0);
  }
  EXPECT_FALSE(fs::is_empty(dir_ / "svg"));
}

TEST_F(Cli, CareersOnAnEmptyStoreSaysWhatToRunFirst) {
  const Result r = run("careers peak-age --db " + path("empty.db"));
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("podium results import"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace podium::e2e
