// Test helpers that look into a store's database directly: a temporary directory, row counts of
// every table, the audit log and SQLite's integrity check.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "store/sqlite.hpp"

namespace podium::store::testkit {

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("podium-store-" + std::to_string(::getpid()) + "-" +
            (info != nullptr ? std::string(info->name()) : std::string("x")));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

 private:
  std::filesystem::path dir_;
};

inline const std::vector<std::string> kTables = {
    "schema_migrations", "athletes",         "athlete_settings", "activities",
    "activity_channels", "activity_metrics", "activity_mmp",     "audit_log"};

inline std::int64_t count_rows(const Db& db, const std::string& table) {
  Statement s(db, "SELECT COUNT(*) FROM " + table, "count " + table);
  s.step();
  return s.int64(0);
}

inline std::map<std::string, std::int64_t> count_all(const Db& db) {
  std::map<std::string, std::int64_t> counts;
  for (const std::string& t : kTables)
    counts[t] = count_rows(db, t);
  return counts;
}

inline std::vector<std::string> audit_rows(const Db& db) {
  Statement s(db, "SELECT id, at_utc_s, action, detail FROM audit_log ORDER BY id", "read audit");
  std::vector<std::string> rows;
  while (s.step()) {
    rows.push_back(std::to_string(s.int64(0)) + " " + std::to_string(s.int64(1)) + " " + s.text(2) +
                   " " + s.text(3));
  }
  return rows;
}

inline std::string integrity_check(const Db& db) {
  Statement s(db, "PRAGMA integrity_check", "integrity_check");
  std::string out;
  while (s.step()) {
    if (!out.empty()) out += '\n';
    out += s.text(0);
  }
  return out;
}

// Equal element by element, NaN matching NaN.
inline void expect_same_values(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(got[i])) << "index " << i;
    } else {
      EXPECT_EQ(got[i], want[i]) << "index " << i;
    }
  }
}

}  // namespace podium::store::testkit
