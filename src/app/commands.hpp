// The podium CLI. main.cpp owns the command groups (name, one-line description, and the plugin
// library that implements them); each cmd_*.cpp fills the group it is given with subcommands and
// options. A command's callback does the work and throws podium::Error on bad input; main() maps
// errors to exit codes (DESIGN.md): 2 bad input, 3 missing resource, 1 internal.
//
// Plugins (src/app/plugin_*.cpp) are shared libraries loaded only when one of their groups is on
// the command line, so `podium --version` and the sensor commands never load libtorch or OpenCV.
// Each exports `extern "C" void podium_cli_add_group(const char* name, CLI::App& group)`.
#pragma once

#include <CLI/CLI.hpp>

namespace podium::app {

// The signature of the one symbol every plugin exports.
using AddGroupFn = void (*)(const char* name, CLI::App& group);
inline constexpr const char* kAddGroupSymbol = "podium_cli_add_group";

void add_models_commands(CLI::App& group);
void add_nn_commands(CLI::App& group);
void add_pose_commands(CLI::App& group);
void add_video_commands(CLI::App& group);
void add_eval_commands(CLI::App& group);
void add_athlete_commands(CLI::App& group);
void add_activity_commands(CLI::App& group);
void add_load_commands(CLI::App& group);
void add_results_commands(CLI::App& group);
void add_rank_commands(CLI::App& group);
void add_careers_commands(CLI::App& group);
void add_actions_commands(CLI::App& group);
void add_user_commands(CLI::App& group);
void add_team_commands(CLI::App& group);
void add_consent_commands(CLI::App& group);
void add_audit_commands(CLI::App& group);

}  // namespace podium::app
