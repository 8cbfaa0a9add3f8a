#include "store_access.hpp"

#include <filesystem>

#include "podium/core/home.hpp"
#include "podium/store/store.hpp"

namespace podium::app {

std::string default_db_path() {
  return (std::filesystem::path(podium_home()) / "podium.db").string();
}

void add_db_option(CLI::App& cmd, std::string& path) {
  cmd.add_option("--db", path, "SQLite store (default $PODIUM_HOME/podium.db)");
}

store::Store open_store(const std::string& path) {
  return store::Store::open(path.empty() ? default_db_path() : path, store::OpenMode::MustExist);
}

store::Store open_or_create_store(const std::string& path) {
  if (!path.empty()) return store::Store::open(path, store::OpenMode::CreateIfMissing);
  std::error_code ec;  // a failure surfaces as the store's open error
  std::filesystem::create_directories(podium_home(), ec);
  return store::Store::open(default_db_path(), store::OpenMode::CreateIfMissing);
}

}  // namespace podium::app
