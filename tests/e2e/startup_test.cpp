// What each command loads: the `podium` executable links only podium_core, and a command loads
// the plugin of its group and nothing heavier than that group needs (src/app/CMakeLists.txt).
// Checked with the dynamic loader's own account (LD_DEBUG=files), so a new dependency that drags
// libtorch into the sensor commands fails here, not in a user's start-up time.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "e2e/cli.hpp"

namespace {

using namespace podium::e2e;  // NOLINT(google-build-using-namespace): test vocabulary

// The base names of every shared object the loader opened while running `podium ARGS`.
std::set<std::string> loaded_by(const std::string& args) {
  const Result r =
      run_shell("LD_DEBUG=files " + std::string(PODIUM_BIN) + " " + args + " 2>&1 >/dev/null");
  std::set<std::string> names;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    const auto at = line.find("file=");
    if (at == std::string::npos) continue;
    std::string file = line.substr(at + 5, line.find_first_of(" \t", at) - at - 5);
    names.insert(file.substr(file.rfind('/') + 1));
  }
  return names;
}

bool loads(const std::set<std::string>& names, const std::string& prefix) {
  for (const std::string& n : names)
    if (n.rfind(prefix, 0) == 0) return true;
  return false;
}

const char* const kHeavy[] = {"libtorch", "libc10", "libopencv", "libavcodec", "libdnnl"};

TEST(Startup, VersionAndHelpLoadNoPlugin) {
  for (const char* args : {"--version", "--help", ""}) {
    const auto names = loaded_by(args);
    EXPECT_TRUE(loads(names, "libpodium_core")) << args;
    EXPECT_FALSE(loads(names, "libpodium_cli")) << args;
    for (const char* heavy : kHeavy)
      EXPECT_FALSE(loads(names, heavy)) << args << " loads " << heavy;
  }
}

TEST(Startup, SensorPodiumsAndActionsCommandsLoadNeitherLibtorchNorOpenCv) {
  const std::string fit = std::string(PODIUM_SOURCE_DIR) + "/fuzz/corpus/fit/ride-little.fit";
  for (const std::string& args :
       {"activity show " + fit + " --json", std::string("load --help"),
        std::string("athlete --help"), std::string("results --help"), std::string("careers --help"),
        std::string("rank --help"), std::string("models --help"), std::string("actions --help"),
        std::string("user --help"), std::string("consent --help"), std::string("audit --help"),
        std::string("serve --help")}) {
    const auto names = loaded_by(args);
    EXPECT_TRUE(loads(names, "libpodium_cli_")) << args;
    for (const char* heavy : kHeavy)
      EXPECT_FALSE(loads(names, heavy)) << args << " loads " << heavy;
    EXPECT_FALSE(loads(names, "libpodium_rank_neural")) << args;
  }
  EXPECT_FALSE(loads(loaded_by("rank --help"), "libpodium_sensor")) << "podiums need no sensor";
}

// The neural ranker's library (and with it libtorch) is loaded when a neural ranker is asked for.
TEST(Startup, NeuralRankerIsLoadedOnDemand) {
  const fs::path dir = fs::temp_directory_path() / ("podium-neural-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string csv = (dir / "r.csv").string(), db = (dir / "s.db").string();
  std::ofstream(csv) << "date,event,athlete_id,rank\n2018-04-01,Race,a,1\n2018-04-01,Race,b,2\n"
                     << "2019-04-01,Race,a,2\n2019-04-01,Race,b,1\n";
  ASSERT_EQ(run_shell(std::string(PODIUM_BIN) + " results import " + csv +
                      " --format generic --db " + db + " >/dev/null 2>&1")
                .code,
            0);
  // No model is stored, so this fails, but only after it asked for a neural ranker.
  const std::string evaluate = "rank evaluate --year 2019 --races all --db " + db + " --model ";
  const auto neural = loaded_by(evaluate + "neural");
  const auto xgboost = loaded_by(evaluate + "xgboost");
  fs::remove_all(dir);
  EXPECT_TRUE(loads(neural, "libpodium_rank_neural"));
  EXPECT_TRUE(loads(neural, "libtorch"));
  EXPECT_FALSE(loads(xgboost, "libpodium_rank_neural"));
  EXPECT_FALSE(loads(xgboost, "libtorch"));
}

TEST(Startup, VisionCommandsLoadTheirEngine) {
  const auto names = loaded_by("pose --help");
  EXPECT_TRUE(loads(names, "libpodium_cli_vision"));
  EXPECT_TRUE(loads(names, "libtorch"));
  EXPECT_TRUE(loads(names, "libopencv_core"));
}

TEST(Startup, AMissingPluginIsOneLineNamingTheFile) {
  // A group whose plugin is gone (a broken install) says which file and why, exit 3.
  const fs::path dir = fs::temp_directory_path() / ("podium-startup-" + std::to_string(::getpid()));
  fs::create_directories(dir / "lib");
  const fs::path bin = fs::path(PODIUM_BIN);
  fs::copy_file(bin, dir / "podium");
  fs::copy_file(bin.parent_path() / "lib/libpodium_core.so", dir / "lib/libpodium_core.so");
  const Result r = run_shell("LD_LIBRARY_PATH=" + (dir / "lib").string() + " " +
                             (dir / "podium").string() + " activity --help 2>&1");
  fs::remove_all(dir);
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("libpodium_cli_sensor.so: cannot load"), std::string::npos) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
}

}  // namespace
