// Reading COCO JSON with locations (internal to the COCO parsers): a DOM parser that bounds the
// nesting depth and reports a syntax error as "byte 57 (line 3, column 12)", and checked
// accessors that name the JSON path of a bad value ("annotations[12].keypoints[3]: ...").
// Every failure is Error(Format) with the message "<source>: <place>: <what>".
//
//   const Json root = parse_json(bytes, "gt.json");
//   const double x = number(member(obj, w.at("area")), w.at("area"));
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>

namespace podium::vision::coco_json {

using Json = nlohmann::json;

// COCO files nest 5 deep (annotations[].segmentation[][]).
inline constexpr std::size_t kMaxJsonDepth = 64;

[[noreturn]] void fail(const std::string& source, const std::string& what);

// The whole document; at most kCocoMaxJsonBytes bytes and kMaxJsonDepth levels.
Json parse_json(std::string_view bytes, const std::string& source);

// Where a value sits: "annotations[12].keypoints[3]", built only when an error is reported.
struct Where {
  const std::string& source;
  const char* array;  // "annotations"; "" for a top-level array
  std::size_t index;
  const char* field = nullptr;
  std::size_t element = std::numeric_limits<std::size_t>::max();

  Where at(const char* f) const { return {source, array, index, f}; }
  Where item(std::size_t e) const { return {source, array, index, field, e}; }
  std::string path() const;
  [[noreturn]] void fail(const std::string& what) const;
};

const Json& member(const Json& obj, const Where& w);            // w.field must be present
const Json* optional_member(const Json& obj, const char* key);  // nullptr when absent
double number(const Json& v, const Where& w);                   // finite
double non_negative(const Json& v, const Where& w);             // finite, >= 0
// An int64; integral floats (785.0) count, as Python dict keys make them equal.
std::int64_t integer(const Json& v, const Where& w);
std::int64_t integer_in(const Json& v, const Where& w, std::int64_t lo, std::int64_t hi);
const std::string& string_value(const Json& v, const Where& w);
const Json& array_of(const Json& v, const Where& w, std::size_t count);  // exactly count items
// A top-level member that must be an array of at most `max` entries.
const Json& record_array(const Json& root, const char* key, std::size_t max,
                         const std::string& source);
void expect_object(const Json& v, const Where& w);
// Records id -> w.index; a repeated id is an error naming both records.
void insert_unique(std::unordered_map<std::int64_t, std::size_t>& ids, std::int64_t id,
                   const Where& w);

}  // namespace podium::vision::coco_json
