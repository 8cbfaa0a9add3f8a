// The entry point every CLI plugin exports. Each plugin library compiles this file with
// PODIUM_PLUGIN_<NAME> defined, so that it names only the commands it links.
#include <cstring>
#include <type_traits>

#include "commands.hpp"
#include "podium/core/error.hpp"

namespace {

struct Entry {
  const char* name;
  void (*add)(CLI::App&);
};

constexpr Entry kEntries[] = {
#if defined(PODIUM_PLUGIN_MODELS)
    {"models", podium::app::add_models_commands},
#elif defined(PODIUM_PLUGIN_VISION)
    {"nn", podium::app::add_nn_commands},
    {"pose", podium::app::add_pose_commands},
    {"video", podium::app::add_video_commands},
    {"eval", podium::app::add_eval_commands},
#elif defined(PODIUM_PLUGIN_SENSOR)
    {"athlete", podium::app::add_athlete_commands},
    {"activity", podium::app::add_activity_commands},
    {"load", podium::app::add_load_commands},
#elif defined(PODIUM_PLUGIN_PODIUMS)
    {"results", podium::app::add_results_commands},
    {"careers", podium::app::add_careers_commands},
    {"rank", podium::app::add_rank_commands},
#elif defined(PODIUM_PLUGIN_ACTION)
    {"actions", podium::app::add_actions_commands},
#elif defined(PODIUM_PLUGIN_GOVERNANCE)
    {"user", podium::app::add_user_commands},
    {"team", podium::app::add_team_commands},
    {"consent", podium::app::add_consent_commands},
    {"audit", podium::app::add_audit_commands},
#else
#error "define PODIUM_PLUGIN_<NAME>"
#endif
};

}  // namespace

extern "C" void podium_cli_add_group(const char* name, CLI::App& group) {
  for (const Entry& e : kEntries) {
    if (std::strcmp(e.name, name) == 0) {
      e.add(group);
      return;
    }
  }
  throw podium::Error(podium::ErrorKind::Internal,
                      std::string("command group ") + name + " is not in this plugin");
}

static_assert(std::is_same_v<decltype(&podium_cli_add_group), podium::app::AddGroupFn>);
