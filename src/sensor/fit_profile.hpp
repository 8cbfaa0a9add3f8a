// FIT profile subset podium interprets (internal to the FIT reader): message and field numbers,
// scales as named constants, and names for the manufacturer / sport / sub_sport enums.
//
// Contract: numbers are the public FIT profile's (Profile.xlsx, SDK 21.x). Names follow the
// spelling of Garmin's own decoder (@garmin/fitsdk with convertTypesToStrings), which the goldens
// use: "cycling", "openWater", "wahooFitness". A number podium has no name for comes back as its
// decimal text, so nothing is lost.
//
//   fit_sport_name(2) == "cycling"; fit_manufacturer_name(1052) == "1052"
#pragma once

#include <cstdint>
#include <string>

namespace podium::sensor::fit {

// Global message numbers.
inline constexpr std::uint16_t kMesgFileId = 0;
inline constexpr std::uint16_t kMesgSession = 18;
inline constexpr std::uint16_t kMesgLap = 19;
inline constexpr std::uint16_t kMesgRecord = 20;
inline constexpr std::uint16_t kMesgEvent = 21;
inline constexpr std::uint16_t kMesgDeviceInfo = 23;
inline constexpr std::uint16_t kMesgHrv = 78;
inline constexpr std::uint16_t kMesgHr = 132;
inline constexpr std::uint16_t kMesgFieldDescription = 206;
inline constexpr std::uint16_t kMesgDeveloperDataId = 207;

inline constexpr std::uint8_t kFieldTimestamp = 253;

// file_id
inline constexpr std::uint8_t kFileIdManufacturer = 1;
inline constexpr std::uint8_t kFileIdProduct = 2;
inline constexpr std::uint8_t kFileIdSerialNumber = 3;

// record
inline constexpr std::uint8_t kRecordPositionLat = 0;
inline constexpr std::uint8_t kRecordPositionLong = 1;
inline constexpr std::uint8_t kRecordAltitude = 2;  // scale 5, offset 500
inline constexpr std::uint8_t kRecordHeartRate = 3;
inline constexpr std::uint8_t kRecordCadence = 4;
inline constexpr std::uint8_t kRecordDistance = 5;  // scale 100
inline constexpr std::uint8_t kRecordSpeed = 6;     // scale 1000
inline constexpr std::uint8_t kRecordPower = 7;
inline constexpr std::uint8_t kRecordCompressedSpeedDistance = 8;  // 12 bits /100, 12 bits /16
inline constexpr std::uint8_t kRecordTemperature = 13;
inline constexpr std::uint8_t kRecordEnhancedSpeed = 73;     // scale 1000
inline constexpr std::uint8_t kRecordEnhancedAltitude = 78;  // scale 5, offset 500
inline constexpr double kAltitudeScale = 5.0;
inline constexpr double kAltitudeOffsetM = 500.0;
inline constexpr double kSpeedScale = 1000.0;
inline constexpr double kDistanceScale = 100.0;
inline constexpr double kSemicirclesToDeg = 180.0 / 2147483648.0;

// session / lap: fields shared by number, then the ones that differ.
inline constexpr std::uint8_t kSummaryStartTime = 2;
inline constexpr std::uint8_t kSummaryElapsedTime = 7;  // scale 1000
inline constexpr std::uint8_t kSummaryTimerTime = 8;    // scale 1000
inline constexpr std::uint8_t kSummaryDistance = 9;     // scale 100
inline constexpr std::uint8_t kSummaryCalories = 11;
inline constexpr double kSummaryTimeScale = 1000.0;
struct SummaryFields {
  std::uint8_t avg_heart_rate, max_heart_rate, avg_cadence, avg_power, max_power, ascent,
      normalized_power, work, training_stress_score, intensity_factor, threshold_power;
};
inline constexpr std::uint8_t kNoField = 255;
inline constexpr SummaryFields kSessionFields{16, 17, 18, 20, 21, 22, 34, 48, 35, 36, 45};
inline constexpr SummaryFields kLapFields{15, 16, 17,       19,       20,      21,
                                          33, 41, kNoField, kNoField, kNoField};
inline constexpr std::uint8_t kSessionSport = 5;
inline constexpr std::uint8_t kSessionSubSport = 6;
inline constexpr double kTssScale = 10.0;
inline constexpr double kIntensityFactorScale = 1000.0;

// event
inline constexpr std::uint8_t kEventEvent = 0;
inline constexpr std::uint8_t kEventType = 1;
inline constexpr int kEventTimer = 0;
inline constexpr int kEventTypeStart = 0;
inline constexpr int kEventTypeStop = 1;
inline constexpr int kEventTypeStopAll = 4;
inline constexpr int kEventTypeStopDisable = 8;
inline constexpr int kEventTypeStopDisableAll = 9;

// device_info
inline constexpr std::uint8_t kDeviceInfoIndex = 0;  // 0 = the creator device
inline constexpr std::uint8_t kDeviceInfoSerialNumber = 3;
inline constexpr std::uint8_t kDeviceInfoSoftwareVersion = 5;  // scale 100
inline constexpr double kSoftwareVersionScale = 100.0;

// hrv
inline constexpr std::uint8_t kHrvTime = 0;  // uint16 array, scale 1000
inline constexpr double kHrvTimeScale = 1000.0;

// hr (132): heart beats recorded apart from records (HRM-Pro plugin, swim HR)
inline constexpr std::uint8_t kHrFractionalTimestamp = 0;  // scale 32768
inline constexpr std::uint8_t kHrTime256 = 1;              // scale 256 -> fractional_timestamp
inline constexpr std::uint8_t kHrFilteredBpm = 6;          // uint8 array
inline constexpr std::uint8_t kHrEventTimestamp = 9;       // uint32 array, scale 1024, accumulated
inline constexpr std::uint8_t kHrEventTimestamp12 = 10;    // byte array of packed 12-bit values
inline constexpr double kHrFractionalScale = 32768.0;
inline constexpr double kHrTime256Scale = 256.0;
inline constexpr double kHrEventTimestampScale = 1024.0;

// developer_data_id / field_description
inline constexpr std::uint8_t kDeveloperIdApplicationId = 1;
inline constexpr std::uint8_t kDeveloperIdIndex = 3;
inline constexpr std::uint8_t kFieldDescIndex = 0;
inline constexpr std::uint8_t kFieldDescNumber = 1;
inline constexpr std::uint8_t kFieldDescBaseType = 2;
inline constexpr std::uint8_t kFieldDescName = 3;
inline constexpr std::uint8_t kFieldDescScale = 6;
inline constexpr std::uint8_t kFieldDescOffset = 7;
inline constexpr std::uint8_t kFieldDescUnits = 8;
inline constexpr std::uint8_t kFieldDescNativeMesg = 14;
inline constexpr std::uint8_t kFieldDescNativeField = 15;

std::string manufacturer_name(int manufacturer);
std::string sport_name(int sport);
std::string sub_sport_name(int sub_sport);

}  // namespace podium::sensor::fit
