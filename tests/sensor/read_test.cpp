#include "podium/sensor/read.hpp"
#include "testkit/gzip.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "podium/core/error.hpp"

namespace podium::sensor {
namespace {

const std::string kTcx =
    "<?xml version=\"1.0\"?>\n<TrainingCenterDatabase "
    "xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\"><Activities>"
    "<Activity Sport=\"Biking\"><Id>2009-09-19T13:22:42Z</Id><Lap><Track>"
    "<Trackpoint><Time>2009-09-19T13:22:43Z</Time><HeartRateBpm><Value>101</Value>"
    "</HeartRateBpm></Trackpoint><Trackpoint><Time>2009-09-19T13:22:44Z</Time></Trackpoint>"
    "</Track></Lap></Activity></Activities></TrainingCenterDatabase>\n";
const std::string kGpx =
    "<!-- exported --><gpx version=\"1.1\" creator=\"test\"><trk><trkseg>"
    "<trkpt lat=\"1\" lon=\"2\"><time>2016-04-22T16:44:13Z</time></trkpt></trkseg></trk></gpx>";

std::string error_of(const std::string& name, const std::string& bytes, ErrorKind kind) {
  try {
    read_activity(Source::from_memory(name, bytes), {});
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), kind);
    return e.what();
  }
  return "(no error)";
}

TEST(ReadActivity, GzippedTcxReadsLikeThePlainOne) {
  const std::string packed = testkit::gzip(kTcx);
  ASSERT_TRUE(is_gzip(packed));
  const Activity plain = read_activity(Source::from_memory("a.tcx", kTcx), {});
  const Activity inflated = read_activity(Source::from_memory("a.tcx.gz", packed), {});
  EXPECT_EQ(inflated.format, FileFormat::Tcx);
  EXPECT_EQ(inflated.name, "a.tcx.gz");
  ASSERT_EQ(inflated.records.size(), 2u);
  ASSERT_EQ(plain.records.size(), 2u);
  EXPECT_EQ(inflated.records[0].heart_rate_bpm, 101);
  EXPECT_EQ(inflated.records[1].time_utc_s, plain.records[1].time_utc_s);
  EXPECT_EQ(inflated.sport, "cycling");
}

TEST(ReadActivity, DetectionIgnoresTheFileName) {
  EXPECT_EQ(read_activity(Source::from_memory("ride.fit", kGpx), {}).format, FileFormat::Gpx);
  EXPECT_EQ(read_activity(Source::from_memory("ride.gpx", kTcx), {}).format, FileFormat::Tcx);
  EXPECT_EQ(read_activity(Source::from_memory("ride.tcx", testkit::gzip(kGpx)), {}).format,
            FileFormat::Gpx);
}

TEST(ReadActivity, UnknownContentAndEmptyInputAreLocatedFormatErrors) {
  const std::string unknown = error_of("notes.txt", "hello, world", ErrorKind::Format);
  EXPECT_EQ(unknown.rfind("notes.txt: byte 0: ", 0), 0u) << unknown;
  const std::string html = error_of("page.gpx", "<html><gpx/></html>", ErrorKind::Format);
  EXPECT_EQ(html.rfind("page.gpx: byte 0: ", 0), 0u) << html;
  const std::string empty = error_of("empty.fit", "", ErrorKind::Format);
  EXPECT_EQ(empty.rfind("empty.fit: byte 0: ", 0), 0u) << empty;
  const std::string inner =
      error_of("double.gz", testkit::gzip(testkit::gzip(kTcx)), ErrorKind::Format);
  EXPECT_EQ(inner.rfind("double.gz: byte 0: ", 0), 0u) << inner;  // one gzip layer only
}

TEST(ReadActivity, CorruptGzipIsAFormatError) {
  std::string packed = testkit::gzip(kTcx);
  packed.resize(packed.size() / 2);
  const std::string message = error_of("cut.tcx.gz", packed, ErrorKind::Format);
  EXPECT_EQ(message.rfind("cut.tcx.gz: byte ", 0), 0u) << message;
}

TEST(ReadActivity, StrictModeReachesTheXmlReaders) {
  std::string bad = kTcx;
  bad.replace(bad.find("101"), 3, "1o1");
  EXPECT_EQ(read_activity(Source::from_memory("b.tcx", bad), {}).warnings.size(), 1u);
  EXPECT_THROW(read_activity(Source::from_memory("b.tcx", bad), {.strict = true}), Error);
}

// The FIT side of the dispatcher, on a shared file (skipped without the shared data).
TEST(ReadActivity, DispatchesFitAndGzippedFit) {
  const char* env = std::getenv("PODIUM_SHARED_DATA");
  const std::filesystem::path dir =
      std::filesystem::path(env != nullptr ? env : "../shared/data") / "activities";
  const auto gz = dir / "gc-14582164182.fit.gz";
  if (!std::filesystem::exists(gz)) GTEST_SKIP() << "shared data not found at " << dir;
  const Activity a = read_activity(Source::from_file(gz.string()), {});
  EXPECT_EQ(a.format, FileFormat::Fit);
  EXPECT_EQ(a.records.size(), 2760u);  // PROVENANCE.md
  EXPECT_EQ(read_activity(Source::from_file((dir / "fitparse-Activity.fit").string()), {}).format,
            FileFormat::Fit);
}

}  // namespace
}  // namespace podium::sensor
