// What the erasure and export tests share: a store with two athletes, each with settings, two
// synthetic activities (with GPS), consent and a team, and for the one to erase also a user
// account with a session, an analysis folder with files, a job and audit rows their user wrote;
// and a byte scan of files and folders.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "podium/store/governance.hpp"
#include "podium/store/store.hpp"
#include "store/sqlite.hpp"
#include "store/synthetic.hpp"
#include "store/test_db.hpp"

namespace podium::store::testkit {

// Distinctive strings that can only be in a file if the athlete's data is.
inline const std::string kErasedId = "Zq7xRider";
inline const std::string kKeptId = "Kp4yRider";
inline const std::string kErasedUser = "zq7x.user";
inline const std::string kErasedFiles[2] = {"zq7x-morning-ride.fit", "zq7x-evening-ride.fit"};
inline const std::string kConsentSentinel = "zq7x-signed-form-sentinel";
inline const std::string kDevice = "wahoo_zq7x_bolt";

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every place under `paths` (files, or folders walked recursively, names included) that holds
// `needle`, as "file: needle" lines; empty when none.
inline std::vector<std::string> scan_for(const std::vector<std::filesystem::path>& paths,
                                         const std::vector<std::string>& needles) {
  std::vector<std::string> found;
  auto scan_file = [&](const std::filesystem::path& file) {
    const std::string bytes = slurp(file);
    for (const std::string& n : needles) {
      if (bytes.find(n) != std::string::npos) found.push_back(file.string() + ": " + n);
      if (file.string().find(n) != std::string::npos)
        found.push_back(file.string() + " (name): " + n);
    }
  };
  for (const auto& p : paths) {
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(p)) {
        if (e.is_regular_file()) scan_file(e.path());
      }
    } else if (std::filesystem::exists(p)) {
      scan_file(p);
    }
  }
  return found;
}

inline ActivityRecord governance_activity(const std::string& athlete, int index,
                                          const std::string& file_name) {
  ActivityRecord r = synthetic_activity(athlete, index, 3000);
  r.file_name = file_name;
  if (athlete == kErasedId) r.device = kDevice;
  // The GPS pair: synthetic_activity has latitude; a track has longitude too.
  std::vector<double> lon(r.channels[3].values.size());
  for (std::size_t i = 0; i < lon.size(); ++i)
    lon[i] = static_cast<double>(85000000 + 100 * static_cast<long long>(i)) * 1e-7;
  r.channels.push_back({"lon_deg", 1e-7, lon});
  return r;
}

class GovernanceStore : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(data_dir());
    Store st = Store::open(db_path());
    st.add_athlete(kKeptId);
    st.add_athlete(kErasedId);
    AthleteSettings s;
    s.effective_from_day = 19000;
    st.set_settings(kKeptId, s);
    st.set_settings(kErasedId, s);
    s.effective_from_day = 19700;
    s.ftp_w = 290;
    st.set_settings(kErasedId, s);
    // Interleaved, so that the two athletes' rows share pages.
    st.import_activity(governance_activity(kKeptId, 1, "kept-1.fit"));
    st.import_activity(governance_activity(kErasedId, 2, kErasedFiles[0]));
    st.import_activity(governance_activity(kKeptId, 3, "kept-2.fit"));
    st.import_activity(governance_activity(kErasedId, 4, kErasedFiles[1]));
    Governance g(st);
    g.record_consent(kErasedId, Purpose::PerformanceModelling, true, "cli:coach", kConsentSentinel);
    g.record_consent(kKeptId, Purpose::PerformanceModelling, true, "cli:coach", "kept note");
  }

  std::string db_path() const { return dir_.path("podium.db"); }
  std::string data_dir() const { return dir_.path("data"); }
  std::vector<std::filesystem::path> store_files() const {
    return {db_path(), db_path() + "-wal", db_path() + "-shm", data_dir()};
  }

  TempDir dir_;
};

}  // namespace podium::store::testkit
