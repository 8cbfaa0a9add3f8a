// `podium actions evaluate` through the binary, on a small synthetic set the test writes (two
// movements of the right wrist, three groups): the baselines per fold and overall, --json alone
// on stdout, a tiny ST-GCN run, and bad input (exit 2, one located error).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <numbers>
#include <string>

#include "cli.hpp"

namespace podium::e2e {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr double kEvaluateStandingX[17] = {100, 97,  103, 94,  106, 85,  115, 80, 120,
                                           78,  122, 90,  110, 90,  110, 90,  110};
constexpr double kEvaluateStandingY[17] = {50,  47,  47,  49,  49,  80,  80,  110, 110,
                                           140, 140, 150, 150, 200, 200, 250, 250};

class ActionsEvaluateCli : public Cli {
 protected:
  // Per group 4 "up" clips (the right wrist waves vertically) and 4 "side" clips (sideways), of
  // 16..22 frames with their own period, phase and place: podium's sequence JSON.
  static std::string clips(bool labelled = true) {
    nlohmann::json sequences = nlohmann::json::array();
    for (int g = 0; g < 3; ++g) {
      for (int i = 0; i < 4; ++i) {
        for (const std::string label : {"up", "side"}) {
          const int frames = 16 + (i * 3 + g) % 7;
          const double period = 6 + (i + g) % 4, phase = 0.7 * i + g, dx = 10.0 * i - 5 * g;
          nlohmann::json x = nlohmann::json::array(), y = nlohmann::json::array();
          for (int f = 0; f < frames; ++f) {
            const double w = std::sin(2 * std::numbers::pi * f / period + phase) * 25;
            for (int k = 0; k < 17; ++k) {
              const bool wrist = k == 10;
              x.push_back(kEvaluateStandingX[k] + dx + (wrist && label == "side" ? w : 0));
              y.push_back(kEvaluateStandingY[k] + (wrist && label == "up" ? w : 0));
            }
          }
          const std::string group = std::string("g").append(std::to_string(g));
          std::string id = group;
          id.append("/").append(label).append(std::to_string(i));
          sequences.push_back({{"id", id},
                               {"group", group},
                               {"layout", "coco17"},
                               {"coordinates", "pixels"},
                               {"frames", frames},
                               {"label", labelled ? label : ""},
                               {"x", x},
                               {"y", y}});
        }
      }
    }
    return nlohmann::json{
        {"format", "podium.pose_sequences"}, {"version", 1}, {"sequences", sequences}}
        .dump();
  }
  // stdout alone: what --json promises.
  static Result run_stdout(const std::string& args) {
    return run_shell(std::string(PODIUM_BIN) + " " + args + " 2>/dev/null");
  }
};

TEST_F(ActionsEvaluateCli, BaselinesPerFoldAndOverallAsJson) {
  write_file(path("clips.json"), clips());
  const Result r = run_stdout("actions evaluate --data " + path("clips.json") +
                              " --model all --folds group --max-epochs 2 --json --importances");
  ASSERT_EQ(r.code, 0) << r.out;
  const nlohmann::json j = nlohmann::json::parse(r.out);  // nothing but JSON on stdout
  EXPECT_EQ(j["sequences"], 24);
  EXPECT_EQ(j["classes"], (nlohmann::json{"side", "up"}));
  ASSERT_EQ(j["folds"].size(), 3U);
  EXPECT_EQ(j["folds"][0]["test_groups"], (nlohmann::json{"g0"}));
  ASSERT_EQ(j["models"].size(), 3U);
  for (const nlohmann::json& m : j["models"]) {
    const nlohmann::json& overall = m["overall"];
    EXPECT_EQ(overall["sequences"], 24) << m["model"];
    const auto c = overall["confusion"].get<std::vector<std::vector<int>>>();
    EXPECT_EQ(c[0][0] + c[0][1] + c[1][0] + c[1][1], 24);
    ASSERT_EQ(m["folds"].size(), 3U);
    EXPECT_EQ(m["folds"][2]["sequences"], 8);
    if (m["model"] != "stgcn") {  // two epochs of ST-GCN show that it runs, not that it learns
      EXPECT_GE(overall["accuracy"].get<double>(), 0.9) << m["model"];
      EXPECT_GE(overall["macro_f1"].get<double>(), 0.9) << m["model"];
    }
  }
  EXPECT_EQ(j["models"][0]["model"], "knn-dtw");
  EXPECT_EQ(j["models"][1]["model"], "xgboost");
  EXPECT_EQ(j["models"][2]["model"], "stgcn");
  ASSERT_EQ(j["importances"].size(), 189U);
  // Only the right wrist moves: the top feature is it or the elbow angle it bends.
  EXPECT_THAT(j["importances"][0]["feature"].get<std::string>(),
              AnyOf(StartsWith("right_wrist"), StartsWith("right_elbow")));
}

TEST_F(ActionsEvaluateCli, TextReportWithStratifiedFolds) {
  write_file(path("clips.json"), clips());
  const Result r =
      run("actions evaluate --data " + path("clips.json") + " --model knn-dtw --folds 2 --seed 3");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("24 sequences, 2 classes, 2 folds (over groups, stratified"));
  EXPECT_THAT(r.out, HasSubstr("knn-dtw\n  fold 0: accuracy"));
  EXPECT_THAT(r.out, HasSubstr("overall: accuracy"));
  EXPECT_THAT(r.out, HasSubstr("confusion (rows true, columns predicted)"));
  // The same seed, the same report.
  EXPECT_EQ(
      run("actions evaluate --data " + path("clips.json") + " --model knn-dtw --folds 2 --seed 3")
          .out,
      r.out);
}

TEST_F(ActionsEvaluateCli, BadInputIsExit2WithOneLocatedError) {
  write_file(path("clips.json"), clips());
  const std::string data = " --data " + path("clips.json");
  const Result one = run("actions evaluate" + data + " --folds 1");
  EXPECT_EQ(one.code, 2) << one.out;
  EXPECT_THAT(one.out, HasSubstr("--folds = 1: must be group or a whole number >= 2"));
  const Result word = run("actions evaluate" + data + " --folds some");
  EXPECT_EQ(word.code, 2) << word.out;
  const Result many = run("actions evaluate" + data + " --model xgboost --folds 4");
  EXPECT_EQ(many.code, 2) << many.out;
  EXPECT_THAT(many.out, HasSubstr("folds: folds = 4: must be 0 (one per group) or 2..3"));
  const Result model = run("actions evaluate" + data + " --model svm");
  EXPECT_EQ(model.code, 2) << model.out;

  write_file(path("unlabelled.json"), clips(false));
  const Result unlabelled =
      run("actions evaluate --data " + path("unlabelled.json") + " --model knn-dtw");
  EXPECT_EQ(unlabelled.code, 2) << unlabelled.out;
  EXPECT_THAT(unlabelled.out, HasSubstr("g0/up0: label: evaluation needs labelled sequences"));

  write_file(path("broken.json"), "{\"format\": \"podium.pose_sequences\", \"version\": 1,");
  const Result broken = run("actions evaluate --data " + path("broken.json"));
  EXPECT_EQ(broken.code, 2) << broken.out;
  EXPECT_THAT(broken.out, HasSubstr("broken.json"));
}

}  // namespace
}  // namespace podium::e2e
