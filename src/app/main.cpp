#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <new>

#include "commands.hpp"
#include "podium/core/error.hpp"
#include "podium/core/limits.hpp"
#include "podium/core/plugin.hpp"

namespace {

int exit_code(podium::ErrorKind kind) {
  switch (kind) {
    case podium::ErrorKind::InvalidInput:
    case podium::ErrorKind::Format:
    case podium::ErrorKind::Unsupported:
    case podium::ErrorKind::Model:
    case podium::ErrorKind::Forbidden:
      return 2;
    case podium::ErrorKind::NotFound:
    case podium::ErrorKind::Io:
      return 3;
    case podium::ErrorKind::Internal:
      return 1;
  }
  return 1;
}

// Every command group, in the order `podium --help` lists them, with the plugin that implements
// it. Groups of one plugin share its dependencies: models (manifest only), vision (libtorch,
// OpenCV, FFmpeg), sensor (Ceres, SQLite), podiums (Eigen, XGBoost, SQLite), action (pose
// sequences: no libtorch, no OpenCV).
struct Group {
  const char* name;
  const char* description;
  const char* plugin;
};
constexpr Group kGroups[] = {
    {"models", "Pretrained models: fetch, list, verify", "podium_cli_models"},
    {"nn", "Run neural network models directly", "podium_cli_vision"},
    {"pose", "2-D pose estimation", "podium_cli_vision"},
    {"video", "Video analysis", "podium_cli_vision"},
    {"eval", "Accuracy against ground truth", "podium_cli_vision"},
    {"athlete", "Athletes (pseudonymous ids), settings, erasure and exports", "podium_cli_sensor"},
    {"activity", "Activity files: import, metrics, MMP", "podium_cli_sensor"},
    {"load", "Training load over time: PMC, Banister forecast", "podium_cli_sensor"},
    {"results", "Competition results (generic CSV, PCS, ATP)", "podium_cli_podiums"},
    {"rank", "Learn to rank race outcomes from stored results", "podium_cli_podiums"},
    {"careers", "Career analyses on imported results", "podium_cli_podiums"},
    {"actions", "Action recognition and repetition counting on pose sequences",
     "podium_cli_action"},
    {"user", "Accounts: add, list, passwd, disable, enable", "podium_cli_governance"},
    {"team", "Teams: which users see which athletes", "podium_cli_governance"},
    {"consent", "Consent per athlete and purpose: grant, withdraw, show", "podium_cli_governance"},
    {"audit", "The audit log: who read or changed what", "podium_cli_governance"},
};

// The group named on the command line: the first argument that is not an option. Only its
// plugin is loaded; the other groups stay empty, which is all `podium --help` needs of them.
const Group* requested_group(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (argv[i][0] == '-') continue;
    for (const Group& g : kGroups) {
      if (std::strcmp(g.name, argv[i]) == 0) return &g;
    }
    return nullptr;
  }
  return nullptr;
}

int run(int argc, char** argv) {
  CLI::App app{"podium: sports data from pixels to podiums"};
  try {
    app.require_subcommand(1);
    app.set_version_flag("--version", "podium 0.1.0");
    // OpenMP threads that spin while they wait make 2-thread inference 40x slower as soon as
    // another process busies the second core (docs/performance.md, "Threads"). libgomp reads the
    // policy once, when a plugin first loads it, and this executable does not link it: so it is
    // set here, before any plugin. A user's own OMP_WAIT_POLICY wins.
    ::setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
    // OpenCV reads its decoder's pixel limit once, when libopencv_imgcodecs loads (a static
    // initialiser), so it is set here too: the backstop for image formats whose header podium
    // does not read itself (vision/image_header.hpp). A user's own setting wins.
    ::setenv("OPENCV_IO_MAX_IMAGE_PIXELS", std::to_string(podium::limits::kImagePixels).c_str(), 0);
    const Group* wanted = requested_group(argc, argv);
    for (const Group& g : kGroups) {
      CLI::App* group = app.add_subcommand(g.name, g.description);
      if (&g != wanted) continue;
      const auto add = reinterpret_cast<podium::app::AddGroupFn>(
          podium::plugin_symbol(g.plugin, podium::app::kAddGroupSymbol));
      add(g.name, *group);
    }
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
  } catch (const std::bad_alloc&) {
    // Not a bug to report but a machine too small for this input (docs/limits.md bounds what any
    // input may take at about 1 GB).
    std::fprintf(stderr,
                 "podium: out of memory: this input needs more than the memory podium "
                 "was given\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "podium: internal error: %s\n", e.what());
    return 1;
  }
  return 0;
}

// What a command printed must have reached its destination: a table or JSON written to a full
// disk (`podium activity show X --json > out.json`) is a failed command, not a short file and
// exit 0. std::cout shares stdout's buffer (synced with stdio), so one flush sends both.
int finish_output(int code) {
  std::cout.flush();
  errno = 0;
  if (std::fflush(stdout) == 0 && !std::ferror(stdout) && std::cout.good()) return code;
  const int err = errno;
  std::fprintf(stderr, "podium: standard output: write failed%s%s\n", err != 0 ? ": " : "",
               err != 0 ? std::strerror(err) : "");
  return code == 0 ? 3 : code;
}

}  // namespace

int main(int argc, char** argv) {
  int code = 1;
  try {
    code = run(argc, argv);
  } catch (...) {
    std::fprintf(stderr, "podium: internal error: unknown exception\n");
  }
  return finish_output(code);
}
