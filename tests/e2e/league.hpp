// A seeded synthetic league for the rank commands' end-to-end tests, written as a generic results
// CSV and imported into a store of the test's own: one-day races (class 1.UWT, so each is both
// trained on and tested), a random subset of riders starting each, finishing in the order of
// ability + noise.
//
//   class RankCli : public LeagueCli {};
//   TEST_F(RankCli, X) { import_league({.seed = 7}); const json j = run_json("rank evaluate ...");
//   }
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "e2e/cli.hpp"

namespace podium::e2e {

struct LeagueSpec {
  std::uint32_t seed = 7;
  int riders = 60;
  int first_season = 2012;
  int last_season = 2019;
  int races = 8;  // per season, on day (first_day + day_step * race) of month 3 + race
  int starters = 40;
  const char* race_name = "Classic";  // races are "<race_name> A", "B", ...
  int first_day = 5;
  int day_step = 2;
  // Ability: drawn N(0, 1) per rider, or, with a slope, -slope * i for rider-i (no draws).
  double slope = 0.0;
  double noise_sd = 0.7;
  // Birth dates: birth_year + i % birth_years, month 1 + i % 9, day birth_day; 1 year = all alike.
  int birth_year = 1985;
  int birth_years = 12;
  int birth_day = 15;
  bool month_varies = true;
  bool points = true;  // the top 10 score 100, 90, ..., 10; else nobody scores
};

inline void write_league(const std::string& path, const LeagueSpec& s) {
  std::mt19937 rng(s.seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::vector<double> ability(static_cast<std::size_t>(s.riders));
  for (int i = 0; i < s.riders; ++i)
    ability[static_cast<std::size_t>(i)] = s.slope > 0 ? -s.slope * i : noise(rng);
  std::ofstream out(path);
  out << "date,event,event_class,athlete_id,birth_date,rank,points\n";
  for (int season = s.first_season; season <= s.last_season; ++season) {
    for (int race = 0; race < s.races; ++race) {
      std::vector<int> riders(static_cast<std::size_t>(s.riders));
      for (int i = 0; i < s.riders; ++i)
        riders[static_cast<std::size_t>(i)] = i;
      std::shuffle(riders.begin(), riders.end(), rng);
      riders.resize(static_cast<std::size_t>(s.starters));
      std::vector<std::pair<double, int>> perf;
      perf.reserve(riders.size());
      for (const int r : riders)
        perf.emplace_back(ability[static_cast<std::size_t>(r)] + s.noise_sd * noise(rng), r);
      std::sort(perf.rbegin(), perf.rend());
      char date[48];
      std::snprintf(date, sizeof date, "%04d-%02d-%02d", season, 3 + race,
                    s.first_day + s.day_step * race);
      for (std::size_t place = 0; place < perf.size(); ++place) {
        const int r = perf[place].second;
        char birth[32];
        std::snprintf(birth, sizeof birth, "%04d-%02d-%02d", s.birth_year + r % s.birth_years,
                      s.month_varies ? 1 + r % 9 : 1, s.birth_day);
        const int points = s.points && place < 10 ? 100 - 10 * static_cast<int>(place) : 0;
        out << date << "," << s.race_name << " " << char('A' + race) << ",1.UWT,rider-" << r << ","
            << birth << "," << place + 1 << "," << points << "\n";
      }
    }
  }
}

class LeagueCli : public Cli {
 protected:
  void import_league(const LeagueSpec& spec) {
    write_league(path("league.csv"), spec);
    db_ = " --db " + path("p.db");
    const Result imp = run("results import " + path("league.csv") + " --format generic" + db_);
    ASSERT_EQ(imp.code, 0) << imp.out;
  }
  // The command on the league's store, stderr dropped.
  Result run_quiet(const std::string& args) {
    return run_shell(std::string(PODIUM_BIN) + " " + args + db_ + " 2>/dev/null");
  }
  nlohmann::json run_json(const std::string& args) {
    const Result r = run_quiet(args + " --json");
    EXPECT_EQ(r.code, 0) << args;
    return nlohmann::json::parse(r.out);
  }
  std::string db_;
};

}  // namespace podium::e2e
