// Hostile activity files through `podium activity show` and `activity import` (issue 11): each
// past one of podium's limits (core/limits.hpp) is refused with exit 2 and one line naming the
// file, its place and the limit, while the run's peak resident memory stays under 1 GB. The test
// makes each file itself, small on disk (gzip) and just past its limit once read. Also: a FIT
// without records is reported as failed by an import and stored nowhere.
#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>
#include <string>
#include <vector>

#include "e2e/activity_cli.hpp"
#include "podium/core/limits.hpp"
#include "sensor/fit_writer.hpp"
#include "testkit/gzip.hpp"

namespace podium::e2e {
namespace {

// A FIT of `records` record messages of one byte (heart rate): 2 bytes each.
std::string fit_of_records(std::uint64_t records) {
  sensor::test::FitWriter w;
  w.define(0, 20, {{3, 1, sensor::kFitUint8}});
  for (std::uint64_t i = 0; i < records; ++i)
    w.data(0, {sensor::test::u8(120)});
  return w.file();
}

std::string gpx_of_points(std::uint64_t points) {
  std::string text = "<gpx version=\"1.1\" creator=\"t\"><trk><trkseg>";
  text.reserve(text.size() + 8 * points + 32);
  for (std::uint64_t i = 0; i < points; ++i)
    text += "<trkpt/>";
  return text + "</trkseg></trk></gpx>\n";
}

// Elements nested `depth` deep inside the root, within the node limit.
std::string nested_gpx(std::uint64_t depth) {
  std::string text = "<gpx version=\"1.1\" creator=\"t\">";
  text.reserve(text.size() + 7 * depth + 8);
  for (std::uint64_t i = 0; i < depth; ++i)
    text += "<a>";
  for (std::uint64_t i = 0; i < depth; ++i)
    text += "</a>";
  return text + "</gpx>\n";
}

const std::string kRideTcx =
    "<TrainingCenterDatabase><Activities><Activity Sport=\"Biking\"><Id>2024-01-01T07:00:00Z</Id>"
    "<Lap StartTime=\"2024-01-01T07:00:00Z\"><Track>"
    "<Trackpoint><Time>2024-01-01T07:00:00Z</Time><HeartRateBpm><Value>120</Value></HeartRateBpm>"
    "</Trackpoint><Trackpoint><Time>2024-01-01T07:00:01Z</Time><HeartRateBpm><Value>121</Value>"
    "</HeartRateBpm></Trackpoint></Track></Lap></Activity></Activities></TrainingCenterDatabase>\n";

struct Hostile {
  const char* name;
  std::string limit_text;  // a part of the one error line that names the limit
};

class LimitsActivityCli : public ActivityCli {
 protected:
  std::string write(const std::string& name, const std::string& bytes) const {
    std::ofstream(path(name), std::ios::binary) << bytes;
    return path(name);
  }
  std::string home() const { return "PODIUM_HOME=" + dir_.string(); }

  // `activity show FILE`: exit 2, one line "podium: FILE: byte N...: ... LIMIT ...", bounded RSS.
  void expect_refused(const std::string& file, const std::string& limit_text) const {
    SCOPED_TRACE(file);
    const MeasuredResult r = run_measured("activity show " + file + " 2>&1", home());
    EXPECT_EQ(r.code, 2) << r.out;
    const std::vector<std::string> lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 1u) << r.out;
    EXPECT_EQ(lines[0].rfind("podium: " + file + ": byte ", 0), 0u) << lines[0];
    EXPECT_TRUE(contains(lines[0], limit_text)) << lines[0];
    expect_bounded_memory(r);
  }
};

std::string over(std::uint64_t limit, const std::string& what, const std::string& unit) {
  return what + " = " + std::to_string(limit + 1) + ": more than podium's limit of " +
         std::to_string(limit) + " " + unit;
}

TEST_F(LimitsActivityCli, GzipThatInflatesPastTheCap) {
  const std::string file =
      write("bomb.fit.gz", testkit::gzip(fit_of_records(1), limits::kInflatedBytes + (1 << 20)));
  ASSERT_LT(fs::file_size(file), 1u << 20);
  // core/gzip says the cap as "256 MiB" or as its number of bytes.
  const MeasuredResult r = run_measured("activity show " + file + " 2>&1", home());
  EXPECT_EQ(r.code, 2) << r.out;
  ASSERT_EQ(lines_of(r.out).size(), 1u) << r.out;
  EXPECT_EQ(r.out.rfind("podium: " + file + ": byte ", 0), 0u) << r.out;
  EXPECT_TRUE(contains(r.out, "256 MiB") ||
              contains(r.out, std::to_string(limits::kInflatedBytes) + " bytes"))
      << r.out;
  expect_bounded_memory(r);
}

TEST_F(LimitsActivityCli, FitGzWithOneRecordTooMany) {
  const std::string file =
      write("records.fit.gz", testkit::gzip(fit_of_records(limits::kActivityRecords + 1)));
  expect_refused(file, over(limits::kActivityRecords, "records", "records per activity"));
}

TEST_F(LimitsActivityCli, GpxGzWithOnePointTooMany) {
  const std::string file =
      write("points.gpx.gz", testkit::gzip(gpx_of_points(limits::kActivityRecords + 1)));
  expect_refused(file, over(limits::kActivityRecords, "records", "records per activity"));
}

TEST_F(LimitsActivityCli, NestedXmlBomb) {
  // 1.9 M levels: as deep as the node limit lets a document nest (two tags per level).
  const std::string file = write("nested.gpx", nested_gpx(limits::kXmlNodes / 2 - 100'000));
  expect_refused(file, over(limits::kXmlDepth, "XML depth", "nested elements"));
}

TEST_F(LimitsActivityCli, ImportBatchFailsEachHostileFileAndKeepsTheRides) {
  const std::string athlete = add_athlete();
  const std::vector<Hostile> hostile = {
      {"records.fit.gz", over(limits::kActivityRecords, "records", "records per activity")},
      {"nested.gpx", over(limits::kXmlDepth, "XML depth", "nested elements")},
      {"header-only.fit", "no record messages: the activity has no records"},
  };
  const std::string first = write("first.tcx", kRideTcx);
  write("records.fit.gz", testkit::gzip(fit_of_records(limits::kActivityRecords + 1)));
  write("nested.gpx", nested_gpx(limits::kXmlDepth + 1));
  write("header-only.fit", sensor::test::FitWriter().file());
  // append, not " " + path: GCC 12 sees a false overlap (-Wrestrict) in the rvalue operator+.
  std::string files = " " + first;
  for (const Hostile& h : hostile)
    files.append(" ").append(path(h.name));
  std::string second = kRideTcx;
  second.replace(second.find("<Value>121"), 10, "<Value>122");  // another file, not a duplicate
  files.append(" ").append(write("second.tcx", second));

  const MeasuredResult r =
      run_measured("activity import" + files + " --athlete " + athlete + db() + " 2>&1", home());
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_TRUE(contains(r.out, "imported 1 first.tcx")) << r.out;
  EXPECT_TRUE(contains(r.out, "imported 2 second.tcx")) << r.out;
  for (const Hostile& h : hostile) {
    SCOPED_TRACE(h.name);
    EXPECT_TRUE(contains(r.out, "failed " + path(h.name) + "\n")) << r.out;
    std::size_t errors = 0;
    for (const std::string& line : lines_of(r.out)) {
      if (line.rfind("podium: " + path(h.name) + ": byte ", 0) != 0) continue;
      ++errors;
      EXPECT_TRUE(contains(line, h.limit_text)) << line;
    }
    EXPECT_EQ(errors, 1u) << r.out;
  }
  EXPECT_TRUE(contains(r.out, "2 imported, 0 duplicates, 3 failed")) << r.out;
  expect_bounded_memory(r);
  EXPECT_EQ(activity_count(athlete), 2u) << "nothing of a refused file is stored";
}

TEST_F(LimitsActivityCli, HeaderOnlyFitIsNotStoredAndShowSaysWhy) {
  const std::string athlete = add_athlete();
  const std::string file = write("header-only.fit", sensor::test::FitWriter().file());
  const Output imported = podium("activity import " + file + " --athlete " + athlete + db());
  EXPECT_EQ(imported.code, 2) << imported.out << imported.err;
  EXPECT_TRUE(contains(imported.out, "failed " + file + "\n")) << imported.out;
  EXPECT_TRUE(contains(imported.out, "0 imported, 0 duplicates, 1 failed")) << imported.out;
  EXPECT_EQ(lines_of(imported.err).size(), 2u) << imported.err;  // the file, then the summary
  EXPECT_EQ(lines_of(imported.err)[0],
            "podium: " + file + ": byte 16: no record messages: the activity has no records");
  EXPECT_EQ(activity_count(athlete), 0u);

  const Output shown = podium("activity show " + file);
  EXPECT_EQ(shown.code, 2);
  EXPECT_EQ(shown.out, "");
  EXPECT_EQ(shown.err,
            "podium: " + file + ": byte 16: no record messages: the activity has no records\n");
}

TEST_F(LimitsActivityCli, XmlWarningsSayTheirPlaceOnce) {
  const std::string athlete = add_athlete();
  std::string bad = kRideTcx;
  bad.replace(bad.find("<Value>121"), 10, "<Value>1x1");
  const std::string file = write("bad-value.tcx", bad);
  const Output r = podium("activity import " + file + " --athlete " + athlete + db());
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  std::size_t warnings = 0;
  for (const std::string& line : lines_of(r.out)) {
    if (line.rfind("  warning: ", 0) != 0) continue;
    ++warnings;
    EXPECT_EQ(line.rfind("  warning: bad-value.tcx: byte ", 0), 0u) << line;
    EXPECT_EQ(count_of(line, "byte "), 1u) << line;
  }
  EXPECT_EQ(warnings, 1u) << r.out;
}

}  // namespace
}  // namespace podium::e2e
