// The FIT reader on broken files: one test per corruption class, each with the lenient warning
// (offset + text, keeping what came before) and the strict one-line error.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "podium/core/error.hpp"
#include "podium/sensor/read.hpp"
#include "sensor/fit_test_util.hpp"
#include "sensor/fit_writer.hpp"

namespace podium::sensor {
namespace {

using test::FitWriter;
using test::kT0;
using test::lenient;
using test::ride;
using test::strict_error;
using test::u16;
using test::u32;
using test::u8;
using test::with_file_crc;

TEST(FitCorrupt, EmptyAndNotFitThrowInBothModes) {
  for (bool strict : {false, true}) {
    EXPECT_THROW(read_fit(Source::from_memory("e.fit", ""), {.strict = strict}), Error);
    try {
      read_fit(Source::from_memory("x.fit", "hello, this is not FIT"), {.strict = strict});
      FAIL() << "text accepted";
    } catch (const Error& e) {
      EXPECT_STREQ(e.what(),
                   "x.fit: byte 0: not a FIT header (expected header size 12 or 14, got 104)");
    }
  }
}

TEST(FitCorrupt, TruncatedHeader) {
  std::string bytes = ride(false).file().substr(0, 10);
  EXPECT_THROW(lenient(bytes), Error);
  EXPECT_EQ(strict_error(bytes), "t.fit: byte 0: truncated FIT header (expected 14 bytes, got 10)");
}

TEST(FitCorrupt, BadHeaderCrc) {
  std::string bytes = ride(false).data(1, {u32(kT0), u16(1), u8(1), u16(1), u16(1), u32(1)}).file();
  bytes[12] = static_cast<char>(bytes[12] ^ 0x01);
  bytes = with_file_crc(bytes);
  Activity a = lenient(bytes);
  EXPECT_EQ(a.records.size(), 1u);
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_EQ(a.warnings[0].place.byte, 12u);
  EXPECT_EQ(strict_error(bytes).substr(0, 39), "t.fit: byte 12: header CRC mismatch (ex");
}

TEST(FitCorrupt, BadFileCrc) {
  std::string bytes = ride(false).data(1, {u32(kT0), u16(1), u8(1), u16(1), u16(1), u32(1)}).file();
  bytes.back() = static_cast<char>(bytes.back() ^ 0x10);
  Activity a = lenient(bytes);
  EXPECT_EQ(a.records.size(), 1u);
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_EQ(a.warnings[0].place.byte, bytes.size() - 2);
  EXPECT_NE(strict_error(bytes).find("file CRC mismatch (expected 0x"), std::string::npos);
}

TEST(FitCorrupt, TruncatedDefinition) {
  FitWriter w = ride(false);
  w.data(1, {u32(kT0), u16(1), u8(1), u16(1), u16(1), u32(1)});
  std::size_t at = 14 + w.body_size();
  w.raw({0x42, 0, 0, 20, 0, 3, 253, 4});  // three fields announced, one and a half given
  std::string bytes = w.file();
  Activity a = lenient(bytes);
  EXPECT_EQ(a.records.size(), 1u);
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_EQ(a.warnings[0].place.byte, at);
  EXPECT_EQ(a.warnings[0].problem, "truncated definition message (expected 15 bytes, got 8)");
  EXPECT_EQ(strict_error(bytes), "t.fit: byte " + std::to_string(at) +
                                     ": truncated definition message (expected 15 bytes, got 8)");
}

TEST(FitCorrupt, TruncatedDataAtEndOfFile) {
  std::string whole = ride(false)
                          .data(1, {u32(kT0), u16(1), u8(1), u16(1), u16(1), u32(1)})
                          .data(1, {u32(kT0 + 1), u16(2), u8(2), u16(2), u16(2), u32(2)})
                          .file();
  std::string bytes = whole.substr(0, whole.size() - 2 - 5);  // no CRC, last record 5 bytes short
  Activity a = lenient(bytes);
  EXPECT_EQ(a.records.size(), 1u);
  ASSERT_EQ(a.warnings.size(), 2u);
  EXPECT_EQ(a.warnings[0].place.byte, 4u);
  EXPECT_EQ(a.warnings[1].problem,
            "truncated data message for message 20 (expected 16 bytes, got 11)");
  EXPECT_EQ(strict_error(bytes).substr(0, 59),
            "t.fit: byte 4: data_size runs past the end of the file (exp");
}

TEST(FitCorrupt, TruncatedFileIsPlacedAtItsByte) {
  const std::string whole =
      ride(false).data(1, {u32(kT0), u16(1), u8(1), u16(1), u16(1), u32(1)}).file();
  try {
    read_fit(Source::from_memory("runs/t.fit", whole.substr(0, whole.size() - 4)),
             {.strict = true});
    FAIL() << "read";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Format);
    EXPECT_EQ(e.place().source, "runs/t.fit");
    EXPECT_EQ(e.place().byte, 4u);  // data_size, which promises more than the file holds
    EXPECT_FALSE(e.place().line.has_value());
    EXPECT_EQ(e.problem(), "data_size runs past the end of the file (expected " +
                               std::to_string(whole.size() - 14 - 2) + " bytes, got " +
                               std::to_string(whole.size() - 4 - 14) + ")");
  }
}

TEST(FitCorrupt, UndefinedLocalType) {
  FitWriter w = ride(false);
  w.data(1, {u32(kT0), u16(1), u8(1), u16(1), u16(1), u32(1)});
  std::size_t at = 14 + w.body_size();
  w.raw({0x07, 1, 2, 3});
  std::string bytes = w.file();
  Activity a = lenient(bytes);
  EXPECT_EQ(a.records.size(), 1u);
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_EQ(a.warnings[0].problem, "data message for undefined local message type 7");
  EXPECT_EQ(strict_error(bytes), "t.fit: byte " + std::to_string(at) +
                                     ": data message for undefined local message type 7");
}

TEST(FitCorrupt, AbsurdFieldCountAndSize) {
  // 255 fields of 255 bytes: a 65025-byte message in a tiny file is a truncated data message.
  FitWriter w;
  std::vector<FitWriter::Field> fields(255, FitWriter::Field{1, 255, kFitByte});
  w.define(0, 20, fields);
  std::size_t at = 14 + w.body_size();
  w.raw({0x00, 1, 2, 3});
  const std::string bytes = w.file();
  Activity a = lenient(bytes);
  EXPECT_TRUE(a.records.empty());
  ASSERT_EQ(a.warnings.size(), 2u);
  EXPECT_EQ(a.warnings[0].place.byte, at);
  EXPECT_EQ(a.warnings[0].problem,
            "truncated data message for message 20 (expected 65026 bytes, got 4)");
  // Without records the reader closes with a warning saying so, which read_activity refuses.
  EXPECT_EQ(a.warnings[1].place.byte, bytes.size());
  EXPECT_EQ(a.warnings[1].problem, "no record messages: the activity has no records");
}

TEST(FitCorrupt, UnknownBaseTypeIsSkippedBySize) {
  FitWriter w;
  w.define(0, 20, {{253, 4, kFitUint32}, {99, 2, 0x1F}, {7, 2, kFitUint16}});
  w.data(0, {u32(kT0), u16(0xABCD), u16(321)});
  std::string bytes = w.file();
  Activity a = lenient(bytes);
  ASSERT_EQ(a.records.size(), 1u);
  EXPECT_EQ(a.records[0].power_w, 321);
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_EQ(a.warnings[0].place.byte, 14u + 6 + 3 + 2);
  EXPECT_EQ(a.warnings[0].problem,
            "unknown base type 31 for field 99 of message 20 (expected 0..16)");
  EXPECT_EQ(strict_error(bytes),
            "t.fit: byte 25: unknown base type 31 for field 99 of message 20 (expected 0..16)");
}

TEST(FitCorrupt, FieldSizeMisfitReadsAbsentAndWarnsOnce) {
  FitWriter w;
  w.define(0, 20, {{253, 4, kFitUint32}, {7, 3, kFitUint16}, {3, 1, kFitUint8}});
  w.data(0, {u32(kT0), u16(300), u8(0), u8(150)});
  w.data(0, {u32(kT0 + 1), u16(300), u8(0), u8(151)});
  Activity a = lenient(w.file());
  ASSERT_EQ(a.records.size(), 2u);
  EXPECT_TRUE(std::isnan(a.records[0].power_w));
  EXPECT_EQ(a.records[1].heart_rate_bpm, 151);
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_EQ(a.warnings[0].problem,
            "field 7 of message 20: size 3 is not a multiple of its base type uint16 (2 bytes)");
}

TEST(FitCorrupt, CorruptChainedHeaderKeepsTheFirstFile) {
  std::string first = ride(false).data(1, {u32(kT0), u16(1), u8(1), u16(1), u16(1), u32(1)}).file();
  std::string bytes = first + std::string("\x0e\x10garbage-garbage", 16);
  Activity a = lenient(bytes);
  EXPECT_EQ(a.records.size(), 1u);
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_EQ(a.warnings[0].place.byte, first.size());
  EXPECT_EQ(strict_error(bytes), "t.fit: byte " + std::to_string(first.size()) +
                                     ": corrupt chained FIT header: not a FIT header (expected "
                                     "\".FIT\" at bytes 8..11)");
}

}  // namespace
}  // namespace podium::sensor
