// Runs `f` and expects a podium::Error of `kind` whose message contains `needle`.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "podium/core/error.hpp"

namespace podium::learn::testing {

template <typename F>
void expect_error(F&& f, ErrorKind kind, const std::string& needle) {
  try {
    f();
    FAIL() << "no podium::Error; expected one mentioning '" << needle << "'";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), kind) << e.what();
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

}  // namespace podium::learn::testing
