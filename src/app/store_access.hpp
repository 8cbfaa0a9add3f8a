// What the store commands share: where the database is and the `--db` option.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "podium/store/store.hpp"

namespace podium::app {

// $PODIUM_HOME/podium.db (default ~/.cache/podium/podium.db).
// Only open_or_create_store() creates its folder.
std::string default_db_path();

// Adds `--db PATH` to a command; open_store("") opens default_db_path().
void add_db_option(CLI::App& cmd, std::string& path);
// Who the CLI's changes name in the audit log: "cli:" + the effective user's login name, or
// "cli:uid<N>" when the system has no name for it. open_store and open_or_create_store set it.
std::string cli_actor();

// An existing store (Error(NotFound) when there is none: nothing is created).
store::Store open_store(const std::string& path);
// For the commands that put the first thing into a store: athlete add, results import.
store::Store open_or_create_store(const std::string& path);

}  // namespace podium::app
