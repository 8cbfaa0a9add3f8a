// podium video analyze as a user meets it: a real clip end to end against declared tolerances, a
// clip with nobody in it, determinism, and bad input that leaves nothing behind.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "e2e/cli.hpp"
#include "podium/core/file.hpp"

namespace {

using namespace podium::e2e;  // NOLINT(google-build-using-namespace): test vocabulary

const char* kTree = "/usr/share/doc/opencv-doc/examples/data/tree.avi";

std::string shared_video(const std::string& name) {
  const char* d = std::getenv("PODIUM_SHARED_DATA");
  return std::string(d ? d : "../shared/data") + "/vision/real/" + name;
}

class Video : public Cli {
 protected:
  void SetUp() override {
    Cli::SetUp();
    if (!models_installed()) GTEST_SKIP() << "models not installed: run `podium models fetch`";
  }
};

// Sports2D's running clip (480x352, 47 frames at 29.97 fps): one runner crossing left to right in
// side view. The numbers below were read off this clip's overlay by eye and pinned with
// tolerances wide enough for numeric noise, narrow enough to catch a convention or tracking
// change: one athlete, tracked from frame 0 until she leaves, facing right, trunk near vertical.
TEST_F(Video, RunningClipEndToEndWithinDeclaredTolerances) {
  const std::string clip = shared_video("sports2d/demo3_running.mp4");
  if (!fs::exists(clip)) GTEST_SKIP() << clip << " missing (set PODIUM_SHARED_DATA)";
  const Result r = run("video analyze " + clip + " --model movenet-lightning --threads 1 --out " +
                       path("out") + " --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = read_json(path("out/tracks.json"));
  EXPECT_EQ(j["video"]["frames"], 47);
  EXPECT_EQ(j["parameters"]["filter"], "butterworth");
  ASSERT_EQ(j["tracks"].size(), 1u) << j.dump(1);
  const auto& t = j["tracks"][0];
  EXPECT_EQ(t["first_frame"], 0);
  EXPECT_GE(t["observed_frames"].get<int>(), 28);
  EXPECT_EQ(t["facing"], "right");
  EXPECT_NEAR(t["rom"]["trunk"]["p50_deg"].get<double>(), 80, 5);
  // Running: knees swing through a wide range, each beyond 60 degrees of flexion at some point.
  for (const char* knee : {"left_knee_flexion", "right_knee_flexion"}) {
    EXPECT_GT(t["rom"][knee]["range_deg"].get<double>(), 60) << knee;
    EXPECT_GT(t["rom"][knee]["max_deg"].get<double>(), 90) << knee;
  }
  // The tables agree with the summary.
  const std::string csv = podium::read_file(path("out/keypoints.csv"));
  EXPECT_EQ(csv.rfind("frame,time_s,track_id,keypoint,x,y,score,raw_x,raw_y,x_m,y_m\n", 0), 0u);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 17 * t["frames"].get<int>());
  const auto coco = read_json(path("out/coco_keypoints.json"));
  EXPECT_EQ(coco.size(), t["observed_frames"].get<std::size_t>());
  EXPECT_EQ(coco[0]["keypoints"].size(), 51u);
}

TEST_F(Video, BlazePoseWritesWorldLandmarksAndHeightGivesMetres) {
  const std::string clip = shared_video("sports2d/demo3_running.mp4");
  if (!fs::exists(clip)) GTEST_SKIP() << clip << " missing (set PODIUM_SHARED_DATA)";
  const Result r =
      run("video analyze " + clip +
          " --model blazepose --threads 1 --end 0.5 --height-m 1.65 --out " + path("out"));
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = read_json(path("out/tracks.json"));
  ASSERT_EQ(j["tracks"].size(), 1u);
  const auto& t = j["tracks"][0];
  EXPECT_EQ(t["layout"], "blazepose33");
  // A 1.65 m runner some 250 px tall in this clip: a few millimetres per pixel.
  EXPECT_GT(t["metres_per_pixel"].get<double>(), 0.003);
  EXPECT_LT(t["metres_per_pixel"].get<double>(), 0.02);
  const std::string world = podium::read_file(path("out/world.csv"));
  EXPECT_EQ(world.rfind("frame,time_s,track_id,keypoint,x_m,y_m,z_m\n", 0), 0u);
  EXPECT_EQ(std::count(world.begin(), world.end(), '\n'), 1 + 33 * t["observed_frames"].get<int>());
  const std::string csv = podium::read_file(path("out/keypoints.csv"));
  const std::size_t row = csv.find('\n') + 1;
  const std::string first = csv.substr(row, csv.find('\n', row) + 1 - row);
  EXPECT_EQ(first.find(",,\n"), std::string::npos) << "x_m, y_m empty: " << first;
}

TEST_F(Video, SameInputSameOutput) {
  const std::string clip = shared_video("sports2d/demo3_running.mp4");
  if (!fs::exists(clip)) GTEST_SKIP() << clip << " missing (set PODIUM_SHARED_DATA)";
  for (const char* dir : {"a", "b"}) {
    ASSERT_EQ(run("video analyze " + clip + " --threads 1 --end 0.5 --out " + path(dir)).code, 0);
  }
  for (const char* f : {"keypoints.csv", "angles.csv", "coco_keypoints.json"}) {
    EXPECT_EQ(podium::read_file(path(std::string("a/") + f)),
              podium::read_file(path(std::string("b/") + f)))
        << f;
  }
}

TEST_F(Video, NobodyInTheClipIsEmptyTracksAndExit0) {
  if (!fs::exists(kTree)) GTEST_SKIP() << kTree << " missing: apt-get install opencv-doc";
  for (const char* model : {"movenet-lightning", "movenet-multipose"}) {
    const std::string out = path(model);
    const Result r = run(std::string("video analyze ") + kTree + " --model " + model +
                         " --athletes " + (model[8] == 'm' ? "all" : "1") + " --out " + out);
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_TRUE(read_json(out + "/tracks.json")["tracks"].empty()) << model;
    EXPECT_EQ(podium::read_file(out + "/keypoints.csv"),
              "frame,time_s,track_id,keypoint,x,y,score,raw_x,raw_y,x_m,y_m\n");
  }
}

TEST_F(Video, BadInputIsExit2OneLineAndWritesNothing) {
  std::ofstream(path("notes.mp4")) << "not a video\n";
  const std::string out = path("out");
  Result r = run("video analyze " + path("notes.mp4") + " --out " + out);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_EQ(r.out, "podium: " + path("notes.mp4") + ": not a video FFmpeg can decode\n");
  EXPECT_FALSE(fs::exists(out));
  r = run("video analyze " + path("missing.mp4") + " --out " + out);
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_FALSE(fs::exists(out));
  const std::string clip = shared_video("sports2d/demo3_running.mp4");
  if (fs::exists(clip)) {
    // Cut mid-stream: mp4 keeps its index at the end, so this no longer opens at all.
    const std::string bytes = podium::read_file(clip);
    std::ofstream(path("cut.mp4"), std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    r = run("video analyze " + path("cut.mp4") + " --overlay --out " + out);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
    EXPECT_NE(r.out.find("cut.mp4"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(out));
  }
  // Cut mid-stream where the index survives (AVI): decoding stops early, found while analysing.
  const char* vtest = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";
  if (fs::exists(vtest)) {
    const std::string bytes = podium::read_file(vtest);
    std::ofstream(path("cut.avi"), std::ios::binary) << bytes.substr(0, bytes.size() / 4);
    r = run("video analyze " + path("cut.avi") + " --out " + out);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
    EXPECT_NE(r.out.find("cut.avi: truncated: decoding stopped at"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(out));
  }
  for (const char* bad :
       {"--athletes 0", "--athletes two", "--filter kalman", "--height-m 7", "--start 3 --end 1",
        "--model movenet-thunder --athletes 3 --detector none"}) {
    r = run("video analyze " + clip + " " + bad + " --out " + out);
    EXPECT_EQ(r.code, 2) << bad << ": " << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
    EXPECT_FALSE(fs::exists(out)) << bad;
  }
}

TEST_F(Video, OverlayIsAPlayableVideoOfEveryFrame) {
  const std::string clip = shared_video("sports2d/demo3_running.mp4");
  if (!fs::exists(clip)) GTEST_SKIP() << clip << " missing (set PODIUM_SHARED_DATA)";
  const Result r =
      run("video analyze " + clip + " --threads 1 --end 0.5 --overlay --anonymize --out " +
          path("out") + " --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = read_json(path("out/tracks.json"));
  const Result probe = run("video analyze " + path("out/overlay.mp4") +
                           " --threads 1 --json --out " + path("again"));
  ASSERT_EQ(probe.code, 0) << probe.out;
  EXPECT_EQ(read_json(path("again/tracks.json"))["video"]["frames"], j["video"]["frames"]);
}

}  // namespace
