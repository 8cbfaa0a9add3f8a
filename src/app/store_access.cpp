#include "store_access.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstring>
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

std::string cli_actor() {
  std::string actor = "cli:";
  const passwd* pw = ::getpwuid(::geteuid());
  if (pw != nullptr && pw->pw_name != nullptr && pw->pw_name[0] != '\0' &&
      std::strlen(pw->pw_name) <= 64) {
    actor.append(pw->pw_name);
  } else {
    actor.append("uid").append(std::to_string(::geteuid()));
  }
  return actor;
}

store::Store open_store(const std::string& path) {
  store::Store st =
      store::Store::open(path.empty() ? default_db_path() : path, store::OpenMode::MustExist);
  st.set_actor(cli_actor());
  return st;
}

store::Store open_or_create_store(const std::string& path) {
  std::error_code ec;  // a failure surfaces as the store's open error
  if (path.empty()) std::filesystem::create_directories(podium_home(), ec);
  store::Store st =
      store::Store::open(path.empty() ? default_db_path() : path, store::OpenMode::CreateIfMissing);
  st.set_actor(cli_actor());
  return st;
}

}  // namespace podium::app
