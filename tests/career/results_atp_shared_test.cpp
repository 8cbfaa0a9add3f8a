// The ATP reader on the shared Sackmann snapshot (PROVENANCE.md section 3, pinned by checksum):
// counts pinned, and every Grand Slam edition has exactly one champion with 2000 points. Skips
// when the shared data is absent.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "podium/career/results_csv.hpp"

namespace {

using namespace podium::career;

std::string shared_data() {
  const char* env = std::getenv("PODIUM_SHARED_DATA");
  return env != nullptr ? env : "../shared/data";
}

TEST(ResultsAtpShared, SackmannSnapshotCounts) {
  const std::string folder = shared_data() + "/cycling/tennis_atp_sackmann";
  if (!std::filesystem::exists(folder + "/atp_matches_1985_2024.csv.gz")) {
    GTEST_SKIP() << "shared ATP data not found at " << folder << " (set PODIUM_SHARED_DATA)";
  }
  const ResultsImport r = read_results_atp_path(folder, {});
  EXPECT_EQ(r.counts.rows, 129559);  // PROVENANCE.md: 129,559 matches
  EXPECT_EQ(r.counts.skipped, 11500);
  EXPECT_EQ(r.counts.bad_rows, 20);  // players-file dobs after the match date
  EXPECT_EQ(r.counts.events, 2861);
  EXPECT_EQ(r.counts.athletes, 2753);
  EXPECT_EQ(r.counts.results, 120226);
  std::map<std::int32_t, int> champions;
  for (const Result& x : r.table.results)
    if (r.table.events[x.event].event_class == "G" && x.rank == 1) {
      ++champions[x.event];
      EXPECT_EQ(x.points, 2000);
    }
  EXPECT_EQ(champions.size(), 158u);  // 4 Slams x 40 years, minus 1986 AO and 2020 Wimbledon
  for (const auto& [event, n] : champions)
    EXPECT_EQ(n, 1) << r.table.events[event].name;
}

}  // namespace
