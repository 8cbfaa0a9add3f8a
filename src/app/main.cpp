#include <cstdio>
#include <exception>

#include "commands.hpp"
#include "podium/core/error.hpp"

namespace {

int exit_code(podium::ErrorKind kind) {
  switch (kind) {
    case podium::ErrorKind::InvalidInput:
    case podium::ErrorKind::Format:
    case podium::ErrorKind::Unsupported:
    case podium::ErrorKind::Model:
      return 2;
    case podium::ErrorKind::NotFound:
    case podium::ErrorKind::Io:
      return 3;
    case podium::ErrorKind::Internal:
      return 1;
  }
  return 1;
}

int run(int argc, char** argv) {
  CLI::App app{"podium: sports data from pixels to podiums"};
  try {
    app.require_subcommand(1);
    app.set_version_flag("--version", "podium 0.1.0");
    podium::app::add_models_commands(app);
    podium::app::add_nn_commands(app);
    podium::app::add_pose_commands(app);
    podium::app::add_video_commands(app);
    podium::app::add_eval_commands(app);
    podium::app::add_athlete_commands(app);
    podium::app::add_activity_commands(app);
    podium::app::add_load_commands(app);
    podium::app::add_results_commands(app);
    podium::app::add_rank_commands(app);
    podium::app::add_careers_commands(app);
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "podium: %s\n", e.what());
    return 2;
  } catch (const podium::Error& e) {
    std::fprintf(stderr, "podium: %s\n", e.what());
    return exit_code(e.kind());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "podium: internal error: %s\n", e.what());
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (...) {
    std::fprintf(stderr, "podium: internal error: unknown exception\n");
    return 1;
  }
}
