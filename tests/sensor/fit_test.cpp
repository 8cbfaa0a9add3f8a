// The FIT reader on handcrafted files (fit_writer.hpp): byte orders, developer fields,
// compressed timestamps, chained files, the hr merge, the CRC, bogus times and the fuzz seeds
// (corruption classes: fit_corrupt_test.cpp).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <random>

#include "podium/core/file.hpp"

#include "podium/core/error.hpp"
#include "podium/sensor/read.hpp"
#include "sensor/fit_hr_merge.hpp"
#include "sensor/fit_test_util.hpp"
#include "sensor/fit_writer.hpp"

namespace podium::sensor {
namespace {

using test::FitWriter;
using test::kT0;
using test::kT0Unix;
using test::lenient;
using test::ride;
using test::u16;
using test::u32;
using test::u8;

TEST(Fit, LittleAndBigEndianDecodeAlike) {
  for (bool big : {false, true}) {
    SCOPED_TRACE(big ? "big endian" : "little endian");
    FitWriter w = ride(big);
    // altitude raw 3000 -> 3000/5 - 500 = 100 m; speed 4500 -> 4.5 m/s; lat 2^30 -> 90 deg.
    w.data(1, {u32(kT0), u16(250), u8(140), u16(3000), u16(4500), u32(1u << 30)});
    w.data(1, {u32(kT0 + 1), u16(0xFFFF), u8(0xFF), u16(0xFFFF), u16(0xFFFF), u32(0x7FFFFFFF)});
    Activity a = lenient(w.file());
    ASSERT_EQ(a.records.size(), 2u);
    EXPECT_TRUE(a.warnings.empty());
    EXPECT_EQ(a.records[0].time_utc_s, kT0Unix);
    EXPECT_EQ(a.records[0].power_w, 250);
    EXPECT_EQ(a.records[0].heart_rate_bpm, 140);
    EXPECT_DOUBLE_EQ(a.records[0].altitude_m, 100.0);
    EXPECT_DOUBLE_EQ(a.records[0].speed_mps, 4.5);
    EXPECT_DOUBLE_EQ(a.records[0].lat_deg, 90.0);
    // Invalid values are absent, not zero.
    EXPECT_TRUE(std::isnan(a.records[1].power_w));
    EXPECT_TRUE(std::isnan(a.records[1].heart_rate_bpm));
    EXPECT_TRUE(std::isnan(a.records[1].altitude_m));
    EXPECT_TRUE(std::isnan(a.records[1].lat_deg));
    EXPECT_EQ(a.device.manufacturer, "wahooFitness");
    EXPECT_EQ(a.device.product, "31");
    EXPECT_EQ(a.device.serial, "1234");
    EXPECT_EQ(a.start_utc_s, kT0Unix);  // no session: first record time
  }
}

TEST(Fit, SessionsLapsPausesAndSport) {
  FitWriter w = ride(false);
  w.data(1, {u32(kT0), u16(200), u8(120), u16(0xFFFF), u16(0xFFFF), u32(0x7FFFFFFF)});
  // event: timer stop at T0+10, start at T0+25.
  w.define(2, 21, {{253, 4, kFitUint32}, {0, 1, kFitEnum}, {1, 1, kFitEnum}});
  w.data(2, {u32(kT0 + 10), u8(0), u8(4)});
  w.data(2, {u32(kT0 + 25), u8(0), u8(0)});
  // session: start, sport, sub_sport, elapsed (ms), timer (ms), NP, TSS x10, IF x1000, FTP.
  w.define(3, 18,
           {{2, 4, kFitUint32},
            {5, 1, kFitEnum},
            {6, 1, kFitEnum},
            {7, 4, kFitUint32},
            {8, 4, kFitUint32},
            {34, 2, kFitUint16},
            {35, 2, kFitUint16},
            {36, 2, kFitUint16},
            {45, 2, kFitUint16}});
  w.data(3, {u32(kT0), u8(2), u8(7), u32(3600500), u32(3500000), u16(230), u16(845), u16(920),
             u16(250)});
  w.data(3, {u32(kT0 + 4000), u8(1), u8(0xFF), u32(600000), u32(600000), u16(0xFFFF), u16(0xFFFF),
             u16(0xFFFF), u16(0xFFFF)});
  w.define(4, 19, {{2, 4, kFitUint32}, {7, 4, kFitUint32}});
  w.data(4, {u32(kT0), u32(1000)});
  Activity a = lenient(w.file());
  ASSERT_EQ(a.sessions.size(), 2u);
  EXPECT_EQ(a.sessions[0].sport, "cycling");
  EXPECT_EQ(a.sessions[0].sub_sport, "road");
  EXPECT_EQ(a.sessions[1].sport, "running");
  EXPECT_EQ(a.sessions[1].sub_sport, "");
  EXPECT_EQ(a.sport, "multisport");
  EXPECT_DOUBLE_EQ(a.sessions[0].device.elapsed_s, 3600.5);
  EXPECT_DOUBLE_EQ(a.sessions[0].device.timer_s, 3500.0);
  EXPECT_EQ(a.sessions[0].device.normalized_power_w, 230);
  EXPECT_DOUBLE_EQ(a.sessions[0].device.training_stress_score, 84.5);
  EXPECT_DOUBLE_EQ(a.sessions[0].device.intensity_factor, 0.92);
  EXPECT_EQ(a.sessions[0].device.threshold_power_w, 250);
  EXPECT_TRUE(std::isnan(a.sessions[1].device.normalized_power_w));
  ASSERT_EQ(a.laps.size(), 1u);
  EXPECT_DOUBLE_EQ(a.laps[0].device.elapsed_s, 1.0);
  ASSERT_EQ(a.pauses.size(), 1u);
  EXPECT_EQ(a.pauses[0].start_utc_s, kT0Unix + 10);
  EXPECT_EQ(a.pauses[0].end_utc_s, kT0Unix + 25);
}

TEST(Fit, DeveloperPowerIsAChannelNotNativePower) {
  FitWriter w;
  // developer_data_id: application_id (16 bytes), developer_data_index 0.
  w.define(0, 207, {{1, 16, kFitByte}, {3, 1, kFitUint8}});
  w.data(0, {u32(0x04030201), u32(0), u32(0), u32(0), u8(0)});
  // field_description: index 0, field 5, uint16, "Power", "Watts", native record.power.
  w.define(1, 206,
           {{0, 1, kFitUint8},
            {1, 1, kFitUint8},
            {2, 1, kFitUint8},
            {3, 8, kFitString},
            {8, 8, kFitString},
            {14, 2, kFitUint16},
            {15, 1, kFitUint8}});
  w.data(1, {u8(0), u8(5), u8(kFitUint16)});
  w.string("Power", 8).string("Watts", 8);
  w.raw({20, 0, 7});
  w.define(2, 20, {{253, 4, kFitUint32}}, false, {{5, 2, 0}});
  w.data(2, {u32(kT0), u16(310)});
  w.define(3, 20, {{253, 4, kFitUint32}});  // a record without the developer field
  w.data(3, {u32(kT0 + 1)});
  w.data(2, {u32(kT0 + 2), u16(0xFFFF)});
  Activity a = lenient(w.file());
  ASSERT_TRUE(a.warnings.empty()) << a.warnings[0].problem;
  ASSERT_EQ(a.developer_fields.size(), 1u);
  EXPECT_EQ(a.developer_fields[0].name, "Power");
  EXPECT_EQ(a.developer_fields[0].units, "Watts");
  EXPECT_EQ(a.developer_fields[0].native_message, 20);
  EXPECT_EQ(a.developer_fields[0].native_field, 7);
  EXPECT_EQ(a.developer_fields[0].application_id, "01020304000000000000000000000000");
  ASSERT_EQ(a.developer.size(), 1u);
  EXPECT_EQ(a.developer[0].name, "Power");
  ASSERT_EQ(a.developer[0].values.size(), 3u);
  EXPECT_EQ(a.developer[0].values[0], 310);
  EXPECT_TRUE(std::isnan(a.developer[0].values[1]));
  EXPECT_TRUE(std::isnan(a.developer[0].values[2]));
  for (const Record& r : a.records)
    EXPECT_TRUE(std::isnan(r.power_w));
}

TEST(Fit, CompressedTimestampsRollOverAgainstTheLastFullTime) {
  FitWriter w;
  w.define(0, 20, {{253, 4, kFitUint32}, {3, 1, kFitUint8}});
  w.data(0, {u32(kT0 + 30), u8(100)});
  w.define(1, 20, {{3, 1, kFitUint8}});
  w.compressed(1, 31, {u8(101)});  // 30 -> 31: +1
  w.compressed(1, 2, {u8(102)});   // 31 -> 2: rolls over, +3
  Activity a = lenient(w.file());
  ASSERT_EQ(a.records.size(), 3u);
  EXPECT_EQ(a.records[1].time_utc_s, kT0Unix + 31);
  EXPECT_EQ(a.records[2].time_utc_s, kT0Unix + 34);
  EXPECT_EQ(a.records[2].heart_rate_bpm, 102);
}

TEST(Fit, ChainedFilesAreConcatenated) {
  FitWriter first, second;
  first.define(0, 20, {{253, 4, kFitUint32}, {7, 2, kFitUint16}}).data(0, {u32(kT0), u16(100)});
  second.define(3, 20, {{253, 4, kFitUint32}, {7, 2, kFitUint16}}, true)
      .data(3, {u32(kT0 + 1), u16(200)});
  Activity a = lenient(first.file() + second.file(false));
  ASSERT_EQ(a.records.size(), 2u);
  EXPECT_TRUE(a.warnings.empty());
  EXPECT_EQ(a.records[1].power_w, 200);
}

TEST(Fit, HrMessagesFillRecordHeartRate) {
  // Hand-computed: beats 100.0 (60), 100.5 (70), 101.5 (80) with 0.25 s carry-forward fills.
  std::vector<HrMessage> messages = {{100.0, {0.0}, {60}}, {kMissing, {0.5, 1.5}, {70, 80}}};
  std::vector<HrSample> beats;
  std::string why;
  ASSERT_TRUE(expand_heart_rates(messages, 1000, beats, why)) << why;
  ASSERT_EQ(beats.size(), 7u);  // 100, 100.25f, 100.5, 100.75f, 101f, 101.25f, 101.5
  EXPECT_EQ(beats[1].time_s, 100.25);
  EXPECT_EQ(beats[1].bpm, 60);
  std::vector<double> times = {100, 101, 103};
  std::vector<double> hr = {kMissing, 90, 91};
  merge_heart_rates(beats, times, hr);
  EXPECT_EQ(hr[0], 60);  // (99, 100]: 60
  EXPECT_EQ(hr[1], 68);  // (100, 101]: 60, 70, 70, 70 -> 67.5 rounds up
  EXPECT_EQ(hr[2], 91);  // beats run out before a later one closes the window: kept
  messages[0].event_times_s = {0.0, 0.1};
  EXPECT_FALSE(expand_heart_rates(messages, 1000, beats, why));
  EXPECT_EQ(why, "anchor hr message must have 1 event_timestamp");
  // The gap fills count: 3 beats from the file become 7.
  messages[0].event_times_s = {0.0};
  EXPECT_TRUE(expand_heart_rates(messages, 7, beats, why));
  EXPECT_FALSE(expand_heart_rates(messages, 6, beats, why));
  EXPECT_EQ(why, "more than 6 beats with their gaps filled");
  EXPECT_TRUE(beats.empty());
}

TEST(Fit, HrMessagesWithPackedEventTimesMergeIntoRecords) {
  FitWriter w;
  w.define(0, 20, {{253, 4, kFitUint32}, {3, 1, kFitUint8}});
  w.data(0, {u32(kT0), u8(0xFF)});
  w.data(0, {u32(kT0 + 1), u8(0xFF)});
  w.data(0, {u32(kT0 + 2), u8(0xFF)});
  // Anchor at T0 + 0.5 s (time256 = 128) with event_timestamp 2048/1024 = 2 s, 90 bpm.
  w.define(1, 132,
           {{253, 4, kFitUint32}, {1, 1, kFitUint8}, {9, 4, kFitUint32}, {6, 1, kFitUint8}});
  w.data(1, {u32(kT0), u8(128), u32(2048), u8(90)});
  // Two packed 12-bit event times: 2048 + 512 (2.5 s) and 2048 + 1536 (3.5 s) -> T0+1, T0+2.
  w.define(2, 132, {{10, 3, kFitByte}, {6, 2, kFitUint8}});
  std::uint32_t a12 = (2048 + 512) & 0xFFF, b12 = (2048 + 1536) & 0xFFF;
  std::uint32_t packed = a12 | b12 << 12;
  w.raw({2, static_cast<std::uint8_t>(packed), static_cast<std::uint8_t>(packed >> 8),
         static_cast<std::uint8_t>(packed >> 16), 100, 110});
  Activity a = lenient(w.file());
  ASSERT_EQ(a.records.size(), 3u);
  ASSERT_TRUE(a.warnings.empty()) << a.warnings[0].problem;
  // Beats (s after T0): 0.5 (90), 0.75 (90, carried), 1.0 (100), 1.25/1.5/1.75 (100, carried),
  // 2.0 (110). (0, 1]: 90, 90, 100 -> 93.3 -> 93. (1, 2] holds 102.5 but no later beat closes it.
  EXPECT_TRUE(std::isnan(a.records[0].heart_rate_bpm));
  EXPECT_EQ(a.records[1].heart_rate_bpm, 93);
  EXPECT_TRUE(std::isnan(a.records[2].heart_rate_bpm));
}

// The FIT protocol document's nibble-at-a-time CRC, the obvious reference for the fast one.
std::uint16_t nibble_crc16(const std::uint8_t* data, std::size_t size) {
  static constexpr std::uint16_t kTable[16] = {0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00,
                                               0x2800, 0xE401, 0xA001, 0x6C00, 0x7800, 0xB401,
                                               0x5000, 0x9C01, 0x8801, 0x4400};
  std::uint16_t crc = 0;
  for (std::size_t i = 0; i < size; ++i) {
    std::uint16_t tmp = kTable[crc & 0xF];
    crc = static_cast<std::uint16_t>(((crc >> 4) & 0x0FFF) ^ tmp ^ kTable[data[i] & 0xF]);
    tmp = kTable[crc & 0xF];
    crc = static_cast<std::uint16_t>(((crc >> 4) & 0x0FFF) ^ tmp ^ kTable[(data[i] >> 4) & 0xF]);
  }
  return crc;
}

TEST(FitCrc, SlicedCrcEqualsTheProtocolsNibbleCrc) {
  std::mt19937 rng(42);
  for (std::size_t size : {0, 1, 7, 8, 9, 13, 127, 1000}) {
    std::vector<std::uint8_t> bytes(size);
    for (auto& b : bytes)
      b = static_cast<std::uint8_t>(rng());
    EXPECT_EQ(fit_crc16(0, bytes.data(), size), nibble_crc16(bytes.data(), size)) << size;
  }
  const std::uint8_t check[] = {'1', '2', '3', '4', '5', '6', '7', '8', '9'};
  EXPECT_EQ(fit_crc16(0, check, 9), 0xBB3D);  // CRC-16/ARC check value
}

TEST(FitTimes, BogusTimesWarnInBothModes) {
  FitWriter w;
  w.define(0, 20, {{253, 4, kFitUint32}});
  w.data(0, {u32(1000)}).data(0, {u32(999)}).data(0, {u32(999)});
  for (bool strict : {false, true}) {
    Activity a = read_fit(Source::from_memory("t.fit", w.file()), {.strict = strict});
    ASSERT_EQ(a.warnings.size(), 3u);
    EXPECT_EQ(a.warnings[0].problem,
              "3 record times before 1998-07-04: device clock not set (FIT relative time)");
    EXPECT_EQ(a.warnings[1].problem, "1 record times go backwards");
    EXPECT_EQ(a.warnings[2].problem, "1 records repeat the previous record's time");
  }
}

// The fuzz seeds decode or throw podium::Error in both modes (crashes the fuzzer found are ctest
// cases of their own, fuzz.fit.*, run through fuzz/fuzz_fit.cpp).
TEST(FitFuzzCorpus, SeedsDecodeOrThrowError) {
  namespace fs = std::filesystem;
  std::vector<fs::path> inputs;
  for (const auto& e : fs::directory_iterator(fs::path(PODIUM_SOURCE_DIR) / "fuzz/corpus/fit"))
    inputs.push_back(e.path());
  ASSERT_GE(inputs.size(), 7u);
  for (const fs::path& path : inputs) {
    std::string bytes = read_file(path.string());
    for (bool strict : {false, true}) {
      try {
        Activity a =
            read_fit(Source::from_memory(path.filename().string(), bytes), {.strict = strict});
        for (const NamedChannel& c : a.developer)
          EXPECT_EQ(c.values.size(), a.records.size());
      } catch (const Error&) {
      }
    }
  }
}

}  // namespace
}  // namespace podium::sensor
