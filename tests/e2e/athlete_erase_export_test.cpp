// `podium athlete delete` and `podium athlete export` as a user meets them: an athlete with two
// imported rides (TCX with GPS, written by the test) is exported pseudonymised (no id, file name or
// GPS in the file), refused an identified export without the sharing consent, and erased: then
// no byte of the id or the file names is in the database, its WAL or the data folder.
#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>

#include "e2e/activity_cli.hpp"
#include "podium/core/file.hpp"
#include "podium/store/governance.hpp"
#include "podium/store/store.hpp"
#include "store/sqlite.hpp"

namespace podium::e2e {
namespace {

const std::string kId = "Zq7xCliRider";
const std::string kRides[2] = {"zq7x-cli-morning.tcx", "zq7x-cli-evening.tcx"};

// A ten-minute ride with position, heart rate and power every second, starting at `start`.
std::string gps_ride_tcx(std::time_t start) {
  std::string points;
  for (int s = 0; s < 600; ++s) {
    points += "<Trackpoint><Time>" + iso_utc(start + s) + "</Time><Position><LatitudeDegrees>" +
              std::to_string(47.3 + s * 1e-5) + "</LatitudeDegrees><LongitudeDegrees>" +
              std::to_string(8.5 + s * 1e-5) +
              "</LongitudeDegrees></Position><HeartRateBpm><Value>" + std::to_string(120 + s % 30) +
              "</Value></HeartRateBpm><Extensions><ns3:TPX><ns3:Watts>" +
              std::to_string(180 + s % 50) + "</ns3:Watts></ns3:TPX></Extensions></Trackpoint>";
  }
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
 xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2"><Activities>)"
         "<Activity Sport=\"Biking\"><Id>" +
         iso_utc(start) + "</Id><Lap StartTime=\"" + iso_utc(start) + "\"><Track>" + points +
         "</Track></Lap></Activity></Activities></TrainingCenterDatabase>\n";
}

class GovernanceCli : public ActivityCli {
 protected:
  void SetUp() override {
    ActivityCli::SetUp();
    ASSERT_EQ(podium("athlete add " + kId + db()).code, 0);
    ASSERT_EQ(podium("athlete add K0001" + db()).code, 0);
    for (const std::string& id : {kId, std::string("K0001")})
      grant(id, store::Purpose::PerformanceModelling);
    write_file(path(kRides[0]), gps_ride_tcx(1704092400));
    write_file(path(kRides[1]), gps_ride_tcx(1704178800));
    const Output r = podium("activity import " + path(kRides[0]) + " " + path(kRides[1]) +
                            " --athlete " + kId + db());
    ASSERT_EQ(r.code, 0) << r.out << r.err;
  }
  void grant(const std::string& athlete, store::Purpose purpose) const {
    store::Store st = store::Store::open(path("podium.db"));
    store::Governance(st).record_consent(athlete, purpose, true, "test", "");
  }
  std::vector<std::filesystem::path> store_files() const {
    return {path("podium.db"), path("podium.db-wal"), path("podium.db-shm"), path("data")};
  }
  // Files under `paths` (folders walked) that hold `needle`.
  static std::vector<std::string> holding(const std::vector<std::filesystem::path>& paths,
                                          const std::string& needle) {
    std::vector<std::string> found;
    for (const auto& p : paths) {
      std::vector<std::filesystem::path> files;
      if (std::filesystem::is_directory(p)) {
        for (const auto& e : std::filesystem::recursive_directory_iterator(p))
          if (e.is_regular_file()) files.push_back(e.path());
      } else if (std::filesystem::exists(p)) {
        files.push_back(p);
      }
      for (const auto& f : files) {
        if (contains(read_text(f.string()), needle)) found.push_back(f.string());
      }
    }
    return found;
  }
};

TEST_F(GovernanceCli, ExportIsPseudonymisedAndIdentifiedNeedsConsent) {
  Output r = podium("athlete export " + kId + " --out " + path("p.json") + db());
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string text = read_text(path("p.json"));
  for (const std::string& hidden : {kId, kRides[0], kRides[1], std::string("lat_deg")})
    EXPECT_FALSE(contains(text, hidden)) << hidden;
  const json j = json::parse(text);
  EXPECT_EQ(j["activities"].size(), 2u);
  EXPECT_TRUE(contains(r.out, j["athlete"].get<std::string>())) << r.out;

  r = podium("athlete export " + kId + " --out " + path("s1.json") + " --stable" + db());
  ASSERT_EQ(r.code, 0) << r.err;
  r = podium("athlete export " + kId + " --out " + path("s2.json") + " --stable" + db());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(json::parse(read_text(path("s1.json")))["athlete"],
            json::parse(read_text(path("s2.json")))["athlete"]);
  EXPECT_NE(j["athlete"], json::parse(read_text(path("s1.json")))["athlete"]);

  r = podium("athlete export " + kId + " --out " + path("id.json") + " --identified" + db());
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_TRUE(contains(r.err, "sharing")) << r.err;
  EXPECT_TRUE(contains(r.err, kId)) << r.err;
  EXPECT_FALSE(std::filesystem::exists(path("id.json")));

  r = podium("athlete export " + kId + " --out " + path("id.json") + " --identified --stable" +
             db());
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_FALSE(std::filesystem::exists(path("id.json")));

  grant(kId, store::Purpose::Sharing);
  r = podium("athlete export " + kId + " --out " + path("id.json") + " --identified" + db());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(contains(read_text(path("id.json")), kRides[0]));
  EXPECT_TRUE(contains(read_text(path("id.json")), "lat_deg"));

  r = podium("athlete export Nobody --out " + path("n.json") + db());
  EXPECT_EQ(r.code, 3) << r.out << r.err;
  EXPECT_FALSE(std::filesystem::exists(path("n.json")));
}

TEST_F(GovernanceCli, DeleteErasesEveryByteAndAsksFirst) {
  // An analysis of the athlete's as `podium serve` keeps them: a row (the CLI has no command that
  // writes one) and a folder under $PODIUM_HOME/data.
  std::filesystem::create_directories(path("data/analyses/1"));
  write_file(path("data/analyses/1/tracks.json"), "{\"athlete\":\"" + kId + "\"}");
  {
    store::Db db = store::Db::open(path("podium.db"));
    db.exec(
        "INSERT INTO analyses (athlete_id, kind, source_name, dir, created_at_utc_s) VALUES ('" +
            kId + "', 'video', 'clip.mp4', 'analyses/1', 0)",
        "test: add an analysis");
  }
  ASSERT_FALSE(holding(store_files(), kId).empty()) << "the scan must see the athlete first";

  Output r = podium("athlete delete " + kId + db());
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "--yes")) << r.err;
  EXPECT_EQ(activity_count(kId), 2u) << "nothing erased without --yes";

  r = podium("athlete delete " + kId + " --yes --data-dir " + path("data") + db());
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "erased athlete " + kId)) << r.out;
  EXPECT_TRUE(contains(r.out, "1 files deleted")) << r.out;
  for (const std::string& needle : {kId, kRides[0], kRides[1]}) {
    const auto found = holding(store_files(), needle);
    EXPECT_TRUE(found.empty()) << needle << " in " << ::testing::PrintToString(found);
  }
  EXPECT_EQ(activity_count("K0001"), 0u);

  r = podium("athlete delete " + kId + " --yes" + db());
  EXPECT_EQ(r.code, 3) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "\"" + kId + "\" not found")) << r.err;
  r = podium("athlete export " + kId + " --out " + path("p.json") + db());
  EXPECT_EQ(r.code, 3) << r.out << r.err;
}

}  // namespace
}  // namespace podium::e2e
