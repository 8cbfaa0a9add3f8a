// `podium serve` as a user starts it: refused on a missing store or bad options (one line, the
// CLI's exit codes), and a real start on a free loopback port that answers and stops cleanly on
// SIGTERM.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "e2e/cli.hpp"
#include "podium/store/store.hpp"

namespace podium::e2e {
namespace {

using ::testing::HasSubstr;

std::string serve_dir(const char* name) {
  const fs::path dir =
      fs::temp_directory_path() / ("podium-serve-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

TEST(ServeCli, RefusesAMissingStoreAndBadOptions) {
  const std::string dir = serve_dir("refuse");
  const Result missing = run("serve --port 0 --db " + dir + "/none.db");
  EXPECT_EQ(missing.code, 3) << missing.out;
  EXPECT_THAT(missing.out, HasSubstr("none.db"));
  EXPECT_FALSE(fs::exists(dir + "/none.db")) << "nothing is created";
  store::Store::open(dir + "/podium.db");
  const Result threads = run("serve --port 0 --threads 0 --db " + dir + "/podium.db");
  EXPECT_EQ(threads.code, 2) << threads.out;
  EXPECT_THAT(threads.out, HasSubstr("threads"));
  fs::remove_all(dir);
}

TEST(ServeCli, ServesOnLoopbackUntilSigterm) {
  const std::string dir = serve_dir("run");
  store::Store::open(dir + "/podium.db");
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    const std::string db = dir + "/podium.db";
    execl(PODIUM_BIN, PODIUM_BIN, "serve", "--port", "0", "--db", db.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  // The first line names the port it got.
  std::string line;
  char ch = 0;
  while (read(fds[0], &ch, 1) == 1 && ch != '\n')
    line += ch;
  close(fds[0]);
  // Not std::regex: GCC 12's -Wmaybe-uninitialized misfires inside <regex> in the sanitizer build.
  const std::string prefix = "http://127.0.0.1:";
  const std::size_t at = line.find(prefix);
  ASSERT_NE(at, std::string::npos) << line;
  const std::size_t digits = at + prefix.size();
  const std::size_t end = line.find("/api/v1/", digits);
  ASSERT_NE(end, std::string::npos) << line;
  const std::string port = line.substr(digits, end - digits);
  ASSERT_TRUE(!port.empty() && port.size() <= 5 &&
              port.find_first_not_of("0123456789") == std::string::npos)
      << line;
  httplib::Client client("127.0.0.1", std::stoi(port));
  const auto doc = client.Get("/api/v1/openapi.json");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->status, 200);
  const auto data = client.Get("/api/v1/athletes");
  ASSERT_TRUE(data);
  EXPECT_EQ(data->status, 401);
  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status)) << "stopped by the signal instead of shutting down";
  EXPECT_EQ(WEXITSTATUS(status), 0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace podium::e2e
