#include "podium/sensor/athlete.hpp"
#include "testkit/throws_error.hpp"

#include <gtest/gtest.h>

#include "podium/core/error.hpp"

namespace podium::sensor {
namespace {

using testkit::ThrowsError;

TEST(Thresholds, DefaultsAreValid) {
  EXPECT_NO_THROW(validate(Thresholds{}));
}

TEST(Thresholds, NamesFieldValueAndRule) {
  Thresholds t;
  t.ftp_w = -5;
  EXPECT_THAT([&] { validate(t); },
              ThrowsError(ErrorKind::InvalidInput, "ftp_w = -5: must be in (0, 2500]"));
}

TEST(Thresholds, RestAboveMaxRejected) {
  Thresholds t;
  t.hr_rest_bpm = 120;
  t.hr_max_bpm = 110;
  EXPECT_THROW(validate(t), Error);
}

TEST(Thresholds, ZonesMustAscend) {
  Thresholds t;
  t.power_zones = {0.0, 0.8, 0.7};
  EXPECT_THROW(validate(t), Error);
  t.power_zones = {};
  EXPECT_THROW(validate(t), Error);
}

}  // namespace
}  // namespace podium::sensor
