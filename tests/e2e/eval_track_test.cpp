// `podium eval track` through the binary, on MOTChallenge files the tests write: the table and
// the JSON of a hand-computed case, and bad input (an empty ground truth, a bad number, frames
// past the ground truth, a bad --iou) as one located line and exit 2.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "cli.hpp"

namespace podium::e2e {
namespace {

using ::testing::HasSubstr;

class EvalTrack : public Cli {
 protected:
  void SetUp() override {
    Cli::SetUp();
    // MOT17 layout: person 1 on frames 1-3, person 2 on frame 1, a static person (class 7, conf
    // 0) on frame 2.
    write_file(path("gt.txt"),
               "1,1,0,0,10,10,1,1,1\n2,1,1,0,10,10,1,1,1\n3,1,2,0,10,10,1,1,1\n"
               "1,2,50,0,10,10,1,1,1\n2,2,50,0,10,10,0,7,1\n");
    // Tracker layout: person 1 as 5 then 6 (a switch), person 2 as 7, and a box on the static
    // person.
    write_file(path("pred.txt"),
               "1,5,0,0,10,10,0.9,-1,-1,-1\n2,5,1,0,10,10,0.9,-1,-1,-1\n"
               "3,6,2,0,10,10,0.9,-1,-1,-1\n1,7,50,0,10,10,0.9,-1,-1,-1\n"
               "2,7,50,0,10,10,0.9,-1,-1,-1\n");
  }
  // Exit 2 and one line holding `text`.
  void expect_refused(const std::string& args, const std::string& text) {
    const Result r = run("eval track " + args);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
    EXPECT_THAT(r.out, HasSubstr(text));
  }
};

TEST_F(EvalTrack, HandComputedCase) {
  // TP 4 (the box on the static person removed, its row ignored), 1 switch: MOTA (4 - 0 - 1)/4.
  // IDF1: pairs (1,5) 2 boxes, (2,7) 1 box -> IDTP 3 of 4 and 4. AssA: (1,5) 2 x 2/(3+2-2),
  // (1,6) 1 x 1/(3+1-1), (2,7) 1 x 1/(1+1-1), over 4 -> 2/3; DetA 1; HOTA sqrt(2/3).
  const Result r =
      run("eval track --gt " + path("gt.txt") + " --pred " + path("pred.txt") + " --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["TP"], 4);
  EXPECT_EQ(j["IDSW"], 1);
  EXPECT_EQ(j["gt_ignored"], 1);
  EXPECT_EQ(j["pred_removed"], 1);
  EXPECT_DOUBLE_EQ(j["MOTA"].get<double>(), 0.75);
  EXPECT_DOUBLE_EQ(j["IDF1"].get<double>(), 0.75);
  EXPECT_NEAR(j["AssA"].get<double>(), 2.0 / 3, 1e-12);
  EXPECT_NEAR(j["HOTA"].get<double>(), std::sqrt(2.0 / 3), 1e-12);

  const Result table = run("eval track --gt " + path("gt.txt") + " --pred " + path("pred.txt"));
  ASSERT_EQ(table.code, 0) << table.out;
  EXPECT_THAT(table.out, HasSubstr("MOTA  0.750"));
  EXPECT_THAT(table.out, HasSubstr("HOTA  0.816"));
  EXPECT_THAT(table.out, HasSubstr("IDSW 1"));

  // Without the class rule the static person's row is still ignored (conf 0), but the box on it
  // stays and is a false positive.
  const auto all = nlohmann::json::parse(run("eval track --gt " + path("gt.txt") + " --pred " +
                                             path("pred.txt") + " --no-classes --json")
                                             .out);
  EXPECT_EQ(all["FP"], 1);
}

TEST_F(EvalTrack, BadInputIsOneLocatedLine) {
  write_file(path("empty.txt"), "\n");
  expect_refused("--gt " + path("empty.txt") + " --pred " + path("pred.txt"),
                 "empty.txt: no boxes: an empty ground truth has nothing to evaluate against");
  write_file(path("bad.txt"), "1,1,0,0,10,ten,1\n");
  expect_refused("--gt " + path("gt.txt") + " --pred " + path("bad.txt"),
                 "bad.txt: byte 11 (line 1, column 12): bb_height: 'ten' is not a number");
  write_file(path("late.txt"), "1,5,0,0,10,10,1\n4,5,0,0,10,10,1\n");
  expect_refused("--gt " + path("gt.txt") + " --pred " + path("late.txt"),
                 "late.txt: line 2: frame 4 is after the last frame of");
  expect_refused("--gt " + path("gt.txt") + " --pred " + path("pred.txt") + " --iou 1.5",
                 "--iou = 1.5: must be in (0, 1]");
  const Result missing = run("eval track --gt " + path("none.txt") + " --pred " + path("pred.txt"));
  EXPECT_EQ(missing.code, 3) << missing.out;
}

}  // namespace
}  // namespace podium::e2e
