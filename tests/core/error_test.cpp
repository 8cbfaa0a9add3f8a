#include "podium/core/error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "podium/core/option.hpp"
#include "testkit/throws_error.hpp"

namespace podium {
namespace {

TEST(Error, WithoutAPlaceTheMessageIsTheProblem) {
  const Error e(ErrorKind::NotFound, "no activity with id 12");
  EXPECT_STREQ(e.what(), "no activity with id 12");
  EXPECT_TRUE(e.place().empty());
  EXPECT_EQ(e.problem(), "no activity with id 12");
  EXPECT_EQ(e.kind(), ErrorKind::NotFound);
}

TEST(Error, ComposesEveryPartOfThePlaceInOneOrder) {
  EXPECT_STREQ(Error(ErrorKind::Format, Place{.source = "a.fit", .byte = 1024}, "short").what(),
               "a.fit: byte 1024: short");
  EXPECT_STREQ(Error(ErrorKind::Format, Place{.source = "r.csv", .line = 7}, "bad").what(),
               "r.csv: line 7: bad");
  EXPECT_STREQ(
      Error(ErrorKind::Format, Place{.source = "g.json", .byte = 57, .line = 3, .column = 12}, "x")
          .what(),
      "g.json: byte 57 (line 3, column 12): x");
  EXPECT_STREQ(Error(ErrorKind::Format,
                     Place{.source = "gt.json", .field = "annotations[3].area", .value = "-1"},
                     "must be >= 0")
                   .what(),
               "gt.json: annotations[3].area = -1: must be >= 0");
  EXPECT_STREQ(Error(ErrorKind::InvalidInput, Place{.record = 4, .field = "power"}, "w").what(),
               "record 4: power: w");
}

TEST(Error, ThePlaceStaysReadableAsFields) {
  const Error e(ErrorKind::Format, Place{.source = "a.tcx", .byte = 9, .line = 2, .column = 3},
                "XML error");
  ASSERT_TRUE(e.place().byte.has_value());
  EXPECT_EQ(*e.place().byte, 9U);
  EXPECT_EQ(*e.place().line, 2U);
  EXPECT_EQ(e.place().source, "a.tcx");
  EXPECT_EQ(e.problem(), "XML error");
}

TEST(Error, InSourceFillsOnlyAMissingSource) {
  const Error bare(ErrorKind::Format, Place{.byte = 12}, "truncated");
  const Error placed = bare.in_source("runs/a.fit");
  EXPECT_STREQ(placed.what(), "runs/a.fit: byte 12: truncated");
  EXPECT_EQ(placed.kind(), ErrorKind::Format);
  EXPECT_STREQ(placed.in_source("other.fit").what(), "runs/a.fit: byte 12: truncated");
}

TEST(Error, NumberTextIsTheShortestRoundTrip) {
  EXPECT_EQ(number_text(0.1), "0.1");
  EXPECT_EQ(number_text(-5), "-5");
  EXPECT_EQ(number_text(1e300), "1e+300");
  EXPECT_EQ(number_text(std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(number_text(-std::numeric_limits<double>::infinity()), "-inf");
}

using testkit::ThrowsError;

TEST(Option, EveryRejectedSettingReadsFieldEqualsValueColonRule) {
  EXPECT_THAT([] { require_option(false, "pmc", "ctl_days", 0.0, "must be > 0"); },
              ThrowsError(ErrorKind::InvalidInput, "pmc: ctl_days = 0: must be > 0"));
  EXPECT_THAT([] { require_option(false, "", "--max-gap", -0.5, "must be >= 0"); },
              ThrowsError(ErrorKind::InvalidInput, "--max-gap = -0.5: must be >= 0"));
  EXPECT_THAT([] { require_option(false, "tracker", "min_hits", 0, "must be >= 1"); },
              ThrowsError(ErrorKind::InvalidInput, "tracker: min_hits = 0: must be >= 1"));
  EXPECT_THAT(
      [] { reject_option("", "--model", "cnn", "must be one of lightning, thunder"); },
      ThrowsError(ErrorKind::InvalidInput, "--model = cnn: must be one of lightning, thunder"));
  EXPECT_NO_THROW(require_option(true, "pmc", "ctl_days", 42.0, "must be > 0"));
}

TEST(Option, ThePlaceNamesOwnerFieldAndValue) {
  try {
    require_option(false, "xgboost ranker options", "eta", 2.5, "must be in (0, 1]");
    FAIL() << "no throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.place().source, "xgboost ranker options");
    EXPECT_EQ(e.place().field, "eta");
    EXPECT_EQ(e.place().value, "2.5");
    EXPECT_EQ(e.problem(), "must be in (0, 1]");
  }
}

}  // namespace
}  // namespace podium
