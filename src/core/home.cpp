#include "podium/core/home.hpp"

#include <cstdlib>
#include <filesystem>

namespace podium {

std::string podium_home() {
  if (const char* h = std::getenv("PODIUM_HOME"); h && *h) return h;
  if (const char* home = std::getenv("HOME"); home && *home) {
    return (std::filesystem::path(home) / ".cache" / "podium").string();
  }
  return ".podium";
}

}  // namespace podium
