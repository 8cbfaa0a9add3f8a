// `podium actions import` through the binary, on files the tests write: keypoints.csv with
// segment labels to JSON, JSON back to CSV, and bad input (one located error, exit 2, nothing
// written) and an output that cannot be written (exit 3).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "cli.hpp"
#include "podium/core/file.hpp"

namespace podium::e2e {
namespace {

using ::testing::HasSubstr;

class ActionsCli : public Cli {
 protected:
  // keypoints.csv of two MoveNet-13-named tracks over frames 0..2 at 25 fps.
  std::string keypoints() const {
    const char* names[] = {"nose",        "left_shoulder", "right_shoulder", "left_elbow",
                           "right_elbow", "left_wrist",    "right_wrist",    "left_hip",
                           "right_hip",   "left_knee",     "right_knee",     "left_ankle",
                           "right_ankle"};
    std::string out = "frame,time_s,track_id,keypoint,x,y,score,raw_x,raw_y,x_m,y_m\n";
    for (int f = 0; f < 3; ++f) {
      for (int track : {1, 2}) {
        for (const char* n : names) {
          out += std::to_string(f) + "," + std::to_string(f * 0.04) + "," + std::to_string(track) +
                 "," + n + ",1,1,0.9," + std::to_string(10 * f + track) + ",5,,\n";
        }
      }
    }
    return out;
  }
};

TEST_F(ActionsCli, KeypointsWithLabelsToJsonAndBackToCsv) {
  fs::create_directories(dir_ / "serve1");
  write_file(path("serve1/keypoints.csv"), keypoints());
  write_file(path("labels.csv"), "track_id,start_s,end_s,label\n1,0.03,0.09,swing\n");
  const Result r = run("actions import --format keypoints --data " + path("serve1/keypoints.csv") +
                       " --labels " + path("labels.csv") + " --out " + path("s.json") + " --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json summary = nlohmann::json::parse(r.out);  // stdout is only JSON
  EXPECT_EQ(summary["sequences"], 2);
  EXPECT_EQ(summary["frames"], 6);
  EXPECT_EQ(summary["groups"]["serve1"], 2);
  const nlohmann::json written = read_json(path("s.json"));
  ASSERT_EQ(written["sequences"].size(), 2u);
  EXPECT_EQ(written["sequences"][0]["id"], "serve1#1");
  EXPECT_EQ(written["sequences"][0]["layout"], "movenet13");
  EXPECT_NEAR(written["sequences"][0]["fps"].get<double>(), 25, 1e-6);
  EXPECT_EQ(written["sequences"][0]["segments"][0]["label"], "swing");
  EXPECT_EQ(written["sequences"][0]["segments"][0]["start"], 1);
  EXPECT_EQ(written["sequences"][1]["segments"].size(), 0u);

  const Result csv =
      run("actions import --format sequences --data " + path("s.json") + " --out " + path("s.csv"));
  ASSERT_EQ(csv.code, 0) << csv.out;
  EXPECT_THAT(csv.out, HasSubstr("wrote 2 sequences (6 frames)"));
  const Result back = run("actions import --format sequences --data " + path("s.csv") + " --out " +
                          path("again.json"));
  ASSERT_EQ(back.code, 0) << back.out;
  EXPECT_EQ(read_file(path("again.json")), read_file(path("s.json")));
}

TEST_F(ActionsCli, BadInputIsOneLocatedErrorExit2AndNothingIsWritten) {
  write_file(path("k.csv"), keypoints() + "3,0.12,1,nose,1\n");  // a ragged row
  const Result ragged =
      run("actions import --format keypoints --data " + path("k.csv") + " --out " + path("o.json"));
  EXPECT_EQ(ragged.code, 2) << ragged.out;
  EXPECT_THAT(ragged.out, HasSubstr("k.csv: line 80: 5 fields: no value for column"));
  EXPECT_FALSE(fs::exists(path("o.json")));

  write_file(path("s.csv"), "id,layout,frame,keypoint,x,y\na,coco18,0,nose,1,2\n");
  const Result layout =
      run("actions import --format sequences --data " + path("s.csv") + " --out " + path("o.json"));
  EXPECT_EQ(layout.code, 2);
  EXPECT_THAT(layout.out, HasSubstr("s.csv: line 2: layout: unknown layout 'coco18'"));
  EXPECT_FALSE(fs::exists(path("o.json")));

  write_file(path("k.csv"), keypoints());
  const Result ext =
      run("actions import --format keypoints --data " + path("k.csv") + " --out " + path("o.txt"));
  EXPECT_EQ(ext.code, 2);
  EXPECT_THAT(ext.out, HasSubstr("--out = "));
  const Result labels = run("actions import --format sequences --data " + path("s.csv") +
                            " --labels " + path("k.csv") + " --out " + path("o.json"));
  EXPECT_EQ(labels.code, 2);
  EXPECT_THAT(labels.out, HasSubstr("applies to --format keypoints only"));
  const Result missing =
      run("actions import --format countix --data " + path("nowhere") + " --out " + path("o.json"));
  EXPECT_EQ(missing.code, 3) << missing.out;
  EXPECT_FALSE(fs::exists(path("o.json")));
}

TEST_F(ActionsCli, AnOutputThatCannotBeWrittenIsExit3) {
  write_file(path("k.csv"), keypoints());
  const Result r = run("actions import --format keypoints --data " + path("k.csv") + " --out " +
                       path("no/such/folder/o.json"));
  EXPECT_EQ(r.code, 3) << r.out;
}

}  // namespace
}  // namespace podium::e2e
