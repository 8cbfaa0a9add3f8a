// Golden test on the shared PCS data: the whole folder imports, its counts are pinned, and every
// present_in_dataset=yes place of derived_classics_top10_2018_2019_2021.csv is found in the
// imported one-day event of that race_key and season, with that rider, position and PCS points.
// Slow tier (about 2 s of reading); skips when the shared data is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "podium/career/results_csv.hpp"
#include "podium/core/csv.hpp"
#include "podium/core/file.hpp"

namespace {

using namespace podium::career;

std::string shared_data() {
  const char* env = std::getenv("PODIUM_SHARED_DATA");
  return env != nullptr ? env : "../shared/data";
}

TEST(ResultsGolden, PcsFolderMatchesTheDerivedClassicsTop10) {
  const std::string folder = shared_data() + "/cycling/pcs_noctildon";
  if (!std::filesystem::exists(folder + "/pcs_rider_results.csv.gz")) {
    GTEST_SKIP() << "shared PCS data not found at " << folder << " (set PODIUM_SHARED_DATA)";
  }
  const auto start = std::chrono::steady_clock::now();
  const ResultsImport r = read_results_pcs_path(folder, {});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // The rule each bad row broke, without its value or line: "date: is not a real ...".
  std::map<std::string, int> reasons;
  std::int64_t riders_bad = 0;  // rows of riders_info, not of the results file
  for (const BadRow& b : r.bad_rows) {
    std::string rule = b.problem;
    if (rule.starts_with('\'') && rule.find("' ") != std::string::npos)
      rule = rule.substr(rule.find("' ") + 2);
    ++reasons[b.place.field + ": " + rule.substr(0, rule.find(" on line"))];
    riders_bad += b.place.field == "DOB" ? 1 : 0;
  }
  std::printf(
      "read %.2f s: rows %lld results %lld events %lld athletes %lld bad %lld duplicates "
      "%lld headers %lld\n",
      seconds, static_cast<long long>(r.counts.rows), static_cast<long long>(r.counts.results),
      static_cast<long long>(r.counts.events), static_cast<long long>(r.counts.athletes),
      static_cast<long long>(r.counts.bad_rows), static_cast<long long>(r.counts.duplicates),
      static_cast<long long>(r.counts.header_rows));
  for (const auto& [reason, n] : reasons)
    std::printf("  %6d  %s\n", n, reason.c_str());

  EXPECT_EQ(r.counts.rows, 1753051);
  EXPECT_EQ(r.counts.results + r.counts.duplicates + r.counts.header_rows + r.counts.bad_rows,
            r.counts.rows + riders_bad);
  EXPECT_EQ(r.counts.athletes, 9073);
  EXPECT_EQ(r.counts.header_rows, 202015);  // 202,113 less 98 with impossible dates
  EXPECT_EQ(r.counts.results, 1472853);
  EXPECT_EQ(r.counts.events, 61402);
  EXPECT_EQ(r.counts.bad_rows, 1963);
  EXPECT_EQ(r.counts.duplicates, 76220);

  // (race_key, season, rider) -> (rank, points) of one-day results.
  std::map<std::tuple<std::string, int, std::string>, std::pair<int, double>> one_day;
  for (const Result& res : r.table.results) {
    const Event& e = r.table.events[res.event];
    if (e.kind != EventKind::OneDay || e.season < 2018 || e.season > 2021) continue;
    one_day[{e.race_key, e.season, r.table.athletes[res.athlete].id}] = {res.rank, res.points};
  }
  const std::string derived =
      podium::read_file(folder + "/derived_classics_top10_2018_2019_2021.csv");
  podium::CsvReader csv(derived, "derived");
  podium::CsvRecord rec;
  ASSERT_TRUE(csv.next(rec));
  int checked = 0;
  while (csv.next(rec)) {
    // race_key,year,race_name_in_source,date_ddmm,riders..,finishers..,position,rider_slug,
    // pcs_points,present_in_dataset
    if (rec.fields[9] != "yes") continue;
    const std::string key(rec.fields[0]);
    const int year = std::stoi(std::string(rec.fields[1]));
    const std::string rider(rec.fields[7]);
    const auto it = one_day.find({key, year, rider});
    ASSERT_NE(it, one_day.end()) << key << " " << year << " " << rider;
    EXPECT_EQ(it->second.first, std::stoi(std::string(rec.fields[6])))
        << key << " " << year << " " << rider;
    EXPECT_DOUBLE_EQ(it->second.second, std::stod(std::string(rec.fields[8])))
        << key << " " << year << " " << rider;
    ++checked;
  }
  EXPECT_EQ(checked, 316);
}

}  // namespace
