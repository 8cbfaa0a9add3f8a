// COCO keypoints: the two parsers, the export of people, and the fuzz corpus.
#include "podium/vision/coco.hpp"
#include "podium/vision/coco_eval.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/core/limits.hpp"
#include "podium/vision/person.hpp"
#include "podium/vision/skeleton.hpp"

#include "vision/coco_test_util.hpp"

namespace podium::vision {
namespace {

using namespace coco_test;

// ---------------------------------------------------------------------------------------------
// Parsing

Json valid_gt() {
  Json kp = Json::array();
  for (std::size_t i = 0; i < kKeypoints; ++i)
    kp.insert(kp.end(), {10 + i, 20 + i, 2});
  return {{"images", {{{"id", 1}, {"file_name", "1.jpg"}, {"width", 64}, {"height", 48}}}},
          {"categories", {{{"id", 1}, {"name", "person"}}}},
          {"annotations",
           {{{"id", 1},
             {"image_id", 1},
             {"category_id", 1},
             {"keypoints", kp},
             {"num_keypoints", 17},
             {"area", 400.5},
             {"bbox", {5, 6, 30, 40}},
             {"iscrowd", 0}}}}};
}

Json valid_results() {
  Json kp = Json::array();
  for (std::size_t i = 0; i < kKeypoints; ++i)
    kp.insert(kp.end(), {10.5 + i, 20 + i, 0.5});
  return Json::array({{{"image_id", 1}, {"category_id", 1}, {"keypoints", kp}, {"score", 0.9}}});
}

// The Error message parsing `bytes` gives, checked to be a one-line Format error.
std::string gt_error(const std::string& bytes) {
  try {
    parse_coco_ground_truth(bytes, "gt.json");
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Format);
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    return e.what();
  }
  ADD_FAILURE() << "parsed: " << bytes;
  return "";
}

std::string results_error(const std::string& bytes) {
  try {
    parse_coco_results(bytes, "res.json");
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Format);
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    return e.what();
  }
  ADD_FAILURE() << "parsed: " << bytes;
  return "";
}

std::string gt_error(const std::function<void(Json&)>& corrupt) {
  Json j = valid_gt();
  corrupt(j);
  return gt_error(j.dump());
}

std::string results_error(const std::function<void(Json&)>& corrupt) {
  Json j = valid_results();
  corrupt(j);
  return results_error(j.dump());
}

TEST(CocoParse, ValidFilesParse) {
  const auto gt = parse_coco_ground_truth(valid_gt().dump(), "gt.json");
  EXPECT_EQ(gt.source, "gt.json");
  ASSERT_EQ(gt.images.size(), 1u);
  EXPECT_EQ(gt.images[0].file_name, "1.jpg");
  EXPECT_EQ(gt.images[0].width, 64);
  ASSERT_EQ(gt.annotations.size(), 1u);
  const CocoAnnotation& a = gt.annotations[0];
  EXPECT_EQ(a.keypoints[48], 26);
  EXPECT_EQ(a.num_keypoints, 17);
  EXPECT_EQ(a.area, 400.5);
  EXPECT_EQ(a.bbox[3], 40);
  EXPECT_FALSE(a.iscrowd);
  const auto res = parse_coco_results(valid_results().dump(), "res.json");
  ASSERT_EQ(res.size(), 1u);
  EXPECT_EQ(res[0].keypoints[0], 10.5);
  EXPECT_EQ(res[0].score, 0.9);
  EXPECT_FALSE(res[0].bbox.has_value());
  EXPECT_TRUE(parse_coco_results("[]", "res.json").empty());
  // PoseTrack18-style: no "area", the box's stands in.
  Json no_area = valid_gt();
  no_area["annotations"][0].erase("area");
  const auto b = parse_coco_ground_truth(no_area.dump(), "gt.json").annotations[0].bbox;
  EXPECT_EQ(parse_coco_ground_truth(no_area.dump(), "gt.json").annotations[0].area, b[2] * b[3]);
}

// The reader's own cases (syntax, non-finite numbers, depth) are in tests/core/json_test.cpp.
TEST(CocoParse, SyntaxErrorsGiveTheByteLineAndColumn) {
  EXPECT_EQ(gt_error(R"({"images": [})"),
            "gt.json: byte 13 (line 1, column 13): not valid JSON: syntax error while parsing "
            "value - unexpected '}'; expected '[', '{', or a literal");
  const std::string nan = results_error(R"([{"image_id": 1, "category_id": 1, "score": NaN}])");
  EXPECT_EQ(nan.rfind("res.json: byte 45 (line 1, column 45): not valid JSON: ", 0), 0u) << nan;
}

TEST(CocoParse, StructureErrorsNameThePath) {
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"][0]["keypoints"].erase(50); }),
            "gt.json: annotations[0].keypoints: expected 51 numbers, got 50");
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"][0].erase("bbox"); }),
            "gt.json: annotations[0]: missing \"bbox\"");
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"][0]["keypoints"][7] = nullptr; }),
            "gt.json: annotations[0].keypoints[7]: expected a number, got null");
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"][0]["area"] = -5; }),
            "gt.json: annotations[0].area: expected a number >= 0, got -5");
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"][0]["keypoints"][2] = 3; }),
            "gt.json: annotations[0].keypoints[2]: visibility 3, expected 0, 1 or 2");
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"][0]["num_keypoints"] = 18; }),
            "gt.json: annotations[0].num_keypoints: expected an integer in [0, 17], got 18");
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"][0]["iscrowd"] = 2; }),
            "gt.json: annotations[0].iscrowd: expected an integer in [0, 1], got 2");
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"][0]["bbox"][2] = -1; }),
            "gt.json: annotations[0].bbox[2]: expected a number >= 0, got -1");
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"][0]["id"] = 0; }),
            "gt.json: annotations[0].id: expected an integer in [1, 9223372036854775807], got 0");
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"][0]["image_id"] = 99; }),
            "gt.json: annotations[0].image_id: 99 is not the id of an image");
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"][0]["category_id"] = "1"; }),
            "gt.json: annotations[0].category_id: expected an integer, got string");
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"].push_back(j["annotations"][0]); }),
            "gt.json: annotations[1].id: 1 repeats annotations[0].id");
  EXPECT_EQ(gt_error([](Json& j) { j["images"].push_back(j["images"][0]); }),
            "gt.json: images[1].id: 1 repeats images[0].id");
  EXPECT_EQ(gt_error([](Json& j) { j["images"][0]["id"] = 1.5; }),
            "gt.json: images[0].id: expected an integer, got 1.5");
  EXPECT_EQ(gt_error([](Json& j) { j["images"][0]["width"] = -1; }),
            "gt.json: images[0].width: expected an integer in [0, 2147483647], got -1");
  EXPECT_EQ(gt_error([](Json& j) {
              j["categories"][0]["keypoints"] = {"nose", "neck"};
            }),
            "gt.json: categories[0].keypoints: expected 17 names (COCO-17), got 2");
  EXPECT_EQ(gt_error([](Json& j) { j.erase("images"); }), "gt.json: missing \"images\"");
  EXPECT_EQ(gt_error([](Json& j) { j["annotations"] = Json::object(); }),
            "gt.json: annotations: expected an array, got object");
  EXPECT_EQ(gt_error("[]"), "gt.json: expected a JSON object at the top level, got array");

  EXPECT_EQ(results_error([](Json& j) { j[0]["score"] = "0.9"; }),
            "res.json: [0].score: expected a number, got string");
  EXPECT_EQ(results_error([](Json& j) { j[0]["keypoints"].push_back(1); }),
            "res.json: [0].keypoints: expected 51 numbers, got 52");
  EXPECT_EQ(results_error([](Json& j) { j[0].erase("image_id"); }),
            "res.json: [0]: missing \"image_id\"");
  EXPECT_EQ(results_error([](Json& j) {
              j[0]["bbox"] = {1, 2, 3};
            }),
            "res.json: [0].bbox: expected 4 numbers, got 3");
  EXPECT_EQ(results_error([](Json& j) {
              j.push_back(j[0]);
              j[0]["bbox"] = {1, 2, 3, 4};
            }),
            "res.json: [1]: no \"bbox\", but [0] has one (pycocotools then takes every area from "
            "bbox)");
  EXPECT_EQ(results_error([](Json& j) { j[0] = 7; }),
            "res.json: [0]: expected an object, got number");
  EXPECT_EQ(results_error("{}"), "res.json: expected a JSON array of results, got object");
  EXPECT_EQ(results_error(std::string(100, '[') + std::string(100, ']')),
            "res.json: byte 65 (line 1, column 65): not valid JSON: nested deeper than 64 levels");
}

// limits::kCocoCategories is the one COCO list bound kJsonValues does not reach first.
TEST(CocoParse, CategoriesAreBounded) {
  Json j = valid_gt();
  for (std::int64_t id = 2; id <= static_cast<std::int64_t>(limits::kCocoCategories); ++id)
    j["categories"].push_back({{"id", id}});
  EXPECT_EQ(parse_coco_ground_truth(j.dump(), "gt.json").categories.size(),
            limits::kCocoCategories);
  j["categories"].push_back({{"id", -1}});
  EXPECT_EQ(gt_error(j.dump()), "gt.json: categories: 10001 entries, at most 10000 supported");
}

TEST(CocoParse, IntegralFloatIdsAndEmptyBoxesAreAccepted) {
  // pycocotools (Python) treats 1.0 as the key 1 and "bbox": [] as no box.
  Json j = valid_results();
  j[0]["image_id"] = 1.0;
  j[0]["bbox"] = Json::array();
  const auto res = parse_coco_results(j.dump(), "res.json");
  EXPECT_EQ(res[0].image_id, 1);
  EXPECT_FALSE(res[0].bbox.has_value());
}

TEST(CocoParse, RealCrowdPoseFileIsRejectedForItsLayout) {
  const std::string path =
      shared_data() + "/vision/real/mmpose_testdata/crowdpose/test_crowdpose.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared data missing: " << path;
  EXPECT_EQ(gt_error(read_file(path)),
            "gt.json: categories[0].keypoints: expected 17 names (COCO-17), got 14");
}

// ---------------------------------------------------------------------------------------------
// Export

Person coco_person(double score, double offset) {
  Person p;
  p.score = score;
  for (std::size_t i = 0; i < kKeypoints; ++i)
    p.keypoints.push_back({offset + i * 1.25, offset + 2.0 * i, 0.01 * i});
  return p;
}

TEST(CocoExport, RoundTripsThroughTheResultsParser) {
  const std::vector<Person> people = {coco_person(0.9, 10), coco_person(0.123456789, 1e-7)};
  std::vector<CocoResult> results = coco_results_from_people(42, people);
  const auto more = coco_results_from_people(43, std::vector{coco_person(1, -3.5)});
  results.insert(results.end(), more.begin(), more.end());
  const std::string bytes = write_coco_results(results);
  EXPECT_EQ(bytes, write_coco_results(results));  // deterministic
  const auto back = parse_coco_results(bytes, "export.json");
  ASSERT_EQ(back.size(), 3u);
  for (std::size_t i = 0; i < back.size(); ++i) {
    EXPECT_EQ(back[i].image_id, results[i].image_id);
    EXPECT_EQ(back[i].category_id, 1);
    EXPECT_EQ(back[i].keypoints, results[i].keypoints);  // bit-exact
    EXPECT_EQ(back[i].score, results[i].score);
  }
  EXPECT_EQ(back[1].keypoints[6], 1e-7 + 2 * 1.25);
  EXPECT_EQ(back[1].keypoints[3 * 2 + 2], 0.02);
  EXPECT_EQ(back[2].image_id, 43);
}

TEST(CocoExport, WritesOneSortedResultPerLine) {
  CocoResult r;
  r.image_id = 7;
  for (int i = 0; i < kCocoKeypointValues; ++i)
    r.keypoints[i] = i % 3 == 2 ? 0.5 : i;
  r.score = 0.25;
  std::string kp;
  for (int i = 0; i < kCocoKeypointValues; ++i) {
    if (i > 0) kp += ',';
    kp += i % 3 == 2 ? "0.5" : std::to_string(i) + ".0";
  }
  const std::string line =
      R"({"category_id":1,"image_id":7,"keypoints":[)" + kp + R"(],"score":0.25})";
  EXPECT_EQ(write_coco_results(std::vector{r, r}), "[\n" + line + ",\n" + line + "\n]\n");
  EXPECT_EQ(write_coco_results({}), "[]\n");
  r.score = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(write_coco_results(std::vector{r}), Error);
}

TEST(CocoExport, BlazePoseIsMappedToCoco17) {
  Person p;
  p.layout = Layout::BlazePose33;
  p.score = 0.5;
  for (int i = 0; i < 33; ++i)
    p.keypoints.push_back({static_cast<double>(i), 100.0 + i, 0.5});
  const auto r = coco_results_from_people(1, std::vector{p});
  for (std::size_t i = 0; i < kKeypoints; ++i)
    EXPECT_EQ(r[0].keypoints[3 * i], coco17_index(Layout::BlazePose33)[i]) << i;
}

TEST(CocoExport, BadPeopleAreRejectedByName) {
  Person short_one = coco_person(0.9, 0);
  short_one.keypoints.resize(12);
  try {
    coco_results_from_people(3, std::vector{coco_person(0.9, 0), short_one});
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
    EXPECT_STREQ(e.what(), "image 3, person 1: 12 keypoints, expected 17 for layout coco17");
  }
  Person nan = coco_person(0.9, 0);
  nan.keypoints[5].y = std::numeric_limits<double>::quiet_NaN();
  try {
    coco_results_from_people(3, std::vector{nan});
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(
        std::string(e.what()).rfind("image 3, person 0: keypoint left_shoulder is not finite", 0),
        0u)
        << e.what();
  }
}

// ---------------------------------------------------------------------------------------------
// Fuzz inputs

// Every fuzz seed goes through both parsers in the normal test run: each must parse or be
// rejected with a one-line podium::Error (kept crashes are ctest cases fuzz.coco.*).
TEST(CocoFuzzCorpus, EveryKeptInputParsesOrIsRejectedCleanly) {
  const std::filesystem::path src = PODIUM_SOURCE_DIR;
  std::vector<std::filesystem::path> files;
  for (const auto& f : std::filesystem::directory_iterator(src / "fuzz/corpus/coco"))
    files.push_back(f.path());
  int parsed = 0;
  for (const auto& path : files) {
    const std::string bytes = read_file(path.string());
    for (int which = 0; which < 2; ++which) {
      try {
        if (which == 0) {
          const auto gt = parse_coco_ground_truth(bytes, path.filename().string());
          std::vector<CocoResult> res;
          for (const auto& a : gt.annotations)
            res.push_back(detection(a.image_id, a.keypoints, 1));
          evaluate_coco_keypoints(gt, res);
        } else {
          parse_coco_results(bytes, path.filename().string());
        }
        ++parsed;
      } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
      }
    }
  }
  EXPECT_GE(files.size(), 7u);  // the seeds at least
  EXPECT_GE(parsed, 7);
}

}  // namespace
}  // namespace podium::vision
