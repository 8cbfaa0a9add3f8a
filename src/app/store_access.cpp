#include "store_access.hpp"

#include <filesystem>

#include "podium/core/home.hpp"
#include "podium/store/store.hpp"

namespace podium::app {

std::string default_db_path() {
  const std::filesystem::path home = podium_home();
  std::error_code ec;
  std::filesystem::create_directories(home, ec);  // a failure surfaces as the store's open error
  return (home / "podium.db").string();
}

void add_db_option(CLI::App& cmd, std::string& path) {
  cmd.add_option("--db", path, "SQLite store (default $PODIUM_HOME/podium.db)");
}

store::Store open_store(const std::string& path) {
  return store::Store::open(path.empty() ? default_db_path() : path, store::OpenMode::MustExist);
}

store::Store open_or_create_store(const std::string& path) {
  return store::Store::open(path.empty() ? default_db_path() : path,
                            store::OpenMode::CreateIfMissing);
}

}  // namespace podium::app
