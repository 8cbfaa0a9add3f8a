#include "podium/core/error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "podium/core/message.hpp"
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

TEST(Error, PlaceMessageIsWhatAnErrorThereWouldSay) {
  const Place at{.source = "r.csv", .line = 3, .field = "rank", .value = "0"};
  EXPECT_EQ(at.message("must be 1-10000"), "r.csv: line 3: rank = 0: must be 1-10000");
  EXPECT_EQ(at.message("must be 1-10000"), Error(ErrorKind::Format, at, "must be 1-10000").what());
  EXPECT_EQ(Place{}.message("no place"), "no place");
}

TEST(Message, OutsideTextIsQuotedOnOneLine) {
  EXPECT_EQ(quoted_for_message("12x"), "'12x'");
  EXPECT_EQ(quoted_for_message(""), "''");
  EXPECT_EQ(quoted_for_message("a\nb\tc\x7f"), "'a?b?c?'");
  EXPECT_EQ(quoted_for_message(std::string(41, 'x')), "'" + std::string(40, 'x') + "...'");
  EXPECT_EQ(quoted_for_message(std::string(40, 'x')), "'" + std::string(40, 'x') + "'");
}

TEST(Message, WellFormedUtf8IsKeptAndEverythingElseIsAQuestionMark) {
  // "Stage 1 - Keren › Keren", "19.04 » 23.04", "Müller", an emoji: as written.
  EXPECT_EQ(quoted_for_message("Keren \xE2\x80\xBA Asmara"), "'Keren \xE2\x80\xBA Asmara'");
  EXPECT_EQ(quoted_for_message("19.04 \xC2\xBB 23.04"), "'19.04 \xC2\xBB 23.04'");
  EXPECT_EQ(quoted_for_message("M\xC3\xBCller \xF0\x9F\x9A\xB4"),
            "'M\xC3\xBCller \xF0\x9F\x9A\xB4'");
  // Latin-1, a lone continuation byte, a truncated sequence, an overlong '/', a surrogate.
  EXPECT_EQ(quoted_for_message("M\xFCller"), "'M?ller'");
  EXPECT_EQ(quoted_for_message("a\x80"
                               "b"),
            "'a?b'");
  EXPECT_EQ(quoted_for_message("a\xE2\x80"), "'a" + std::string(2, '?') + "'");
  EXPECT_EQ(quoted_for_message("\xC0\xAF"), "'" + std::string(2, '?') + "'");
  EXPECT_EQ(quoted_for_message("\xED\xA0\x80"), "'" + std::string(3, '?') + "'");
  // C1 NEL, LINE SEPARATOR, RIGHT-TO-LEFT OVERRIDE: they break or reorder the line.
  EXPECT_EQ(quoted_for_message("a\xC2\x85"
                               "b"),
            "'a" + std::string(2, '?') + "b'");
  EXPECT_EQ(quoted_for_message("a\xE2\x80\xA8"
                               "b"),
            "'a" + std::string(3, '?') + "b'");
  EXPECT_EQ(quoted_for_message("a\xE2\x80\xAE"
                               "b"),
            "'a" + std::string(3, '?') + "b'");
  // The cut never splits a character: 39 ASCII bytes and a 3-byte character make 42.
  EXPECT_EQ(quoted_for_message(std::string(39, 'x') + "\xE2\x80\xBA"),
            "'" + std::string(39, 'x') + "...'");
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
