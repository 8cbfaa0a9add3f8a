// Rows and frames for the MOT tests: boxes 10 x 10 px unless said, placed by their left edge.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/vision/mot.hpp"

namespace podium::vision::mot_test {

inline MotRow row(std::int64_t frame, std::int64_t id, double x, double y = 0, double w = 10,
                  double h = 10) {
  MotRow r;
  r.frame = frame;
  r.id = id;
  r.box = {.x = x, .y = y, .width = w, .height = h};
  return r;
}

// The same id at the same place on frames first..last.
inline void add_track(std::vector<MotRow>& rows, std::int64_t id, std::int64_t first,
                      std::int64_t last, double x) {
  for (std::int64_t f = first; f <= last; ++f)
    rows.push_back(row(f, id, x));
}

// The message of the podium::Error `f` throws; fails the test when it throws none.
template <typename F>
std::string error_of(F&& f, ErrorKind kind) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), kind) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return "";
}

}  // namespace podium::vision::mot_test
