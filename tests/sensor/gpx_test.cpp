#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "podium/core/error.hpp"
#include "podium/sensor/read.hpp"
#include "testkit/text_place.hpp"

namespace podium::sensor {
namespace {

const std::string kHead = R"(<?xml version="1.0" encoding="UTF-8"?>
<gpx creator="StravaGPX" version="1.1" xmlns="http://www.topografix.com/GPX/1/1"
 xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
 xmlns:gpxpx="http://www.garmin.com/xmlschemas/PowerExtension/v1">
 <metadata><time>2016-04-22T16:44:13Z</time></metadata>)";

using testkit::text_place;

std::string gpx(const std::string& body) {
  return kHead + body + "</gpx>";
}

std::string track(const std::string& type, const std::string& points) {
  return "<trk><name>x</name>" + (type.empty() ? "" : "<type>" + type + "</type>") + "<trkseg>" +
         points + "</trkseg></trk>";
}

std::string point(const std::string& time, const std::string& extensions = "",
                  const std::string& lat = "37.54") {
  return "<trkpt lat=\"" + lat + "\" lon=\"-77.43\"><ele>50.8</ele>" +
         (time.empty() ? "" : "<time>" + time + "</time>") +
         (extensions.empty() ? "" : "<extensions>" + extensions + "</extensions>") + "</trkpt>";
}

Activity read(const std::string& text, bool strict = false) {
  return read_gpx(Source::from_memory("t.gpx", text), {.strict = strict});
}

std::string error_of(const std::string& text, bool strict) {
  try {
    read(text, strict);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Format);
    return e.what();
  }
  return "(no error)";
}

TEST(Gpx, ReadsTrackPointExtensionAndPower) {
  const Activity a = read(gpx(track(
      "road_biking",
      point("2016-04-22T16:44:13Z",
            "<power>62</power><gpxtpx:TrackPointExtension><gpxtpx:atemp>26.5</gpxtpx:atemp>"
            "<gpxtpx:hr>85</gpxtpx:hr><gpxtpx:cad>7</gpxtpx:cad><gpxtpx:speed>4.25</gpxtpx:speed>"
            "</gpxtpx:TrackPointExtension>") +
          point("2016-04-22T16:44:14Z",
                "<gpxpx:PowerExtension><gpxpx:PowerInWatts>92</gpxpx:PowerInWatts>"
                "</gpxpx:PowerExtension><heartrate>90</heartrate><cadence>80</cadence>"))));
  EXPECT_EQ(a.format, FileFormat::Gpx);
  ASSERT_EQ(a.records.size(), 2u);
  const Record& r = a.records[0];
  EXPECT_EQ(r.time_utc_s, 1461343453.0);
  EXPECT_EQ(r.lat_deg, 37.54);
  EXPECT_EQ(r.lon_deg, -77.43);
  EXPECT_EQ(r.altitude_m, 50.8);
  EXPECT_EQ(r.power_w, 62);
  EXPECT_EQ(r.heart_rate_bpm, 85);
  EXPECT_EQ(r.cadence_rpm, 7);
  EXPECT_EQ(r.speed_mps, 4.25);
  EXPECT_EQ(r.temperature_c, 26.5);
  EXPECT_TRUE(std::isnan(r.distance_m));
  const Record& s = a.records[1];
  EXPECT_EQ(s.power_w, 92);
  EXPECT_EQ(s.heart_rate_bpm, 90);
  EXPECT_EQ(s.cadence_rpm, 80);
  EXPECT_TRUE(std::isnan(s.temperature_c));
  EXPECT_TRUE(a.warnings.empty());
  EXPECT_EQ(a.device.product, "StravaGPX");
  ASSERT_EQ(a.sessions.size(), 1u);
  EXPECT_EQ(a.sessions[0].sport, "cycling");
  EXPECT_EQ(a.sessions[0].sub_sport, "road");
  EXPECT_EQ(a.sessions[0].start_utc_s, 1461343453.0);
  EXPECT_EQ(a.sport, "cycling");
  EXPECT_EQ(a.start_utc_s, 1461343453.0);
}

TEST(Gpx, ExtensionPrefixVariantsReadAlike) {
  for (const std::string& ext :
       {std::string("<gpxtpx:TrackPointExtension><gpxtpx:hr>111</gpxtpx:hr>"
                    "</gpxtpx:TrackPointExtension>"),
        std::string("<ns3:TrackPointExtension xmlns:ns3=\"http://www.garmin.com/xmlschemas/"
                    "TrackPointExtension/v2\"><ns3:hr>111</ns3:hr></ns3:TrackPointExtension>"),
        std::string("<TrackPointExtension><hr>111</hr></TrackPointExtension>"),
        std::string("<hr>111</hr>")}) {
    const Activity a = read(gpx(track("", point("2019-08-11T12:52:20Z", ext))));
    ASSERT_EQ(a.records.size(), 1u) << ext;
    EXPECT_EQ(a.records[0].heart_rate_bpm, 111) << ext;
  }
}

TEST(Gpx, Gpx10WithOwnSpeedAndNoZone) {
  const Activity a = read(
      "<gpx version=\"1.0\" creator=\"...\" xmlns=\"http://www.topografix.com/GPX/1/0\">"
      "<time>2013-01-01T12:00:00</time><trk><trkseg><trkpt lat=\"10.1\" lon=\"-20.2\">"
      "<ele>11.1</ele><time>2013-01-01T12:00:04</time><speed>3.5</speed></trkpt></trkseg>"
      "<trkseg></trkseg></trk></gpx>");
  ASSERT_EQ(a.records.size(), 1u);
  EXPECT_EQ(a.records[0].time_utc_s, 1357041604.0);  // no zone = UTC
  EXPECT_EQ(a.records[0].speed_mps, 3.5);
  EXPECT_EQ(a.records[0].altitude_m, 11.1);
  EXPECT_EQ(a.sessions.size(), 1u);
  EXPECT_EQ(a.sport, "");
}

TEST(Gpx, EmptySegmentsAndPointsWithoutTime) {
  const Activity a = read(gpx("<trk><trkseg></trkseg><trkseg>" + point("") +
                              point("2019-04-18T14:12:21.009Z") + "</trkseg><trkseg/></trk>"));
  ASSERT_EQ(a.records.size(), 2u);
  EXPECT_TRUE(std::isnan(a.records[0].time_utc_s));
  EXPECT_EQ(a.records[0].lat_deg, 37.54);
  EXPECT_NEAR(a.records[1].time_utc_s, 1555596741.009, 1e-6);  // millisecond jitter kept
  EXPECT_NEAR(a.sessions[0].start_utc_s, 1555596741.009, 1e-6);
  EXPECT_TRUE(a.warnings.empty());
}

TEST(Gpx, MetadataOnlyIsAnEmptyActivityWithAWarning) {
  for (bool strict : {false, true}) {
    const Activity a = read(gpx("<wpt lat=\"1\" lon=\"2\"><time>2016-06-17T23:41:03Z</time></wpt>"
                                "<rte><rtept lat=\"1\" lon=\"2\"/></rte>"),
                            strict);
    EXPECT_TRUE(a.records.empty());
    EXPECT_TRUE(a.sessions.empty());
    ASSERT_EQ(a.warnings.size(), 1u);
    EXPECT_NE(a.warnings[0].problem.find("no track points"), std::string::npos);
    EXPECT_EQ(a.start_utc_s, 1461343453.0);  // the metadata time
    EXPECT_EQ(a.sport, "");
  }
}

TEST(Gpx, TrackTypesAndSeveralTracks) {
  const Activity a = read(gpx(track("17", point("2016-04-22T16:44:13Z")) +
                              track("Running", point("") + point("2016-04-22T17:00:00Z")) +
                              track("Kayaking trip", "") + track("trail-running", "")));
  ASSERT_EQ(a.sessions.size(), 4u);
  EXPECT_EQ(a.sessions[0].sport, "");  // numeric codes are app-specific: unknown
  EXPECT_EQ(a.sessions[1].sport, "running");
  EXPECT_EQ(a.sessions[1].start_utc_s, 1461344400.0);  // first timed point of that track
  EXPECT_EQ(a.sessions[2].sport, "kayaking_trip");
  EXPECT_TRUE(std::isnan(a.sessions[2].start_utc_s));
  EXPECT_EQ(a.sessions[3].sport, "running");
  EXPECT_EQ(a.sessions[3].sub_sport, "trail");
  EXPECT_EQ(a.sport, "multisport");
  EXPECT_EQ(a.records.size(), 3u);
}

TEST(Gpx, BadCoordinateLenientAndStrict) {
  const std::string text =
      gpx(track("", point("2016-04-22T16:44:13Z", "", "north") + point("2016-04-22T16:44:14Z")));
  const Activity a = read(text);
  ASSERT_EQ(a.records.size(), 2u);
  EXPECT_TRUE(std::isnan(a.records[0].lat_deg));
  EXPECT_EQ(a.records[0].lon_deg, -77.43);
  ASSERT_EQ(a.warnings.size(), 1u);
  const std::size_t at = text.find("trkpt lat=\"north\"");
  EXPECT_EQ(a.warnings[0].place.byte, at);
  EXPECT_EQ(a.warnings[0].place.line, 5u);
  EXPECT_EQ(a.warnings[0].place.field, "trkpt@lat");
  EXPECT_EQ(a.warnings[0].problem, "'north' is not a number; read as absent");
  EXPECT_EQ(
      a.warnings[0].text("t.gpx"),
      "t.gpx: " + text_place(text, at) + ": trkpt@lat: 'north' is not a number; read as absent");
  EXPECT_EQ(error_of(text, true),
            "t.gpx: " + text_place(text, at) + ": trkpt@lat: 'north' is not a number");
}

TEST(Gpx, BadExtensionValueAndBadTime) {
  const std::string text =
      gpx(track("", point("2016-04-22T16:44:13", "<power>-</power><gpxtpx:hr>\x01</gpxtpx:hr>") +
                        point("yesterday")));
  const Activity a = read(text);
  ASSERT_EQ(a.records.size(), 2u);
  EXPECT_TRUE(std::isnan(a.records[0].power_w));
  EXPECT_TRUE(std::isnan(a.records[1].time_utc_s));
  ASSERT_EQ(a.warnings.size(), 3u);
  EXPECT_EQ(a.warnings[0].place.field, "trkpt power");
  EXPECT_EQ(a.warnings[0].problem, "'-' is not a number; read as absent");
  EXPECT_EQ(a.warnings[1].place.field, "trkpt heart rate");
  EXPECT_EQ(a.warnings[1].problem, "'?' is not a number; read as absent");
  EXPECT_EQ(a.warnings[2].place.field, "trkpt/time");
  EXPECT_EQ(a.warnings[2].problem, "'yesterday' is not an ISO-8601 time; read as absent");
}

TEST(Gpx, TruncatedDocumentKeepsCompletePoints) {
  const std::string full =
      gpx(track("", point("2016-04-22T16:44:13Z") + point("2016-04-22T16:44:14Z") +
                        point("2016-04-22T16:44:15Z")));
  const std::string cut = full.substr(0, full.find("16:44:15"));
  const Activity a = read(cut);
  ASSERT_EQ(a.records.size(), 2u);
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_EQ(a.warnings[0].problem.rfind("XML error: ", 0), 0u) << a.warnings[0].problem;
  EXPECT_EQ(a.sessions.size(), 1u);
  ASSERT_TRUE(a.warnings[0].place.byte.has_value());
  try {
    read(cut, true);
    FAIL() << "read";
  } catch (const Error& e) {
    EXPECT_EQ(e.place().source, "t.gpx");
    EXPECT_EQ(e.place().byte, a.warnings[0].place.byte);
    EXPECT_EQ(e.place().line, 5u);
    EXPECT_EQ(e.problem().rfind("XML error: ", 0), 0u) << e.problem();
    EXPECT_EQ(std::string(e.what()),
              "t.gpx: " + text_place(cut, *e.place().byte) + ": " + e.problem());
  }
}

TEST(Gpx, Latin1FileIsConverted) {
  const std::string text =
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><gpx creator=\"M\xfcller\"><trk><trkseg>" +
      point("2016-04-22T16:44:13Z") + "</trkseg></trk></gpx>";
  const Activity a = read(text);
  EXPECT_EQ(a.device.product, "M\xc3\xbcller");  // UTF-8
  EXPECT_EQ(a.records.size(), 1u);
  // Truncated after the first point: offsets are in pugixml's UTF-8 conversion, the reader
  // still keeps the complete point or fails cleanly.
  const std::string cut = text.substr(0, text.find("</trkseg>")) + "<trkpt lat=";
  const Activity b = read(cut);
  EXPECT_EQ(b.records.size(), 1u);
  // Those offsets have no line in the Latin-1 input: the byte alone places a problem.
  const std::string bad =
      text.substr(0, text.find("37.54")) + "north" + text.substr(text.find("37.54") + 5);
  try {
    read(bad, true);
    FAIL() << "read";
  } catch (const Error& e) {
    EXPECT_TRUE(e.place().byte.has_value());
    EXPECT_FALSE(e.place().line.has_value());
    EXPECT_EQ(e.problem(), "'north' is not a number");
  }
}

TEST(Gpx, WrongRootAndNotXml) {
  EXPECT_EQ(error_of("<TrainingCenterDatabase/>", false),
            "t.gpx: byte 1 (line 1, column 2): root element is <TrainingCenterDatabase>, "
            "expected <gpx>");
  const std::string garbage = error_of("\x0e\x10 .FIT garbage", false);
  EXPECT_EQ(garbage.rfind("t.gpx: byte ", 0), 0u) << garbage;
  EXPECT_NE(garbage.find("XML error"), std::string::npos) << garbage;
}

// The fuzz seeds read or throw Error(Format) in both modes (kept crashes: ctest fuzz.gpx.*).
TEST(Gpx, FuzzCorpusReadsOrThrows) {
  std::size_t files = 0;
  for (const char* dir : {"/fuzz/corpus/gpx"}) {
    const std::filesystem::path path = std::string(PODIUM_SOURCE_DIR) + dir;
    if (!std::filesystem::is_directory(path)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(path)) {
      const Source source = Source::from_file(entry.path().string());
      for (bool strict : {false, true}) {
        try {
          read_gpx(source, {.strict = strict});
        } catch (const Error& e) {
          EXPECT_EQ(e.kind(), ErrorKind::Format) << entry.path() << ": " << e.what();
        }
      }
      ++files;
    }
  }
  EXPECT_GE(files, 5u);
}

}  // namespace
}  // namespace podium::sensor
