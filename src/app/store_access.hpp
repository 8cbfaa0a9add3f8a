// What the sensor commands share about the store: where the database is and how an athlete's
// stored settings become the thresholds metrics use.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "podium/sensor/athlete.hpp"
#include "podium/store/rows.hpp"
#include "podium/store/store.hpp"

namespace podium::app {

// $PODIUM_HOME/podium.db (default ~/.cache/podium/podium.db); the folder is created.
std::string default_db_path();

// Adds `--db PATH` to a command; open_store("") opens default_db_path().
void add_db_option(CLI::App& cmd, std::string& path);
// An existing store (Error(NotFound) when there is none: nothing is created).
store::Store open_store(const std::string& path);
// For the commands that put the first thing into a store: athlete add, results import.
store::Store open_or_create_store(const std::string& path);

sensor::Thresholds to_thresholds(const store::AthleteSettings& s);
store::AthleteSettings to_settings(const sensor::Thresholds& t, std::int32_t effective_from_day);

}  // namespace podium::app
