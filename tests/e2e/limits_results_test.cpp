// `podium results import` on hostile results files (issue 11), each made here: a small .csv.gz
// that inflates to one 100 MB record of commas, a record past the record limit, a 10 MB event
// name, a gzip bomb past the inflation limit, and ten million bad rows. Each is refused with exit
// 2 and one line naming the file, the line and the limit, stores nothing, and the run's peak
// resident memory stays within 1 GB; the bad rows are imported as a count and a short list.
#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>
#include <string>

#include "e2e/cli.hpp"
#include "podium/core/limits.hpp"
#include "podium/store/store.hpp"
#include "testkit/gzip.hpp"

namespace podium::e2e {
namespace {

constexpr const char* kHeader = "date,event,athlete_id,rank\n";

// A .csv.gz of `head`, then `chunk` `times` over: members back to back, so a file that inflates
// to hundreds of MB is written in milliseconds from one compressed chunk.
void write_gzip(const std::string& path, const std::string& head, const std::string& chunk,
                int times) {
  std::ofstream out(path, std::ios::binary);
  out << testkit::gzip(head);
  const std::string member = testkit::gzip(chunk);
  for (int i = 0; i < times; ++i)
    out << member;
}

class ResultsLimits : public Cli {
 protected:
  // A store holding one result, so that "nothing stored" is a count that did not move.
  void SetUp() override {
    Cli::SetUp();
    db_ = path("p.db");
    write_file(path("one.csv"), std::string(kHeader) + "2019-04-14,Paris-Roubaix,ann,1\n");
    ASSERT_EQ(run("results import " + path("one.csv") + " --format generic --db " + db_).code, 0);
    ASSERT_EQ(stored_results(), 1U);
  }
  std::size_t stored_results() const { return store::Store::open(db_).results().results.size(); }
  // Imports `file` and expects exit 2, exactly `line` as the output, nothing stored and the
  // memory bound.
  void expect_refused(const std::string& file, const std::string& line,
                      const std::string& format = "generic") {
    const MeasuredResult r =
        run_measured("results import " + file + " --format " + format + " --db " + db_);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_EQ(r.out, "podium: " + file + ": " + line + "\n");
    EXPECT_EQ(stored_results(), 1U);
    expect_bounded_memory(r);
  }
  std::string db_;
};

TEST_F(ResultsLimits, ARecordOfAHundredMillionCommasStopsAtTheFieldLimit) {
  const std::string file = path("commas.csv.gz");
  write_gzip(file, kHeader, std::string(1'000'000, ','), 100);
  expect_refused(file,
                 "line 2: fields = 1001: more than podium's limit of 1000 fields per record "
                 "(docs/limits.md)");
}

TEST_F(ResultsLimits, ARecordPastTheRecordLimit) {
  std::string record;
  while (record.size() <= limits::kCsvRecordBytes)
    record += std::string(4000, 'x') + ",";
  const std::string file = path("long.csv");
  write_file(file, std::string(kHeader) + "2019-04-14,A,ann,1\n" + record + "\n");
  expect_refused(file,
                 "line 3: record bytes = 1048577: more than podium's limit of 1048576 bytes per "
                 "record (docs/limits.md)");
}

TEST_F(ResultsLimits, ATenMegabyteEventNameIsRefusedByTheFieldLimit) {
  const std::string file = path("name.csv");
  write_file(file,
             std::string(kHeader) + "2019-04-14," + std::string(10'000'000, 'E') + ",ann,1\n");
  expect_refused(file,
                 "line 2: field bytes = 4097: more than podium's limit of 4096 bytes per field "
                 "(docs/limits.md)");
  // Within the field limit but longer than any real name: refused by the name limit.
  write_file(file, std::string(kHeader) + "2019-04-14," + std::string(300, 'E') + ",ann,1\n");
  expect_refused(file,
                 "line 2: event bytes = 300: more than podium's limit of 256 bytes per name "
                 "(docs/limits.md)");
}

TEST_F(ResultsLimits, AGzipBombPastTheInflationLimit) {
  const std::string file = path("bomb.csv.gz");
  // 2019-04-14,A,ann,1 rows, 300 MiB of them inflated, about 300 KB compressed.
  std::string rows;
  while (rows.size() < (std::size_t{1} << 20))
    rows += "2019-04-14,A,ann,1\n";
  write_gzip(file, kHeader, rows, 300);
  const MeasuredResult r = run_measured("results import " + file + " --format generic --db " + db_);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_TRUE(r.out.starts_with("podium: " + file + ": byte ")) << r.out;
  EXPECT_TRUE(
      r.out.ends_with(": inflated bytes = 268435457: more than podium's limit of "
                      "268435456 bytes (docs/limits.md)\n"))
      << r.out;
  EXPECT_EQ(stored_results(), 1U);
  expect_bounded_memory(r);
}

TEST_F(ResultsLimits, TenMillionBadRowsAreACountAndAShortList) {
  const std::string file = path("bad.csv.gz");
  std::string chunk;
  for (int i = 0; i < 1'000'000; ++i)
    chunk += "x\n";
  write_gzip(file, kHeader, chunk, 10);
  const MeasuredResult r = run_measured("results import " + file + " --format generic --db " + db_);
  EXPECT_EQ(r.code, 0) << r.out.substr(0, 2000);
  EXPECT_NE(r.out.find("0 results (0 new), 0 events, 0 athletes, 10000000 bad rows"),
            std::string::npos)
      << r.out.substr(0, 2000);
  EXPECT_NE(r.out.find(": line 2: row has 1 fields, the header 4 or more\n"), std::string::npos);
  EXPECT_NE(r.out.find("\n... and 9999980 more\n"), std::string::npos) << r.out.substr(0, 3000);
  EXPECT_EQ(stored_results(), 1U);
  expect_bounded_memory(r);
}

}  // namespace
}  // namespace podium::e2e
