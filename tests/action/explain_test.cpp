// Integrated gradients of the deep action model on synthetic clips whose class lives in the right
// wrist: completeness, that the wrist carries the attribution, the JSON and a minimally parsed
// SVG heatmap, and what explain refuses.
#include "podium/action/explain.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "action/wrist_clips.hpp"
#include "action/wrist_model.hpp"
#include "podium/action/attribution.hpp"
#include "podium/core/error.hpp"

namespace podium::action {
namespace {

using testing::kWristClipRightWrist;
using testing::wrist_clip;
using testing::wrist_model;

double sum(const std::vector<double>& v) {
  double s = 0;
  for (const double x : v)
    s += x;
  return s;
}

TEST(ActionExplain, IsCompleteForBothBaselines) {
  for (const AttributionBaseline baseline :
       {AttributionBaseline::MeanPose, AttributionBaseline::Zero}) {
    for (const std::uint64_t seed : {7001, 7002}) {
      const PoseSequence s = wrist_clip(seed % 2 ? "vertical" : "sideways", seed);
      const ActionAttribution a = explain(wrist_model(), s, {.steps = 256, .baseline = baseline});
      ASSERT_EQ(a.values.size(), 16u * 17u);
      ASSERT_EQ(a.frames, 16u);
      const double expected = a.score - a.baseline_score;
      std::printf("%s %s: logit %.4f baseline %.4f completeness error %.2e\n",
                  baseline_name(baseline), s.id.c_str(), a.score, a.baseline_score,
                  a.completeness_error());
      EXPECT_GT(std::fabs(expected), 0.02) << "the baseline scores differently from the clip";
      EXPECT_NEAR(sum(a.values), expected, 0.01 * std::fabs(expected))
          << baseline_name(baseline) << " " << s.id;
      EXPECT_NEAR(a.joint_stream + a.bone_stream, sum(a.values), 1e-9);
      EXPECT_LT(a.completeness_error(), 0.01 * std::fabs(expected));
      EXPECT_NEAR(a.probabilities[0] + a.probabilities[1], 1.0, 1e-9);
      const auto best = static_cast<std::size_t>(
          std::max_element(a.probabilities.begin(), a.probabilities.end()) -
          a.probabilities.begin());
      EXPECT_EQ(a.target, best) << "the predicted class by default";
      EXPECT_DOUBLE_EQ(a.source_frame.back(), 15.0);
    }
  }
}

TEST(ActionExplain, TheWristThatCarriesTheClassGetsTheAttribution) {
  for (const std::uint64_t seed : {8001, 8002, 8003, 8004}) {
    const PoseSequence s = wrist_clip(seed % 2 ? "vertical" : "sideways", seed);
    const ActionAttribution a = explain(wrist_model(), s, {.target = s.label, .steps = 128});
    std::vector<double> magnitude(a.keypoints, 0.0);
    for (std::size_t i = 0; i < a.values.size(); ++i)
      magnitude[i % a.keypoints] += std::fabs(a.values[i]);
    const auto wrist = magnitude[kWristClipRightWrist];
    for (std::size_t k = 0; k < a.keypoints; ++k) {
      if (k == kWristClipRightWrist) continue;
      EXPECT_GT(wrist, 2 * magnitude[k]) << s.id << ": keypoint " << k;
    }
    EXPECT_GT(a.per_keypoint()[kWristClipRightWrist], 0) << s.id << ": for its own class";
  }
}

TEST(ActionExplain, WritesJsonThatAddsUp) {
  const PoseSequence s = wrist_clip("vertical", 9001);
  const ActionAttribution a = explain(wrist_model(), s, {.target = "sideways", .steps = 64});
  const nlohmann::json j = attribution_json(a);
  EXPECT_EQ(j["target"], "sideways");
  EXPECT_EQ(j["baseline"], "mean_pose");
  EXPECT_EQ(j["keypoints"].size(), 17u);
  EXPECT_EQ(j["keypoints"][10], "right_wrist");
  ASSERT_EQ(j["values"].size(), 16u);
  ASSERT_EQ(j["values"][0].size(), 17u);
  EXPECT_DOUBLE_EQ(j["values"][3][10].get<double>(), a.values[3 * 17 + 10]);
  EXPECT_NEAR(j["frames"][15]["seconds"].get<double>(), 15.0 / 30, 1e-12);
  EXPECT_NEAR(j["completeness"]["sum"].get<double>(), sum(a.values), 1e-9);
  EXPECT_NEAR(sum(j["per_frame"].get<std::vector<double>>()), sum(a.values), 1e-9);
}

// A minimal XML check: one root, every tag closed in order, attribute values quoted, no raw '<'
// or '&' in text. Returns the element names in document order.
std::vector<std::string> parse_xml(const std::string& x) {
  std::vector<std::string> open, names;
  std::size_t i = x.find("<svg");
  EXPECT_EQ(x.rfind("<?xml", 0), 0u);
  while (i < x.size()) {
    if (x[i] != '<') {
      const std::size_t next = x.find('<', i);
      const std::string text = x.substr(i, next - i);
      for (std::size_t a = text.find('&'); a != std::string::npos; a = text.find('&', a + 1)) {
        const std::size_t semi = text.find(';', a);
        EXPECT_NE(semi, std::string::npos) << "bare & in " << text;
        const std::string entity = text.substr(a, semi - a + 1);
        EXPECT_TRUE(entity == "&amp;" || entity == "&lt;" || entity == "&gt;" ||
                    entity == "&quot;" || entity == "&apos;")
            << entity;
      }
      EXPECT_EQ(text.find('>'), std::string::npos) << text;
      i = next;
      continue;
    }
    const std::size_t end = x.find('>', i);
    if (end == std::string::npos) {
      ADD_FAILURE() << "unterminated tag at " << i;
      break;
    }
    std::string tag = x.substr(i + 1, end - i - 1);
    i = end + 1;
    if (tag.front() == '/') {
      EXPECT_FALSE(open.empty());
      if (open.empty()) break;
      EXPECT_EQ(tag.substr(1), open.back());
      open.pop_back();
      continue;
    }
    const bool empty = tag.back() == '/';
    if (empty) tag.pop_back();
    const std::string name = tag.substr(0, tag.find(' '));
    EXPECT_TRUE(open.empty() == names.empty()) << "a second root element " << name;
    names.push_back(name);
    std::size_t quotes = 0;
    for (const char c : tag)
      quotes += c == '"' ? 1 : 0;
    EXPECT_EQ(quotes % 2, 0u) << tag;
    EXPECT_EQ(tag.find('<'), std::string::npos) << tag;
    if (!empty) open.push_back(name);
  }
  EXPECT_TRUE(open.empty()) << "unclosed " << (open.empty() ? "" : open.back());
  return names;
}

TEST(ActionExplain, DrawsAWellFormedHeatmap) {
  PoseSequence s = wrist_clip("vertical", 9002);
  s.id = "<clip & \"friends\">";
  const ActionAttribution a = explain(wrist_model(), s, {.steps = 16});
  const std::string svg = attribution_svg(a);
  const std::vector<std::string> names = parse_xml(svg);
  ASSERT_FALSE(names.empty());
  EXPECT_EQ(names.front(), "svg");
  EXPECT_GE(std::count(names.begin(), names.end(), "rect"), 16 * 17 + 1);
  EXPECT_NE(svg.find("&lt;clip &amp; &quot;friends&quot;&gt;"), std::string::npos);
  EXPECT_NE(svg.find(">right_wrist</text>"), std::string::npos);
  EXPECT_NE(svg.find("time (s)"), std::string::npos) << "fps 30 is known";
}

TEST(ActionExplain, RefusesWhatItCannotExplain) {
  const PoseSequence s = wrist_clip("vertical", 9003);
  try {
    explain(wrist_model(), s, {.target = "jump"});
    ADD_FAILURE() << "explained a class the model does not have";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
    EXPECT_NE(std::string(e.what()).find("jump"), std::string::npos) << e.what();
  }
  EXPECT_THROW(explain(wrist_model(), s, {.steps = 0}), Error);
  EXPECT_THROW(explain(wrist_model(), s, {.steps = kExplainSteps + 1}), Error);
  PoseSequence other = s;
  other.layout = vision::Layout::BlazePose33;
  other.frames = 1;
  other.x.assign(33, 1.0F);
  other.y.assign(33, 1.0F);
  other.score.assign(33, 1.0F);
  EXPECT_THROW(explain(wrist_model(), other), Error);
}

}  // namespace
}  // namespace podium::action
