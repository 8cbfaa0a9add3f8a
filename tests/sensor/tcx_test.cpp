#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "podium/core/error.hpp"
#include "podium/sensor/read.hpp"
#include "testkit/text_place.hpp"

namespace podium::sensor {
namespace {

const std::string kHead =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
 xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">)";
const std::string kTail = "</TrainingCenterDatabase>";

// A full Trackpoint: every channel TCX carries, TPX with the ns3 prefix.
std::string trackpoint(const std::string& time, int watts, const std::string& hr = "140") {
  return "<Trackpoint><Time>" + time +
         "</Time><Position><LatitudeDegrees>43.5</LatitudeDegrees>"
         "<LongitudeDegrees>-116.25</LongitudeDegrees></Position>"
         "<AltitudeMeters>836.5</AltitudeMeters><DistanceMeters>6.25</DistanceMeters>"
         "<HeartRateBpm><Value>" +
         hr +
         "</Value></HeartRateBpm><Cadence>85</Cadence>"
         "<Extensions><ns3:TPX><ns3:Speed>7.5</ns3:Speed><ns3:Watts>" +
         std::to_string(watts) + "</ns3:Watts></ns3:TPX></Extensions></Trackpoint>";
}

std::string activity(const std::string& sport, const std::string& id, const std::string& points,
                     const std::string& lap_extra = "") {
  return "<Activity Sport=\"" + sport + "\"><Id>" + id + "</Id><Lap StartTime=\"" + id +
         "\"><TotalTimeSeconds>10</TotalTimeSeconds>" + lap_extra + "<Track>" + points +
         "</Track></Lap></Activity>";
}

std::string tcx(const std::string& activities) {
  return kHead + "<Activities>" + activities + "</Activities>" + kTail;
}

Activity read(const std::string& text, bool strict = false) {
  return read_tcx(Source::from_memory("t.tcx", text), {.strict = strict});
}

using testkit::text_place;

std::string error_of(const std::string& text, bool strict) {
  try {
    read(text, strict);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Format);
    return e.what();
  }
  return "(no error)";
}

TEST(Tcx, ReadsEveryTrackpointChannel) {
  const Activity a = read(tcx(
      activity("Biking", "2009-09-19T13:22:42Z",
               trackpoint("2009-09-19T13:22:43Z", 140) + trackpoint("2009-09-19T13:22:50Z", 164))));
  EXPECT_EQ(a.format, FileFormat::Tcx);
  EXPECT_EQ(a.name, "t.tcx");
  ASSERT_EQ(a.records.size(), 2u);
  const Record& r = a.records[0];
  EXPECT_EQ(r.time_utc_s, 1253366563.0);  // 2009-09-19T13:22:43Z
  EXPECT_EQ(a.records[1].time_utc_s - r.time_utc_s, 7.0);
  EXPECT_EQ(r.lat_deg, 43.5);
  EXPECT_EQ(r.lon_deg, -116.25);
  EXPECT_EQ(r.altitude_m, 836.5);
  EXPECT_EQ(r.distance_m, 6.25);
  EXPECT_EQ(r.heart_rate_bpm, 140);
  EXPECT_EQ(r.cadence_rpm, 85);
  EXPECT_EQ(r.speed_mps, 7.5);
  EXPECT_EQ(r.power_w, 140);
  EXPECT_EQ(a.records[1].power_w, 164);
  EXPECT_TRUE(std::isnan(r.temperature_c));
  EXPECT_TRUE(a.warnings.empty());
  EXPECT_EQ(a.sport, "cycling");
  EXPECT_EQ(a.start_utc_s, 1253366562.0);
  ASSERT_EQ(a.sessions.size(), 1u);
  EXPECT_EQ(a.sessions[0].start_utc_s, 1253366562.0);
  ASSERT_EQ(a.laps.size(), 1u);
  EXPECT_EQ(a.laps[0].device.timer_s, 10);
}

TEST(Tcx, TpxPrefixVariantsReadAlike) {
  const std::string base = trackpoint("2009-09-19T13:22:43Z", 200);
  const std::string variants[] = {
      base,
      // default namespace on TPX (Garmin Connect, Edge 705)
      "<Trackpoint><Time>2009-09-19T13:22:43Z</Time><Extensions><TPX "
      "xmlns=\"http://www.garmin.com/xmlschemas/ActivityExtension/v2\"><Speed>7.5</Speed>"
      "<Watts>200</Watts></TPX></Extensions></Trackpoint>",
      // another prefix
      "<Trackpoint><Time>2009-09-19T13:22:43Z</Time><Extensions><ax:TPX "
      "xmlns:ax=\"http://www.garmin.com/xmlschemas/ActivityExtension/v2\"><ax:Speed>7.5"
      "</ax:Speed><ax:Watts>200</ax:Watts></ax:TPX></Extensions></Trackpoint>",
  };
  for (const std::string& point : variants) {
    const Activity a = read(tcx(activity("Biking", "2009-09-19T13:22:42Z", point)));
    ASSERT_EQ(a.records.size(), 1u) << point;
    EXPECT_EQ(a.records[0].power_w, 200) << point;
    EXPECT_EQ(a.records[0].speed_mps, 7.5) << point;
  }
  // A prefixed root element and prefixed TCX elements.
  const Activity p = read(
      "<t:TrainingCenterDatabase "
      "xmlns:t=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\"><t:Activities>"
      "<t:Activity Sport=\"Running\"><t:Id>2012-12-26T21:29:53Z</t:Id><t:Lap><t:Track>"
      "<t:Trackpoint><t:Time>2012-12-26T21:29:53Z</t:Time><t:HeartRateBpm><t:Value>62</t:Value>"
      "</t:HeartRateBpm></t:Trackpoint></t:Track></t:Lap></t:Activity></t:Activities>"
      "</t:TrainingCenterDatabase>");
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].heart_rate_bpm, 62);
  EXPECT_EQ(p.sport, "running");
}

TEST(Tcx, TrackpointsWithoutTimeOrPositionStillCount) {
  const Activity a =
      read(tcx(activity("Running", "2011-11-29T12:12:00Z",
                        "<Trackpoint><Time>2011-11-29T12:12:00Z</Time></Trackpoint>"
                        "<Trackpoint><HeartRateBpm><Value>70</Value></HeartRateBpm></Trackpoint>"
                        "<Trackpoint/>")));
  ASSERT_EQ(a.records.size(), 3u);
  EXPECT_TRUE(std::isnan(a.records[1].time_utc_s));
  EXPECT_TRUE(std::isnan(a.records[1].lat_deg));
  EXPECT_EQ(a.records[1].heart_rate_bpm, 70);
  EXPECT_TRUE(std::isnan(a.records[2].heart_rate_bpm));
  EXPECT_TRUE(a.warnings.empty());
}

TEST(Tcx, RunCadenceWhenNoCadence) {
  const Activity a = read(
      tcx(activity("Running", "2016-09-12T11:19:55Z",
                   "<Trackpoint><Time>2016-09-12T11:19:56Z</Time><Extensions><ns3:TPX>"
                   "<ns3:RunCadence>82</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint>")));
  ASSERT_EQ(a.records.size(), 1u);
  EXPECT_EQ(a.records[0].cadence_rpm, 82);
}

TEST(Tcx, SeveralActivitiesAreSessionsWithRecordsInFileOrder) {
  const std::string lap2 =
      "</Track></Lap><Lap StartTime=\"2011-12-01T13:00:37Z\"><TotalTimeSeconds>30"
      "</TotalTimeSeconds><DistanceMeters>200</DistanceMeters><Track>" +
      trackpoint("2011-12-01T13:00:40Z", 300);
  const Activity a = read(
      kHead + "<Activities><MultiSportSession><FirstSport>" +
      activity("Running", "2011-11-29T12:12:00Z", trackpoint("2011-11-29T12:12:01Z", 100)) +
      "</FirstSport><NextSport>" +
      activity("Biking", "2011-12-01T12:59:37Z", trackpoint("2011-12-01T12:59:38Z", 200) + lap2,
               "<DistanceMeters>100</DistanceMeters>") +
      "</NextSport></MultiSportSession>" + activity("Other", "2011-12-07T12:14:19Z", "") +
      "</Activities>" + kTail);
  ASSERT_EQ(a.sessions.size(), 3u);
  EXPECT_EQ(a.sessions[0].sport, "running");
  EXPECT_EQ(a.sessions[1].sport, "cycling");
  EXPECT_EQ(a.sessions[2].sport, "generic");
  EXPECT_EQ(a.sport, "multisport");
  ASSERT_EQ(a.records.size(), 3u);
  EXPECT_EQ(a.records[0].power_w, 100);
  EXPECT_EQ(a.records[1].power_w, 200);
  EXPECT_EQ(a.records[2].power_w, 300);
  ASSERT_EQ(a.laps.size(), 4u);
  // The second session's two laps sum up in its summary.
  EXPECT_EQ(a.sessions[1].device.timer_s, 40);
  EXPECT_EQ(a.sessions[1].device.distance_m, 300);
  EXPECT_EQ(a.sessions[0].device.timer_s, 10);
  EXPECT_TRUE(std::isnan(a.sessions[0].device.distance_m));
  EXPECT_EQ(a.start_utc_s, a.sessions[0].start_utc_s);
}

TEST(Tcx, LapSummaryAndCreator) {
  const std::string lap_extra =
      "<DistanceMeters>50970.9</DistanceMeters><Calories>2133</Calories>"
      "<AverageHeartRateBpm><Value>134</Value></AverageHeartRateBpm>"
      "<MaximumHeartRateBpm><Value>204</Value></MaximumHeartRateBpm><Cadence>81</Cadence>";
  std::string text = tcx(
      activity("Biking", "2009-09-19T13:22:42Z", trackpoint("2009-09-19T13:22:43Z", 1), lap_extra));
  const std::string lap_extensions =
      "<Extensions><LX xmlns=\"http://www.garmin.com/xmlschemas/ActivityExtension/v2\">"
      "<AvgWatts>243</AvgWatts><MaxWatts>911</MaxWatts></LX></Extensions></Lap>"
      "<Creator xsi:type=\"Device_t\"><Name>EDGE705</Name><UnitId>3450121133</UnitId>"
      "<ProductID>625</ProductID><Version><VersionMajor>2</VersionMajor>"
      "<VersionMinor>90</VersionMinor></Version></Creator><Notes>ignored</Notes>";
  text.replace(text.find("</Lap>"), 6, lap_extensions);
  const Activity a = read(text);
  ASSERT_EQ(a.laps.size(), 1u);
  const DeviceSummary& d = a.laps[0].device;
  EXPECT_EQ(a.laps[0].start_utc_s, 1253366562.0);
  EXPECT_EQ(d.timer_s, 10);
  EXPECT_EQ(d.distance_m, 50970.9);
  EXPECT_EQ(d.calories_kcal, 2133);
  EXPECT_EQ(d.avg_heart_rate_bpm, 134);
  EXPECT_EQ(d.max_heart_rate_bpm, 204);
  EXPECT_EQ(d.avg_cadence_rpm, 81);
  EXPECT_EQ(d.avg_power_w, 243);
  EXPECT_EQ(d.max_power_w, 911);
  EXPECT_EQ(a.sessions[0].device.avg_power_w, 243);
  EXPECT_EQ(a.sessions[0].device.max_heart_rate_bpm, 204);
  EXPECT_EQ(a.device.product, "EDGE705");
  EXPECT_EQ(a.device.software, "2.90");
  EXPECT_EQ(a.device.serial, "3450121133");
  EXPECT_EQ(a.device.manufacturer, "garmin");
  EXPECT_TRUE(a.warnings.empty());
}

TEST(Tcx, TimeZonesAndFractions) {
  const Activity a = read(tcx(activity("Biking", "2020-02-05T16:25:14.909Z",
                                       trackpoint("2020-02-05T17:25:15.909+01:00", 1) +
                                           trackpoint("2020-02-05T16:25:16", 2) +
                                           trackpoint("2020-02-05T11:55:17.5-04:30", 3))));
  ASSERT_EQ(a.records.size(), 3u);
  EXPECT_NEAR(a.records[0].time_utc_s, 1580919915.909, 1e-6);
  EXPECT_NEAR(a.records[1].time_utc_s, 1580919916.0, 1e-6);
  EXPECT_NEAR(a.records[2].time_utc_s, 1580919917.5, 1e-6);
  EXPECT_NEAR(a.start_utc_s, 1580919914.909, 1e-6);
}

TEST(Tcx, BadNumberLenientWarnsOncePerKind) {
  const std::string text = tcx(activity("Biking", "2009-09-19T13:22:42Z",
                                        trackpoint("2009-09-19T13:22:43Z", 1, "abc") +
                                            trackpoint("2009-09-19T13:22:44Z", 2, "150") +
                                            trackpoint("2009-09-19T13:22:45Z", 3, "1e999")));
  const Activity a = read(text);
  ASSERT_EQ(a.records.size(), 3u);
  EXPECT_TRUE(std::isnan(a.records[0].heart_rate_bpm));
  EXPECT_EQ(a.records[1].heart_rate_bpm, 150);
  EXPECT_TRUE(std::isnan(a.records[2].heart_rate_bpm));
  EXPECT_EQ(a.records[0].power_w, 1);  // the rest of the point survives
  ASSERT_EQ(a.warnings.size(), 1u);
  const std::size_t at = text.find("abc");
  EXPECT_EQ(a.warnings[0].place.byte, at);
  EXPECT_EQ(a.warnings[0].place.field, "Trackpoint/HeartRateBpm");
  EXPECT_EQ(a.warnings[0].problem,
            "'abc' is not a number (2 values like this, the first here); read as absent");
  EXPECT_EQ(a.warnings[0].text("t.tcx"), "t.tcx: " + text_place(text, at) +
                                             ": Trackpoint/HeartRateBpm: 'abc' is not a number "
                                             "(2 values like this, the first here); read as "
                                             "absent");
}

TEST(Tcx, BadNumberStrictFailsWithOffset) {
  const std::string text =
      tcx(activity("Biking", "2009-09-19T13:22:42Z", trackpoint("2009-09-19T13:22:43Z", 1, "12x")));
  EXPECT_EQ(error_of(text, true), "t.tcx: " + text_place(text, text.find("12x")) +
                                      ": Trackpoint/HeartRateBpm: '12x' is not a number");
}

TEST(Tcx, BadTimeLenientAndStrict) {
  const std::string text =
      tcx(activity("Biking", "2009-09-19T13:22:42Z",
                   trackpoint("2009-09-19T25:22:43Z", 1) + trackpoint("2009-09-19T13:22:44Z", 2)));
  const Activity a = read(text);
  ASSERT_EQ(a.records.size(), 2u);
  EXPECT_TRUE(std::isnan(a.records[0].time_utc_s));
  EXPECT_EQ(a.records[1].time_utc_s, 1253366564.0);
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_EQ(a.warnings[0].place.field, "Trackpoint/Time");
  EXPECT_EQ(a.warnings[0].problem,
            "'2009-09-19T25:22:43Z' is not an ISO-8601 time; read as absent");
  const std::string strict = error_of(text, true);
  EXPECT_EQ(strict.rfind("t.tcx: byte ", 0), 0u) << strict;
  EXPECT_NE(strict.find("is not an ISO-8601 time"), std::string::npos) << strict;
}

TEST(Tcx, TruncatedDocumentKeepsCompleteTrackpoints) {
  const std::string full =
      tcx(activity("Biking", "2009-09-19T13:22:42Z",
                   trackpoint("2009-09-19T13:22:43Z", 1) + trackpoint("2009-09-19T13:22:44Z", 2) +
                       trackpoint("2009-09-19T13:22:45Z", 3)));
  // Cut inside the third trackpoint's heart rate.
  const std::string cut = full.substr(0, full.find("<Value>", full.find("13:22:45")) + 8);
  const Activity a = read(cut);
  ASSERT_EQ(a.records.size(), 2u);
  EXPECT_EQ(a.records[1].power_w, 2);
  ASSERT_EQ(a.warnings.size(), 1u);
  // pugixml places the error at the last byte or just past it.
  ASSERT_TRUE(a.warnings[0].place.byte.has_value());
  const std::size_t at = *a.warnings[0].place.byte;
  EXPECT_GE(at + 1, cut.size());
  EXPECT_LE(at, cut.size());
  EXPECT_EQ(a.warnings[0].problem.rfind("XML error: ", 0), 0u) << a.warnings[0].problem;
  ASSERT_EQ(a.sessions.size(), 1u);
  EXPECT_EQ(a.sport, "cycling");

  const std::string strict = error_of(cut, true);
  EXPECT_EQ(strict.rfind("t.tcx: " + text_place(cut, at) + ": XML error: ", 0), 0u) << strict;
}

TEST(Tcx, MalformedXmlIsPlacedAtItsByteLineAndColumn) {
  // pugixml places a mismatched closing tag at its name: byte 279, line 7, column 3.
  const std::string text = kHead + "\n<Activities>\n<Activity>\n</Lap>\n" + kTail;
  ASSERT_EQ(text.find("Lap>"), 279u);
  try {
    read(text, true);
    FAIL() << "read";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Format);
    EXPECT_EQ(e.place().source, "t.tcx");
    EXPECT_EQ(e.place().byte, 279u);
    EXPECT_EQ(e.place().line, 7u);
    EXPECT_EQ(e.place().column, 3u);
    EXPECT_EQ(e.problem(), "XML error: Start-end tags mismatch");
  }
}

TEST(Tcx, MismatchedTagMidDocumentKeepsWhatCameBefore) {
  std::string text =
      tcx(activity("Biking", "2009-09-19T13:22:42Z",
                   trackpoint("2009-09-19T13:22:43Z", 1) + trackpoint("2009-09-19T13:22:44Z", 2) +
                       trackpoint("2009-09-19T13:22:45Z", 3)));
  const std::size_t second = text.find("13:22:44");
  text.replace(text.find("</Cadence>", second), 10, "</Cadense>");
  const Activity a = read(text);
  ASSERT_EQ(a.records.size(), 1u);
  ASSERT_EQ(a.warnings.size(), 1u);
  ASSERT_TRUE(a.warnings[0].place.byte.has_value());
  EXPECT_GT(*a.warnings[0].place.byte, second);
  EXPECT_LT(*a.warnings[0].place.byte, text.find("13:22:45"));
}

TEST(Tcx, TruncatedBeforeAnyTrackpointFails) {
  const std::string full =
      tcx(activity("Biking", "2009-09-19T13:22:42Z", trackpoint("2009-09-19T13:22:43Z", 1)));
  const std::string cut = full.substr(0, full.find("</Trackpoint>"));
  const std::string lenient = error_of(cut, false);
  EXPECT_EQ(lenient.rfind("t.tcx: byte ", 0), 0u) << lenient;
  EXPECT_NE(lenient.find(": XML error: "), std::string::npos) << lenient;
  EXPECT_EQ(error_of("", false),
            "t.tcx: byte 0 (line 1, column 1): XML error: No document element found");
}

TEST(Tcx, WrongRootIsAFormatError) {
  EXPECT_EQ(error_of("<?xml version=\"1.0\"?>\n<gpx version=\"1.1\"></gpx>", false),
            "t.tcx: byte 23 (line 2, column 2): root element is <gpx>, expected "
            "<TrainingCenterDatabase>");
}

TEST(Tcx, NoTrackpointsIsAnEmptyActivityWithAWarning) {
  const Activity a = read(tcx(activity("Running", "2012-12-26T21:29:53Z", "")), true);
  EXPECT_TRUE(a.records.empty());
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_NE(a.warnings[0].problem.find("no Trackpoint elements"), std::string::npos);
  EXPECT_EQ(a.start_utc_s, 1356557393.0);
}

// The fuzz seeds read or throw Error(Format) in both modes (kept crashes: ctest fuzz.tcx.*).
TEST(Tcx, FuzzCorpusReadsOrThrows) {
  std::size_t files = 0;
  for (const char* dir : {"/fuzz/corpus/tcx"}) {
    const std::filesystem::path path = std::string(PODIUM_SOURCE_DIR) + dir;
    if (!std::filesystem::is_directory(path)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(path)) {
      const Source source = Source::from_file(entry.path().string());
      for (bool strict : {false, true}) {
        try {
          read_tcx(source, {.strict = strict});
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
