// The podium binary as a user meets it: exit codes, one-line errors that name the file, and no
// output file left behind when a command fails.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "e2e/cli.hpp"
#include "podium/nn/model_store.hpp"

namespace {

using namespace podium::e2e;  // NOLINT(google-build-using-namespace): test vocabulary

TEST_F(Cli, MissingImageIsExit3NamingTheFileAndWritesNothing) {
  if (!models_installed()) GTEST_SKIP() << "models not installed: run `podium models fetch`";
  const Result r = run("nn run --model movenet-lightning --input " + path("nope.png") + " --out " +
                       path("out.json"));
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find(path("nope.png")), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(path("out.json")));
}

TEST_F(Cli, NonImageAndTruncatedImageAreExit2) {
  if (!models_installed()) GTEST_SKIP() << "models not installed: run `podium models fetch`";
  std::ofstream(path("text.png")) << "this is not a picture\n";
  Result r = run("nn run --model movenet-lightning --input " + path("text.png") + " --out " +
                 path("out.json"));
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("text.png: not a decodable image"), std::string::npos) << r.out;
  const std::string png = shared_png("messi5_192.png");
  if (fs::exists(png)) {
    std::ifstream in(png, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    std::ofstream(path("cut.png"), std::ios::binary) << bytes.substr(0, bytes.size() / 3);
    r = run("nn run --model movenet-lightning --input " + path("cut.png") + " --out " +
            path("out.json"));
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find("cut.png"), std::string::npos) << r.out;
  }
  EXPECT_FALSE(fs::exists(path("out.json")));
}

TEST_F(Cli, WrongImageSizeSaysGotAndExpected) {
  if (!models_installed()) GTEST_SKIP() << "models not installed: run `podium models fetch`";
  const std::string png = shared_png("messi5_256.png");
  if (!fs::exists(png)) GTEST_SKIP() << "shared data not found at PODIUM_SHARED_DATA";
  const Result r =
      run("nn run --model movenet-lightning --input " + png + " --out " + path("out.json"));
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("image is 256x256, the model takes 192x192"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(path("out.json")));
}

TEST_F(Cli, UnknownModelIsExit3AndListsKnownOnes) {
  const Result r = run("nn run --model no-such-model --input x.png --out " + path("out.json"));
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("movenet-lightning"), std::string::npos) << r.out;
}

TEST_F(Cli, MissingModelNamesTheFixingCommand) {
  const std::string env = "PODIUM_HOME=" + path("home");
  Result r = run("models verify", env);
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("podium models fetch"), std::string::npos) << r.out;
  r = run("nn run --model movenet-lightning --input x.png --out " + path("out.json"), env);
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("is not installed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("run `podium models fetch`"), std::string::npos) << r.out;
}

TEST_F(Cli, AlteredModelIsRejectedWithTheFix) {
  if (!models_installed()) GTEST_SKIP() << "models not installed: run `podium models fetch`";
  const fs::path models = dir_ / "home" / "models";
  fs::create_directories(models);
  for (const char* f : {"movenet-lightning.json", "movenet-lightning.bin"}) {
    fs::copy_file(fs::path(podium::nn::models_dir()) / f, models / f);
  }
  {
    std::fstream bin(models / "movenet-lightning.bin",
                     std::ios::in | std::ios::out | std::ios::binary);
    bin.seekp(1000);
    bin.put('\x7f');
  }
  const std::string png = shared_png("messi5_192.png");
  const Result r =
      run("nn run --model movenet-lightning --input " + png + " --out " + path("out.json"),
          "PODIUM_HOME=" + path("home"));
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("altered"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("sha256"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(path("out.json")));
}

TEST_F(Cli, NnRunWritesTheTfjsRefSchema) {
  if (!models_installed()) GTEST_SKIP() << "models not installed: run `podium models fetch`";
  const std::string png = shared_png("messi5_192.png");
  if (!fs::exists(png)) GTEST_SKIP() << "shared data not found at PODIUM_SHARED_DATA";
  const Result r = run("nn run --model movenet-lightning --input " + png + " --out " +
                       path("out.json") + " --runs 2 --threads 1");
  ASSERT_EQ(r.code, 0) << r.out;
  std::ifstream in(path("out.json"));
  const auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j["input"]["dtype"], "int32");
  EXPECT_EQ(j["input"]["norm"], "raw");
  EXPECT_EQ(j["timing"]["runs"], 2);
  EXPECT_GT(j["flops"].get<double>(), 4e8);  // MoveNet Lightning is ~0.5 GFLOP
  ASSERT_EQ(j["outputs"].size(), 1u);
  EXPECT_EQ(j["outputs"][0]["name"], "Identity");
  EXPECT_EQ(j["outputs"][0]["shape"], nlohmann::json::parse("[1,1,17,3]"));
  EXPECT_EQ(j["outputs"][0]["values"].size(), 51u);
}

TEST_F(Cli, BadOptionValuesAreExit2) {
  Result r = run("nn run --model movenet-lightning --input x.png --out y.json --threads 0");
  EXPECT_EQ(r.code, 2) << r.out;
  r = run("nn run --model movenet-lightning --input x.png --out y.json --norm weird");
  EXPECT_NE(r.code, 0) << r.out;
  r = run("no-such-command");
  EXPECT_EQ(r.code, 2) << r.out;
}

TEST_F(Cli, PoseImageWritesAnnotatedImageAndJson) {
  if (!models_installed()) GTEST_SKIP() << "models not installed: run `podium models fetch`";
  const std::string photo = "/usr/share/doc/opencv-doc/examples/data/messi5.jpg";
  if (!fs::exists(photo)) GTEST_SKIP() << "Debian package opencv-doc not installed";
  const Result r =
      run("pose image " + photo + " --model movenet-lightning --json --out " + path("pose.png"));
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["image"]["width"], 548);
  ASSERT_EQ(j["people"].size(), 1u);
  EXPECT_EQ(j["people"][0]["keypoints"].size(), 17u);
  EXPECT_EQ(j["people"][0]["keypoints"][0]["name"], "nose");
  EXPECT_TRUE(fs::file_size(path("pose.png")) > 10000);
}

TEST_F(Cli, PoseImageBadInputIsOneLineAndWritesNothing) {
  std::ofstream(path("notes.jpg")) << "plain text";
  Result r = run("pose image " + path("notes.jpg") + " --out " + path("a.png"));
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("notes.jpg: not a decodable image"), std::string::npos) << r.out;
  r = run("pose image " + path("missing.jpg") + " --out " + path("a.png"));
  EXPECT_EQ(r.code, 3) << r.out;
  r = run("pose image " + path("notes.jpg") + " --model openpose");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("'openpose' is not one of"), std::string::npos) << r.out;
  r = run("pose image " + path("notes.jpg") + " --out " + path("a.gif"));
  EXPECT_EQ(r.code, 2) << r.out;
  r = run("pose image " + path("notes.jpg") + " --min-score 7");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  EXPECT_FALSE(fs::exists(path("a.png")));
  EXPECT_FALSE(fs::exists(path("a.gif")));
}

TEST_F(Cli, FetchFromAWrongTarballIsRejectedAndInstallsNothing) {
  std::ofstream(path("fake.tgz")) << "not a tarball";
  const Result r = run("models fetch --from " + path("fake.tgz") + " --dir " + path("m"));
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("sha256"), std::string::npos) << r.out;
  EXPECT_TRUE(!fs::exists(path("m")) || fs::is_empty(path("m")));
}

}  // namespace
