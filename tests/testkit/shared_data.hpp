// Where the tests find ../shared/data (real data nobody here made): $PODIUM_SHARED_DATA, else
// ../shared/data relative to the test's working folder. Tests skip with a message naming the path
// when what they need is not there.
//
//   const fs::path dir = testkit::shared_data("actions/tennis_shots_movenet");
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string_view>

namespace podium::testkit {

inline std::filesystem::path shared_data(std::string_view sub) {
  const char* env = std::getenv("PODIUM_SHARED_DATA");
  return std::filesystem::path(env != nullptr ? env : "../shared/data") / sub;
}

}  // namespace podium::testkit
