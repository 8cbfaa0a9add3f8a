// The podium CLI: each cmd_*.cpp registers its subcommands. A command's callback does the work
// and throws podium::Error on bad input; main() maps errors to exit codes (DESIGN.md):
// 2 bad input, 3 missing resource, 1 internal.
#pragma once

#include <CLI/CLI.hpp>

namespace podium::app {

void add_models_commands(CLI::App& app);
void add_nn_commands(CLI::App& app);
void add_pose_commands(CLI::App& app);
void add_video_commands(CLI::App& app);
void add_eval_commands(CLI::App& app);
void add_athlete_commands(CLI::App& app);
void add_activity_commands(CLI::App& app);
void add_load_commands(CLI::App& app);
void add_results_commands(CLI::App& app);
void add_rank_commands(CLI::App& app);
void add_careers_commands(CLI::App& app);

}  // namespace podium::app
