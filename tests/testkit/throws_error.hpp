// The one way tests check a podium::Error: EXPECT_THAT(callable, ThrowsError(kind, message)).
// `message` is a string matcher on what(): a plain string must equal it, HasSubstr("...") must
// occur in it. Anything else thrown, or nothing, does not match, and the failure says what
// happened instead.
//
//   EXPECT_THAT([&] { read_fit(bytes); }, ThrowsError(ErrorKind::Format, HasSubstr("byte 12")));
//   EXPECT_THAT([&] { pmc(0, loads, o); }, ThrowsError(ErrorKind::InvalidInput, "ctl_days = 0: must
//   be > 0"));
#pragma once

#include <gmock/gmock.h>

#include <exception>
#include <ostream>
#include <string>
#include <utility>

#include "podium/core/error.hpp"

namespace podium::testkit {

class ThrowsErrorMatcher {
 public:
  ThrowsErrorMatcher(ErrorKind kind, ::testing::Matcher<const std::string&> message)
      : kind_(kind), message_(std::move(message)) {}

  template <typename F>
  bool MatchAndExplain(F&& f, ::testing::MatchResultListener* listener) const {
    try {
      f();
    } catch (const Error& e) {
      const std::string what = e.what();
      *listener << "threw podium::Error(kind " << static_cast<int>(e.kind()) << ") \"" << what
                << "\"";
      return e.kind() == kind_ && message_.Matches(what);
    } catch (const std::exception& e) {
      *listener << "threw another exception: " << e.what();
      return false;
    }
    *listener << "threw nothing";
    return false;
  }

  void DescribeTo(std::ostream* os) const {
    *os << "throws podium::Error of kind " << static_cast<int>(kind_) << " whose message ";
    message_.DescribeTo(os);
  }
  void DescribeNegationTo(std::ostream* os) const { *os << "does not throw such a podium::Error"; }

 private:
  ErrorKind kind_;
  ::testing::Matcher<const std::string&> message_;
};

inline ::testing::PolymorphicMatcher<ThrowsErrorMatcher> ThrowsError(
    ErrorKind kind, ::testing::Matcher<const std::string&> message) {
  return ::testing::MakePolymorphicMatcher(ThrowsErrorMatcher(kind, std::move(message)));
}

// A one-line message that also matches `m`: podium's errors never span lines.
inline ::testing::Matcher<const std::string&> OneLine(::testing::Matcher<const std::string&> m) {
  return ::testing::AllOf(::testing::Not(::testing::HasSubstr("\n")), std::move(m));
}

}  // namespace podium::testkit
