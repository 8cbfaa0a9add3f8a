// What a command prints must reach its destination (issue 11, "writes that cannot lie"): output
// to a full device is exit 3 with one line on stderr, not a short file and exit 0.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "e2e/cli.hpp"

namespace podium::e2e {
namespace {

TEST_F(Cli, OutputToAFullDeviceIsAFailedCommand) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full on this machine";
  // stderr goes to the pipe this test reads, stdout to the full device.
  for (const std::string args : {"--version", "--help", "models list"}) {
    const Result r = run_shell(std::string(PODIUM_BIN) + " " + args + " 2>&1 >/dev/full");
    EXPECT_EQ(r.code, 3) << args << ": " << r.out;
    // The reason is known when the last flush fails; an earlier failed write leaves only the
    // stream's error flag.
    EXPECT_EQ(r.out.rfind("podium: standard output: write failed", 0), 0U) << args << ": " << r.out;
    EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << r.out;
  }
  // The same commands with somewhere to write succeed.
  EXPECT_EQ(run_shell(std::string(PODIUM_BIN) + " --version >/dev/null").code, 0);
}

}  // namespace
}  // namespace podium::e2e
