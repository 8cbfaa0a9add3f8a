// podium end to end on data every fresh Debian 12 machine has: the photos and the street clip of
// the opencv-doc package and the models `podium models fetch` installs. Nothing here reads
// ../shared, so a new clone's `bash scripts/test` runs pose, video analysis, tracking, the tables
// and the anonymised overlay through the binary. The counts pinned below were read off these
// files' outputs (and the overlay looked at) when the test was written.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "e2e/cli.hpp"
#include "podium/core/file.hpp"

namespace {

using namespace podium::e2e;  // NOLINT(google-build-using-namespace): test vocabulary

const std::string kData = "/usr/share/doc/opencv-doc/examples/data/";

std::size_t lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

class RegistryData : public Cli {
 protected:
  void SetUp() override {
    Cli::SetUp();
    if (!fs::exists(kData + "vtest.avi")) GTEST_SKIP() << kData << ": apt-get install opencv-doc";
    if (!models_installed()) GTEST_SKIP() << "models not installed: run `podium models fetch`";
  }
};

// messi5.jpg (548x342): one footballer in full view; every model finds him whole.
TEST_F(RegistryData, EveryPoseModelFindsTheFootballer) {
  for (const std::string model :
       {"movenet-thunder", "movenet-lightning", "movenet-multipose", "blazepose"}) {
    const Result r = run("pose image " + kData + "messi5.jpg --model " + model + " --json");
    ASSERT_EQ(r.code, 0) << model << ": " << r.out;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["image"]["width"], 548);
    ASSERT_EQ(j["people"].size(), 1u) << model;
    const auto& p = j["people"][0];
    EXPECT_EQ(p["keypoints"].size(), model == "blazepose" ? 33u : 17u) << model;
    EXPECT_GT(p["score"].get<double>(), 0.5) << model;
    // The box lies in the picture and covers the player (about x 100..420, y 100..320).
    const auto& box = p["box"];
    EXPECT_GE(box[0].get<double>(), 0) << model;
    EXPECT_LE(box[0].get<double>() + box[2].get<double>(), 548 + 1) << model;
    EXPECT_GT(box[2].get<double>(), 250) << model;
    EXPECT_GT(box[3].get<double>(), 150) << model;
  }
}

// basketball1.png is greyscale (one channel): two players, the left one in full view.
TEST_F(RegistryData, GreyscalePhotoWithTwoPlayers) {
  const Result r = run("pose image " + kData + "basketball1.png --model movenet-multipose --json" +
                       " --out " + path("b.png"));
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["people"].size(), 2u) << r.out;
  EXPECT_LT(j["people"][0]["box"][0].get<double>(), 100);  // left player first (best score)
  EXPECT_GT(j["people"][1]["box"][0].get<double>(), 400);  // the right one, partly cut off
  EXPECT_GT(fs::file_size(path("b.png")), 10000u);
}

// vtest.avi: people walking across a car park, 768x576 at 10 fps. Three seconds, every athlete,
// tables, the anonymised overlay, and the same output on a second run.
TEST_F(RegistryData, StreetClipEveryAthleteTablesAndOverlay) {
  const std::string clip = kData + "vtest.avi";
  const std::string args = "video analyze " + clip +
                           " --model movenet-multipose --athletes all --end 3 --threads 1 --out ";
  Result r = run(args + path("a") + " --overlay --anonymize --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = read_json(path("a/tracks.json"));
  EXPECT_EQ(j["video"]["frames"], 30);
  EXPECT_EQ(j["video"]["fps"], 10);
  ASSERT_GE(j["tracks"].size(), 2u) << j.dump(1);
  std::size_t frames = 0, observed = 0;
  for (const auto& t : j["tracks"]) {
    frames += t["frames"].get<std::size_t>();
    observed += t["observed_frames"].get<std::size_t>();
    EXPECT_LE(t["observed_frames"].get<int>(), t["frames"].get<int>());
  }
  // keypoints.csv: one row per frame x track x keypoint of each track's span; COCO: one entry per
  // observed frame of each track.
  EXPECT_EQ(lines(podium::read_file(path("a/keypoints.csv"))), 1 + 17 * frames);
  EXPECT_EQ(read_json(path("a/coco_keypoints.json")).size(), observed);
  // angles.csv (long format): every angle of the layout for every frame of each track's span.
  const std::string angles = podium::read_file(path("a/angles.csv"));
  EXPECT_EQ(angles.rfind("frame,time_s,track_id,angle,deg,deg_per_s\n", 0), 0u);
  EXPECT_EQ((lines(angles) - 1) % frames, 0u) << lines(angles) << " rows, " << frames << " frames";
  EXPECT_GE((lines(angles) - 1) / frames, 10u);

  // The overlay is a playable video of every frame: podium itself decodes it again.
  r = run("video analyze " + path("a/overlay.mp4") + " --threads 1 --out " + path("again"));
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(read_json(path("again/tracks.json"))["video"]["frames"], 30);

  // Same input, same output.
  ASSERT_EQ(run(args + path("b")).code, 0);
  for (const char* f : {"keypoints.csv", "angles.csv", "coco_keypoints.json"}) {
    EXPECT_EQ(podium::read_file(path(std::string("a/") + f)),
              podium::read_file(path(std::string("b/") + f)))
        << f;
  }
}

// One athlete with the fast single-person model, and the clip's time window.
TEST_F(RegistryData, StreetClipOneAthleteWindow) {
  const Result r = run("video analyze " + kData +
                       "vtest.avi --model movenet-lightning --start 1 --end 2 --threads 1 --out " +
                       path("out") + " --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = read_json(path("out/tracks.json"));
  EXPECT_EQ(j["video"]["frames"], 10);  // [1.0, 2.0) s at 10 fps
  EXPECT_EQ(j["video"]["first_time_s"], 1.0);
  EXPECT_LE(j["tracks"].size(), 1u);
}

// A write that fails half-way (a file size limit standing in for a full disk) is exit 3: the
// overlay already there stays as it was and no temporary file is left beside it.
TEST_F(RegistryData, AFailingOverlayWriteKeepsTheOldOverlay) {
  fs::create_directories(path("out"));
  const std::string old_overlay = "an overlay from an earlier run";
  { std::ofstream(path("out/overlay.mp4"), std::ios::binary) << old_overlay; }
  // SIGXFSZ ignored, so that a write past the limit fails with EFBIG instead of killing podium.
  const Result r = run_shell("trap '' XFSZ; ulimit -f 64; " + std::string(PODIUM_BIN) +
                             " video analyze " + kData +
                             "vtest.avi --model movenet-lightning --end 2 --threads 1 --overlay "
                             "--out " +
                             path("out") + " 2>&1");
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("overlay.mp4: writing the video failed"), std::string::npos) << r.out;
  EXPECT_EQ(podium::read_file(path("out/overlay.mp4")), old_overlay);
  for (const auto& e : fs::directory_iterator(path("out")))
    EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
}

// A dangling or looping symlink given as --out is the user's: a failed run leaves it in place.
TEST_F(RegistryData, ASymlinkGivenAsOutSurvivesAFailedRun) {
  fs::create_symlink(path("nowhere"), path("dangling"));
  fs::create_symlink(path("loop"), path("loop"));
  for (const std::string link : {"dangling", "loop"}) {
    const Result r =
        run("video analyze " + kData + "vtest.avi --end 0.5 --overlay --out " + path(link));
    EXPECT_NE(r.code, 0) << link << ": " << r.out;
    EXPECT_TRUE(fs::is_symlink(fs::symlink_status(path(link)))) << link << ": " << r.out;
  }
}

}  // namespace
