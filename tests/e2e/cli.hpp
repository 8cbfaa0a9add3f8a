// The podium binary as a user meets it: run it, read its exit code and output, in a fresh folder
// per test. Shared by the e2e test files.
#pragma once

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "podium/core/file.hpp"
#include "podium/nn/model_store.hpp"

namespace podium::e2e {

namespace fs = std::filesystem;

// A file the test makes (input for podium), and a JSON file podium wrote.
inline void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}
inline nlohmann::json read_json(const std::string& path) {
  return nlohmann::json::parse(read_file(path));
}

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

// What a hostile input may cost (issue 11): no input of any size takes more than 1 GB.
inline constexpr long kPeakRssBoundBytes = 1000L * 1000 * 1000;

struct MeasuredResult : Result {
  long peak_rss_bytes = -1;  // the command's peak resident set (its process tree), from wait4
};

// Runs a shell command line (stdout and stderr together) and reads the peak resident memory of
// the process tree it started: wait4's rusage holds the largest RSS of the child and of the
// descendants it waited for.
inline MeasuredResult run_shell_measured(const std::string& cmd) {
  MeasuredResult r;
  int fds[2];
  if (pipe(fds) != 0) return r;
  const pid_t pid = fork();
  if (pid < 0) return r;
  if (pid == 0) {
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    close(fds[0]);
    close(fds[1]);
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  std::array<char, 4096> buf{};
  ssize_t got = 0;
  while ((got = read(fds[0], buf.data(), buf.size())) > 0)
    r.out.append(buf.data(), static_cast<std::size_t>(got));
  close(fds[0]);
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid) return r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.peak_rss_bytes = usage.ru_maxrss * 1024L;  // Linux reports KiB
  return r;
}

inline MeasuredResult run_measured(const std::string& args, const std::string& env = "") {
  return run_shell_measured(env + " " + PODIUM_BIN + " " + args);
}

// Expects the peak RSS of `r` to stay within kPeakRssBoundBytes. Under AddressSanitizer the
// bound does not apply (shadow memory and quarantine cost a multiple of what podium uses); the
// Release run checks it.
inline void expect_bounded_memory(const MeasuredResult& r) {
#if defined(__SANITIZE_ADDRESS__)
  (void)r;
#else
  EXPECT_GT(r.peak_rss_bytes, 0);
  EXPECT_LE(r.peak_rss_bytes, kPeakRssBoundBytes)
      << "peak RSS " << r.peak_rss_bytes / (1 << 20) << " MiB";
#endif
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
