// The plan file parser (parse_plan_csv): accepted input, one message per rejected class, the place
// of an error as fields, and the fuzz seeds.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "podium/core/calendar.hpp"
#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/sensor/load.hpp"
#include "testkit/throws_error.hpp"

namespace podium::sensor {
namespace {

using podium::testkit::ThrowsError;

namespace fs = std::filesystem;

TEST(PlanCsv, ParsesGoodFile) {
  const std::string text =
      "\xEF\xBB\xBF# build block\r\n"
      "date,tss\r\n"
      "\r\n"
      "2024-03-03, 120.5\r\n"
      "  2024-03-01 ,0\r\n"
      "# rest\n"
      "2024-03-02,1e2\n"
      "2024-02-29,2000";
  const auto plan = parse_plan_csv(text, "plan.csv");
  const std::int32_t d = day_from_iso("2024-02-29", {});
  const std::vector<std::pair<std::int32_t, double>> expected = {
      {d, 2000}, {d + 1, 0}, {d + 2, 100}, {d + 3, 120.5}};
  EXPECT_EQ(plan, expected);
  EXPECT_TRUE(parse_plan_csv("date,tss\n", "p").empty());
}

TEST(PlanCsv, EachErrorClassHasItsMessage) {
  const auto expect = [](const std::string& text, const std::string& message) {
    EXPECT_THAT([&] { parse_plan_csv(text, "plan.csv"); }, ThrowsError(ErrorKind::Format, message));
  };
  expect("",
         "plan.csv: no header line: expected 'date,tss' (the file holds only blank lines and "
         "comments)");
  expect("# only\n\n",
         "plan.csv: no header line: expected 'date,tss' (the file holds only blank "
         "lines and comments)");
  expect("day;tss\n2024-01-01;5\n", "plan.csv: line 1: header: expected 'date,tss', got 'day;tss'");
  expect("2024-01-01,50\n", "plan.csv: line 1: header: expected 'date,tss', got '2024-01-01,50'");
  expect("date,tss\n2024-01-01,50,3\n", "plan.csv: line 2: expected 2 fields (date,tss), got 3");
  expect("date,tss\n2024-01-01\n", "plan.csv: line 2: expected 2 fields (date,tss), got 1");
  expect("date,tss\n\n2024-02-30,50\n",
         "plan.csv: line 3: date: '2024-02-30' is not a date (YYYY-MM-DD)");
  expect("date,tss\n2024-01-01,abc\n", "plan.csv: line 2: tss: 'abc' is not a number");
  expect("date,tss\n2024-01-01,\n", "plan.csv: line 2: tss: '' is not a number");
  expect("date,tss\n2024-01-01,12x\n", "plan.csv: line 2: tss: '12x' is not a number");
  expect("date,tss\n2024-01-01,nan\n", "plan.csv: line 2: tss: 'nan' is not a number");
  expect("date,tss\n2024-01-01,2500\n", "plan.csv: line 2: tss = 2500: must be in [0, 2000]");
  expect("date,tss\n2024-01-01,-1\n", "plan.csv: line 2: tss = -1: must be in [0, 2000]");
  expect("date,tss\r\n2024-01-01,5\r\n# x\r\n2024-01-01,7\r\n",
         "plan.csv: line 4: date = 2024-01-01: already given on line 2");
}

TEST(PlanCsv, TheErrorIsPlacedAtLineAndField) {
  try {
    parse_plan_csv("date,tss\n# a comment\n2024-01-01,2500\n", "plan.csv");
    FAIL() << "parsed";
  } catch (const Error& e) {
    EXPECT_EQ(e.place().source, "plan.csv");
    EXPECT_EQ(e.place().line, 3u);
    EXPECT_EQ(e.place().field, "tss");
    EXPECT_EQ(e.place().value, "2500");
    EXPECT_EQ(e.problem(), "must be in [0, 2000]");
  }
}

// The fuzz seeds either parse or throw Error; the ones named ok-* parse.
TEST(PlanCsv, FuzzCorpusParsesOrThrowsError) {
  const fs::path corpus = fs::path(PODIUM_SOURCE_DIR) / "fuzz" / "corpus" / "plan";
  ASSERT_TRUE(fs::is_directory(corpus)) << corpus;
  int files = 0;
  for (const auto& entry : fs::directory_iterator(corpus)) {
    ++files;
    const std::string text = read_file(entry.path().string());
    const bool ok = entry.path().filename().string().rfind("ok-", 0) == 0;
    try {
      parse_plan_csv(text, entry.path().filename().string());
      EXPECT_TRUE(ok) << entry.path() << " parsed";
    } catch (const Error& e) {
      EXPECT_FALSE(ok) << entry.path() << ": " << e.what();
    }
  }
  EXPECT_GT(files, 0);
}

}  // namespace
}  // namespace podium::sensor
