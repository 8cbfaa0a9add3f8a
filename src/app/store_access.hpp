// What the store commands share: where the database is and the `--db` option.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "podium/store/store.hpp"

namespace podium::app {

// $PODIUM_HOME/podium.db (default ~/.cache/podium/podium.db); the folder is created.
std::string default_db_path();

// Adds `--db PATH` to a command; open_store("") opens default_db_path().
void add_db_option(CLI::App& cmd, std::string& path);
store::Store open_store(const std::string& path);

}  // namespace podium::app
