// The podium binary as a user meets it: run it, read its exit code and output, in a fresh folder
// per test. Shared by the e2e test files.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>

#include "podium/nn/model_store.hpp"

namespace podium::e2e {

namespace fs = std::filesystem;

struct Result {
  int code = -1;
  std::string out;  // stdout and stderr together
};

// "2024-01-01T07:00:00Z": a UTC instant as activity files write it.
inline std::string iso_utc(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Runs a shell command line; returns its exit code and what it wrote to stdout.
inline Result run_shell(const std::string& cmd) {
  Result r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  while (fgets(buf.data(), buf.size(), p))
    r.out += buf.data();
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline Result run(const std::string& args, const std::string& env = "") {
  return run_shell(env + " " + PODIUM_BIN + " " + args + " 2>&1");
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("podium-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  static bool models_installed() {
    for (const auto& e : podium::nn::ModelManifest::builtin().models) {
      if (podium::nn::check_model(e, podium::nn::models_dir()).state !=
          podium::nn::ModelState::Ok) {
        return false;
      }
    }
    return true;
  }
  static std::string shared_png(const std::string& name) {
    const char* d = std::getenv("PODIUM_SHARED_DATA");
    return std::string(d ? d : "../shared/data") + "/vision/" + name;
  }
  fs::path dir_;
};

}  // namespace podium::e2e
