// COCO keypoint files: ground truth and results read with every count bounded and every value
// checked, podium Persons turned into results, and results written deterministically.
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/core/json.hpp"
#include "podium/core/limits.hpp"
#include "podium/vision/coco.hpp"
#include "podium/vision/person.hpp"
#include "podium/vision/skeleton.hpp"

namespace podium::vision {
namespace {

using namespace json;  // the COCO parsers are written in its vocabulary

std::array<double, 4> parse_box(const Json& v, const Where& w) {
  const Json& a = number_array(v, w, 4);
  std::array<double, 4> box{};
  for (std::size_t i = 0; i < 4; ++i)
    box[i] = i < 2 ? number(a[i], w.index(i)) : non_negative(a[i], w.index(i));
  return box;
}

CocoAnnotation parse_annotation(const Json& a, const Where& w,
                                const std::unordered_map<std::int64_t, std::size_t>& images,
                                const std::unordered_map<std::int64_t, std::size_t>& categories) {
  expect_object(a, w);
  CocoAnnotation ann;
  ann.id =
      integer_in(member(a, w.key("id")), w.key("id"), 1, std::numeric_limits<std::int64_t>::max());
  ann.image_id = integer(member(a, w.key("image_id")), w.key("image_id"));
  if (!images.contains(ann.image_id))
    w.key("image_id").fail(std::to_string(ann.image_id) + " is not the id of an image");
  ann.category_id = integer(member(a, w.key("category_id")), w.key("category_id"));
  if (!categories.contains(ann.category_id))
    w.key("category_id").fail(std::to_string(ann.category_id) + " is not the id of a category");
  const Where wk = w.key("keypoints");
  const Json& kps = number_array(member(a, wk), wk, kCocoKeypointValues);
  for (std::size_t i = 0; i < kps.size(); ++i) {
    ann.keypoints[i] = number(kps[i], wk.index(i));
    if (i % 3 == 2 && ann.keypoints[i] != 0 && ann.keypoints[i] != 1 && ann.keypoints[i] != 2) {
      wk.index(i).fail("visibility " + number_text(ann.keypoints[i]) + ", expected 0, 1 or 2");
    }
  }
  ann.num_keypoints = static_cast<int>(
      integer_in(member(a, w.key("num_keypoints")), w.key("num_keypoints"), 0, kCocoKeypointCount));
  ann.bbox = parse_box(member(a, w.key("bbox")), w.key("bbox"));
  // PoseTrack18 and other COCO-style sets leave "area" out; the box's area stands in (as mmpose's
  // converters do), since COCO's own areas are segment areas podium could not recompute anyway.
  if (const Json* area = optional_member(a, "area")) {
    ann.area = non_negative(*area, w.key("area"));
  } else {
    ann.area = ann.bbox[2] * ann.bbox[3];
  }
  const Json& crowd = member(a, w.key("iscrowd"));
  ann.iscrowd =
      crowd.is_boolean() ? crowd.get<bool>() : integer_in(crowd, w.key("iscrowd"), 0, 1) == 1;
  return ann;
}

}  // namespace

CocoGroundTruth parse_coco_ground_truth(std::string_view json_bytes, const std::string& source) {
  const Json root = parse(json_bytes, source, limits::kCocoJsonBytes);
  const Where top(source);
  if (!root.is_object())
    top.fail(std::string("expected a JSON object at the top level, got ") + root.type_name());
  CocoGroundTruth gt;
  gt.source = source;

  const Json& images = array_member(root, top.key("images"), limits::kCocoImages);
  std::unordered_map<std::int64_t, std::size_t> image_ids;
  gt.images.reserve(images.size());
  for (std::size_t i = 0; i < images.size(); ++i) {
    const Where w = top.key("images").index(i);
    const Json& v = images[i];
    expect_object(v, w);
    CocoImage im;
    im.id = integer(member(v, w.key("id")), w.key("id"));
    insert_unique(image_ids, im.id, w.key("id"));
    if (const Json* f = optional_member(v, "file_name"))
      im.file_name = string_value(*f, w.key("file_name"));
    if (const Json* f = optional_member(v, "width"))
      im.width =
          static_cast<int>(integer_in(*f, w.key("width"), 0, std::numeric_limits<int>::max()));
    if (const Json* f = optional_member(v, "height"))
      im.height =
          static_cast<int>(integer_in(*f, w.key("height"), 0, std::numeric_limits<int>::max()));
    gt.images.push_back(std::move(im));
  }

  const Json& categories = array_member(root, top.key("categories"), limits::kCocoCategories);
  std::unordered_map<std::int64_t, std::size_t> category_ids;
  gt.categories.reserve(categories.size());
  for (std::size_t i = 0; i < categories.size(); ++i) {
    const Where w = top.key("categories").index(i);
    const Json& v = categories[i];
    expect_object(v, w);
    CocoCategory c;
    c.id = integer(member(v, w.key("id")), w.key("id"));
    insert_unique(category_ids, c.id, w.key("id"));
    if (const Json* f = optional_member(v, "name")) c.name = string_value(*f, w.key("name"));
    if (const Json* f = optional_member(v, "keypoints")) {
      const Where wk = w.key("keypoints");
      if (!f->is_array()) wk.fail(std::string("expected an array, got ") + f->type_name());
      if (f->size() != kCocoKeypointCount) {
        wk.fail("expected " + std::to_string(kCocoKeypointCount) + " names (COCO-17), got " +
                std::to_string(f->size()));
      }
      for (std::size_t k = 0; k < f->size(); ++k)
        c.keypoints.push_back(string_value((*f)[k], wk.index(k)));
    }
    gt.categories.push_back(std::move(c));
  }

  const Json& annotations = array_member(root, top.key("annotations"), limits::kCocoAnnotations);
  std::unordered_map<std::int64_t, std::size_t> annotation_ids;
  gt.annotations.reserve(annotations.size());
  for (std::size_t i = 0; i < annotations.size(); ++i) {
    const Where w = top.key("annotations").index(i);
    gt.annotations.push_back(parse_annotation(annotations[i], w, image_ids, category_ids));
    insert_unique(annotation_ids, gt.annotations.back().id, w.key("id"));
  }
  return gt;
}

std::vector<CocoResult> parse_coco_results(std::string_view json_bytes, const std::string& source) {
  const Json root = parse(json_bytes, source, limits::kCocoJsonBytes);
  const Where top(source);
  if (!root.is_array())
    top.fail(std::string("expected a JSON array of results, got ") + root.type_name());
  if (root.size() > limits::kCocoResults) {
    top.fail(std::to_string(root.size()) + " results, at most " +
             std::to_string(limits::kCocoResults) + " supported");
  }
  std::vector<CocoResult> results;
  results.reserve(root.size());
  for (std::size_t i = 0; i < root.size(); ++i) {
    const Where w = top.index(i);
    const Json& v = root[i];
    expect_object(v, w);
    CocoResult r;
    r.image_id = integer(member(v, w.key("image_id")), w.key("image_id"));
    r.category_id = integer(member(v, w.key("category_id")), w.key("category_id"));
    const Where wk = w.key("keypoints");
    const Json& kps = number_array(member(v, wk), wk, kCocoKeypointValues);
    for (std::size_t k = 0; k < kps.size(); ++k)
      r.keypoints[k] = number(kps[k], wk.index(k));
    r.score = number(member(v, w.key("score")), w.key("score"));
    // pycocotools treats "bbox": [] as no box.
    if (const Json* b = optional_member(v, "bbox"); b != nullptr && !(b->is_array() && b->empty()))
      r.bbox = parse_box(*b, w.key("bbox"));
    if (i > 0 && results.front().bbox && !r.bbox) {
      w.fail("no \"bbox\", but [0] has one (pycocotools then takes every area from bbox)");
    }
    results.push_back(r);
  }
  return results;
}

std::vector<CocoResult> coco_results_from_people(std::int64_t image_id,
                                                 std::span<const Person> people) {
  std::vector<CocoResult> out;
  out.reserve(people.size());
  for (std::size_t p = 0; p < people.size(); ++p) {
    const Person& person = people[p];
    const std::string who = "image " + std::to_string(image_id) + ", person " + std::to_string(p);
    const LayoutInfo& info = layout_info(person.layout);
    if (person.keypoints.size() != info.keypoints.size()) {
      throw Error(ErrorKind::InvalidInput, who + ": " + std::to_string(person.keypoints.size()) +
                                               " keypoints, expected " +
                                               std::to_string(info.keypoints.size()) +
                                               " for layout " + std::string(info.name));
    }
    CocoResult r;
    r.image_id = image_id;
    r.category_id = 1;
    r.score = person.score;
    if (!std::isfinite(r.score))
      throw Error(ErrorKind::InvalidInput, who + ": score " + number_text(r.score));
    for (std::size_t i = 0; i < std::size_t{kCocoKeypointCount}; ++i) {
      const int src = coco17_index(person.layout)[i];
      if (src < 0) continue;  // COCO's (0, 0, 0): not labelled
      const Keypoint& k = person.keypoints[static_cast<std::size_t>(src)];
      if (!std::isfinite(k.x) || !std::isfinite(k.y) || !std::isfinite(k.score)) {
        throw Error(ErrorKind::InvalidInput,
                    who + ": keypoint " + std::string(info.keypoints[src]) + " is not finite (" +
                        number_text(k.x) + ", " + number_text(k.y) + ", " + number_text(k.score) +
                        ")");
      }
      r.keypoints[3 * i] = k.x;
      r.keypoints[3 * i + 1] = k.y;
      r.keypoints[3 * i + 2] = k.score;
    }
    out.push_back(r);
  }
  return out;
}

std::string write_coco_results(std::span<const CocoResult> results) {
  std::string out = "[";
  for (std::size_t i = 0; i < results.size(); ++i) {
    const CocoResult& r = results[i];
    const auto finite = [&](double v, const char* what) {
      if (!std::isfinite(v)) {
        throw Error(ErrorKind::InvalidInput, "results[" + std::to_string(i) + "]." + what + " is " +
                                                 number_text(v) + ", which JSON cannot hold");
      }
      return v;
    };
    Json j = Json::object();
    j["image_id"] = r.image_id;
    j["category_id"] = r.category_id;
    Json kps = Json::array();
    for (double v : r.keypoints)
      kps.push_back(finite(v, "keypoints"));
    j["keypoints"] = std::move(kps);
    j["score"] = finite(r.score, "score");
    if (r.bbox) {
      Json box = Json::array();
      for (double v : *r.bbox)
        box.push_back(finite(v, "bbox"));
      j["bbox"] = std::move(box);
    }
    out += i == 0 ? "\n" : ",\n";
    out += j.dump();
  }
  out += results.empty() ? "]\n" : "\n]\n";
  return out;
}

}  // namespace podium::vision
