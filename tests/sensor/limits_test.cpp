// The activity readers at podium's limits (core/limits.hpp, docs/limits.md): each limit passes at
// its value and is one located InvalidInput error one past it, in lenient and strict mode alike.
// The limits are not injectable, so each test makes its just-over-limit input in memory (a FIT of
// 3 M two-byte records is 6 MB; an XML node bomb 16 MB). Also: what has no records is refused by
// read_activity, and a warning's line says its place once.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "podium/core/error.hpp"
#include "podium/core/limits.hpp"
#include "podium/sensor/read.hpp"
#include "sensor/fit_writer.hpp"

namespace podium::sensor {
namespace {

using test::FitWriter;
using test::u8;

constexpr std::size_t kFitHeaderBytes = 14;
constexpr std::size_t kOneFieldDefinitionBytes = 9;

// The error of reading `bytes` (through read_activity) in both modes; they must agree.
std::string error_of(const std::string& name, const std::string& bytes,
                     ErrorKind kind = ErrorKind::InvalidInput) {
  std::string messages[2];
  for (bool strict : {false, true}) {
    try {
      read_activity(Source::from_memory(name, bytes), {.strict = strict});
      messages[strict ? 1 : 0] = "(no error)";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), kind) << e.what();
      messages[strict ? 1 : 0] = e.what();
    }
  }
  EXPECT_EQ(messages[0], messages[1]);
  return messages[0];
}

std::string over(std::uint64_t limit, const std::string& what, const std::string& unit) {
  return what + " = " + std::to_string(limit + 1) + ": more than podium's limit of " +
         std::to_string(limit) + " " + unit + " (docs/limits.md)";
}

// `count` messages of `global` with one one-byte field (number 3: heart rate in a record).
FitWriter one_byte_messages(std::uint16_t global, std::uint64_t count) {
  FitWriter w;
  w.define(0, global, {{3, 1, kFitUint8}});
  for (std::uint64_t i = 0; i < count; ++i)
    w.data(0, {u8(100)});
  return w;
}

TEST(ActivityLimits, FitRecordsUpToTheLimitAndOneMore) {
  const Activity at_limit = read_activity(
      Source::from_memory("t.fit", one_byte_messages(20, limits::kActivityRecords).file()), {});
  EXPECT_EQ(at_limit.records.size(), limits::kActivityRecords);
  EXPECT_EQ(at_limit.records.capacity(), limits::kActivityRecords) << "grown past the limit";

  const std::size_t last =
      kFitHeaderBytes + kOneFieldDefinitionBytes + 2 * limits::kActivityRecords;
  EXPECT_EQ(error_of("t.fit", one_byte_messages(20, limits::kActivityRecords + 1).file()),
            "t.fit: byte " + std::to_string(last) + ": " +
                over(limits::kActivityRecords, "records", "records per activity"));
}

TEST(ActivityLimits, FitLaps) {
  const FitWriter w = one_byte_messages(19, limits::kActivityLaps + 1);
  const std::size_t last = kFitHeaderBytes + kOneFieldDefinitionBytes + 2 * limits::kActivityLaps;
  EXPECT_EQ(error_of("t.fit", w.file()),
            "t.fit: byte " + std::to_string(last) + ": " +
                over(limits::kActivityLaps, "laps", "laps per activity"));
}

TEST(ActivityLimits, FitRrIntervals) {
  constexpr std::size_t kPerMessage = 127;  // 254 bytes of uint16 hrv.time
  FitWriter w;
  w.define(0, 20, {{3, 1, kFitUint8}}).data(0, {u8(100)});
  w.define(1, 78, {{0, 2 * kPerMessage, kFitUint16}});
  const std::size_t messages = limits::kActivityRecords / kPerMessage + 1;
  test::Bytes message = {1};
  for (std::size_t v = 0; v < kPerMessage; ++v)
    message.insert(message.end(), {0xE8, 0x03});  // 1.000 s
  for (std::size_t i = 0; i < messages; ++i)
    w.raw(message);
  const std::size_t last =
      kFitHeaderBytes + 2 * kOneFieldDefinitionBytes + 2 + (messages - 1) * (1 + 2 * kPerMessage);
  const std::string e = error_of("t.fit", w.file());
  EXPECT_EQ(e, "t.fit: byte " + std::to_string(last) + ": " +
                   over(limits::kActivityRecords, "RR intervals", "RR intervals per activity"));
}

// Two developer channels over half the record limit: their padded values would pass the limit.
TEST(ActivityLimits, FitDeveloperValuesCountAsSamples) {
  FitWriter w;
  w.define(0, 207, {{3, 1, kFitUint8}}).data(0, {u8(0)});
  w.define(1, 206, {{0, 1, kFitUint8}, {1, 1, kFitUint8}, {2, 1, kFitUint8}});
  w.data(1, {u8(0), u8(1), u8(kFitUint8)}).data(1, {u8(0), u8(2), u8(kFitUint8)});
  w.define(2, 20, {{3, 1, kFitUint8}}, false, {{1, 1, 0}, {2, 1, 0}});
  const std::size_t header = w.body_size() + kFitHeaderBytes;
  const std::uint64_t records = limits::kActivityRecords / 2 + 1;
  for (std::uint64_t i = 0; i < records; ++i)
    w.data(2, {u8(100), u8(1), u8(2)});
  const std::string e = error_of("t.fit", w.file());
  EXPECT_EQ(e, "t.fit: byte " + std::to_string(header + 4 * (records - 1)) +
                   ": developer values = " + std::to_string(2 * records) +
                   ": more than podium's limit of " + std::to_string(limits::kActivityRecords) +
                   " developer values (channels x records) (docs/limits.md)");
}

std::string gpx_with(const std::string& body, const std::string& creator = "t") {
  return "<gpx version=\"1.1\" creator=\"" + creator + "\">" + body + "</gpx>";
}

TEST(ActivityLimits, GpxTrackPoints) {
  std::string points;
  points.reserve(8 * (limits::kActivityRecords + 1));
  for (std::uint64_t i = 0; i <= limits::kActivityRecords; ++i)
    points += "<trkpt/>";
  const std::string text = gpx_with("<trk><trkseg>" + points + "</trkseg></trk>");
  const std::size_t last = text.find("<trkpt/></trkseg>") + 1;  // the name, after '<'
  EXPECT_EQ(error_of("t.gpx", text),
            "t.gpx: byte " + std::to_string(last) + " (line 1, column " + std::to_string(last + 1) +
                "): " + over(limits::kActivityRecords, "records", "records per activity"));
}

TEST(ActivityLimits, XmlNodeBomb) {
  std::string bomb;
  bomb.reserve(4 * limits::kXmlNodes + 64);
  bomb = "<gpx a=\"1\">";  // one '<' and one '=' so far
  for (std::uint64_t i = 3; i <= limits::kXmlNodes; ++i)
    bomb += "<a/>";
  const std::size_t past = bomb.size();
  bomb += "<a/></gpx>";
  EXPECT_EQ(error_of("t.gpx", bomb),
            "t.gpx: byte " + std::to_string(past) + " (line 1, column " + std::to_string(past + 1) +
                "): " + over(limits::kXmlNodes, "XML nodes", "XML nodes (tags and attributes)"));
}

TEST(ActivityLimits, XmlDepth) {
  std::string open, close;
  for (std::uint64_t depth = 2; depth <= limits::kXmlDepth + 1; ++depth) {
    open += "\n<a>";
    close += "</a>";
  }
  const std::string text = "<TrainingCenterDatabase>" + open + close + "</TrainingCenterDatabase>";
  const std::size_t deepest = text.rfind("<a>") + 1;
  EXPECT_EQ(error_of("t.tcx", text), "t.tcx: byte " + std::to_string(deepest) + " (line " +
                                         std::to_string(limits::kXmlDepth + 1) + ", column 2): " +
                                         over(limits::kXmlDepth, "XML depth", "nested elements"));
  // One level less passes the limit and fails for what it is: an activity without records.
  const std::string fits =
      "<TrainingCenterDatabase>" + open.substr(4) + close.substr(4) + "</TrainingCenterDatabase>";
  EXPECT_NE(error_of("t.tcx", fits, ErrorKind::Format).find("no Trackpoint elements"),
            std::string::npos);
}

TEST(ActivityLimits, XmlBytes) {
  std::string text = gpx_with("");
  text.insert(5, std::string(limits::kXmlBytes, ' '));
  EXPECT_EQ(error_of("t.gpx", text),
            "t.gpx: byte " + std::to_string(limits::kXmlBytes) +
                ": XML bytes = " + std::to_string(text.size()) + ": more than podium's limit of " +
                std::to_string(limits::kXmlBytes) + " bytes of XML (docs/limits.md)");
}

TEST(ActivityLimits, TextValuesAreRefusedInBothModes) {
  const std::string at_limit(limits::kActivityTextBytes, 'x');
  const std::string point = "<trk><trkseg><trkpt lat=\"1\" lon=\"2\"/></trkseg></trk>";
  EXPECT_EQ(read_activity(Source::from_memory("t.gpx", gpx_with(point, at_limit)), {})
                .device.product.size(),
            limits::kActivityTextBytes);
  EXPECT_EQ(error_of("t.gpx", gpx_with(point, at_limit + "x")),
            "t.gpx: byte 1 (line 1, column 2): gpx@creator = " +
                std::to_string(limits::kActivityTextBytes + 1) + ": more than podium's limit of " +
                std::to_string(limits::kActivityTextBytes) +
                " bytes per text value (docs/limits.md)");

  const std::string tcx = "<TrainingCenterDatabase><Activities><Activity Sport=\"" + at_limit +
                          "y\"><Lap><Track><Trackpoint/></Track></Lap></Activity></Activities>"
                          "</TrainingCenterDatabase>";
  EXPECT_NE(error_of("t.tcx", tcx).find(": Activity@Sport = 1025: more than"), std::string::npos);
}

TEST(NoRecords, HeaderOnlyFitIsRefusedAtItsEnd) {
  const std::string header_only = FitWriter().file();
  EXPECT_EQ(error_of("h.fit", header_only, ErrorKind::Format),
            "h.fit: byte 16: no record messages: the activity has no records");
}

TEST(NoRecords, ZerosAfterAFitHeaderSayWhatWasSkipped) {
  FitWriter w;
  w.raw(test::Bytes(100, 0));
  const std::string bytes = w.file();
  EXPECT_EQ(read_fit(Source::from_memory("z.fit", bytes), {}).warnings.size(), 2u);
  try {
    read_activity(Source::from_memory("z.fit", bytes), {});
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "z.fit: byte 116: no record messages: the activity has no records (after 1 warning, "
              "the first at byte 14: data message for undefined local message type 0)");
  }
}

// Issue 11 saw XML warnings say their place twice ("byte 57: byte 57: ..."): a warning's problem
// never repeats its place, so its line says it once.
TEST(ReadWarnings, AnXmlWarningSaysItsPlaceOnce) {
  const std::string text = gpx_with(
      "<trk><trkseg><trkpt lat=\"1\" lon=\"x\"></trkpt>\n<trkpt lat=\"2\" lon=\"3\"></trkpt>"
      "</trkseg></trk>");
  const std::string cut = text.substr(0, text.size() - 10);  // inside </trk>
  const Activity a = read_activity(Source::from_memory("w.gpx", cut), {});
  ASSERT_EQ(a.warnings.size(), 2u);
  for (const ReadWarning& w : a.warnings) {
    ASSERT_TRUE(w.place.byte.has_value());
    const std::string place = w.place.text();
    EXPECT_EQ(w.text("w.gpx"), "w.gpx: " + place + ": " + w.problem);
    EXPECT_EQ(w.problem.find(place), std::string::npos) << w.problem;
    EXPECT_EQ(w.problem.find("byte " + std::to_string(*w.place.byte)), std::string::npos)
        << w.problem;
  }
}

// A broken FIT can repeat one problem per message: the lenient read lists the first
// limits::kActivityWarnings and counts the rest in one last warning (strict mode stops at the
// first).
TEST(ReadWarnings, AFitListsAThousandWarningsAndCountsTheRest) {
  constexpr std::uint64_t kMessages = limits::kActivityWarnings + 1500;
  FitWriter w;
  w.define(0, 20, {{3, 1, kFitUint8}});
  for (std::uint64_t i = 0; i < kMessages; ++i)
    w.compressed(0, 1, {u8(100)});  // no full timestamp before it: a warning each
  const std::string bytes = w.file();
  const Activity a = read_activity(Source::from_memory("w.fit", bytes), {});
  EXPECT_EQ(a.records.size(), kMessages);
  std::uint64_t listed = 0;
  for (const ReadWarning& warning : a.warnings)
    if (warning.problem == "compressed timestamp without a previous full timestamp") ++listed;
  EXPECT_EQ(listed, limits::kActivityWarnings);
  const std::string summary = "1500 more problems in the file, not listed (podium lists " +
                              std::to_string(limits::kActivityWarnings) + ")";
  EXPECT_TRUE(std::any_of(a.warnings.begin(), a.warnings.end(), [&](const ReadWarning& x) {
    return x.problem == summary;
  })) << summary;
  EXPECT_LT(a.warnings.size(), limits::kActivityWarnings + 10);
  EXPECT_THROW(read_activity(Source::from_memory("w.fit", bytes), {.strict = true}), Error);
}

}  // namespace
}  // namespace podium::sensor
