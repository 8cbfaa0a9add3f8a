// Two `podium results import` of the same folder started together into one store: the second
// waits for the first one's write transaction and both succeed (issue 11: "writers wait").
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>

#include "e2e/cli.hpp"

namespace podium::e2e {
namespace {

class ConcurrentImport : public Cli {
 protected:
  // Both at once; returns their results in start order.
  std::pair<Result, Result> import_twice(const std::string& folder, const std::string& format) {
    const std::string cmd =
        "results import " + folder + " --format " + format + " --db " + path("s.db");
    auto a = std::async(std::launch::async, [&] { return run(cmd); });
    auto b = std::async(std::launch::async, [&] { return run(cmd); });
    return {a.get(), b.get()};
  }
};

// A generic CSV big enough that one import's write transaction outlasts the other's start.
TEST_F(ConcurrentImport, TwoImportsOfOneFileBothSucceed) {
  std::filesystem::create_directories(path("in"));
  std::ofstream csv(path("in/results.csv"));
  csv << "date,event,athlete_id,birth_date,rank\n";
  for (int e = 0; e < 2000; ++e) {
    const int month = 1 + e % 12, day = 1 + e % 28;
    for (int a = 0; a < 50; ++a) {
      csv << 2000 + e / 100 << "-" << (month < 10 ? "0" : "") << month << "-"
          << (day < 10 ? "0" : "") << day << ",Race " << e << ",a" << a << ",1980-01-01," << a + 1
          << "\n";
    }
  }
  csv.close();
  const auto [first, second] = import_twice(path("in/results.csv"), "generic");
  EXPECT_EQ(first.code, 0) << first.out;
  EXPECT_EQ(second.code, 0) << second.out;
  EXPECT_NE((first.out + second.out).find("100000 results"), std::string::npos)
      << first.out << second.out;
}

TEST_F(ConcurrentImport, TwoImportsOfTheSharedPcsFolderBothSucceed) {
  const char* env = std::getenv("PODIUM_SHARED_DATA");
  const std::string folder = std::string(env ? env : "../shared/data") + "/cycling/pcs_noctildon";
  if (!std::filesystem::exists(folder + "/pcs_rider_results.csv.gz")) {
    GTEST_SKIP() << "shared PCS data not found at " << folder << " (set PODIUM_SHARED_DATA)";
  }
  const auto [first, second] = import_twice(folder, "pcs");
  EXPECT_EQ(first.code, 0) << first.out.substr(0, 400);
  EXPECT_EQ(second.code, 0) << second.out.substr(0, 400);
}

}  // namespace
}  // namespace podium::e2e
