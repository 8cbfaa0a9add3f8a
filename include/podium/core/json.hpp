// Reading JSON from outside (COCO files, TF.js model.json, the model manifest, saved-model cards,
// JSON kept in the store): the one parser and the checked accessors every reader uses, so that a
// bad document is reported the same way wherever it comes from.
//
// Contract: parse() takes the whole document, at most `max_bytes` bytes (each caller states its
// own bound) and kMaxDepth levels of nesting. Every failure is Error(ErrorKind::Format) with a
// Place: a syntax error or a too-deep document sets byte, line and column (all 1-based: byte 57
// is the 57th byte, where the parser stopped), "gt.json: byte 57 (line 3, column 12): not valid
// JSON: ..."; a bad value sets field to its JSON path, "gt.json: annotations[12].area: expected a
// number >= 0, got -5". A Where names that path and builds its text only when an error is thrown,
// so checking millions of values costs no strings.
//
//   const Json root = json::parse(bytes, path, limits::kCocoJsonBytes);
//   const json::Where w = json::Where(path).key("annotations").index(12);
//   const double area = json::non_negative(json::member(annotation, w.key("area")), w.key("area"));
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>

#include "podium/core/error.hpp"

namespace podium::json {

using Json = nlohmann::json;

// Deep enough for every format podium reads (COCO nests 5 levels, model.json 10); bounded so that
// a hostile document cannot exhaust memory with open containers.
inline constexpr std::size_t kMaxDepth = 64;

// The whole document, or Error(Format) placed at the byte where reading stopped.
Json parse(std::string_view bytes, const std::string& source, std::size_t max_bytes);

// Where a value sits: the document's source, an optional base that names a part of the document
// in the format's own words ("node 'conv1': attr 'strides'"), and a JSON path from there made of
// keys and indices. path() is "annotations[12].keypoints[3]", "[0].score" (a top-level array) or
// "node 'conv1': attr 'strides': list.i[2]" (a base, then the path).
//
// A Where keeps views: the source and base strings and every key (a string literal or a key of the
// parsed document) must outlive it; temporary strings are refused at compile time.
class Where {
 public:
  explicit Where(const std::string& source) : source_(source) {}
  explicit Where(const char* source) : source_(source) {}
  Where(const std::string& source, const std::string& base) : source_(source), base_(base) {}
  explicit Where(std::string&&) = delete;
  Where(std::string&&, const std::string&) = delete;
  Where(const std::string&, std::string&&) = delete;

  Where key(const char* k) const;  // the member k of an object at this place
  // A key read from the document itself (a signature's name); it must outlive the Where.
  Where key(const std::string& k) const { return key(k.c_str()); }
  Where key(std::string&&) const = delete;
  Where index(std::size_t i) const;  // the item i of an array at this place
  // The same document, at a part named by `base` (the path starts again from there).
  Where named(const std::string& base) const;
  Where named(std::string&&) const = delete;

  std::string_view source() const { return source_; }
  std::string path() const;
  Place place() const;  // {.source, .field = path()}
  [[noreturn]] void fail(const std::string& problem) const;

 private:
  // Sized for the deepest path a reader names: COCO's "annotations[3].keypoints[7]" is four.
  static constexpr std::size_t kMaxSegments = 8;
  struct Segment {
    const char* key = nullptr;  // nullptr: an index
    std::size_t index = 0;
  };
  Where parent() const;
  friend const Json& member(const Json&, const Where&);
  friend void insert_unique(std::unordered_map<std::int64_t, std::size_t>&, std::int64_t,
                            const Where&);

  std::string_view source_;
  std::string_view base_;
  std::array<Segment, kMaxSegments> segments_{};
  std::size_t size_ = 0;
};

// obj's member named by w's last key; obj must be an object and the member present (the error then
// names obj: "annotations[0]: missing \"bbox\"").
const Json& member(const Json& obj, const Where& w);
const Json* optional_member(const Json& obj, const char* key);  // nullptr when absent
void expect_object(const Json& v, const Where& w);
double number(const Json& v, const Where& w);        // finite
double non_negative(const Json& v, const Where& w);  // finite, >= 0
// An int64; integral floats (785.0) count, as Python (pycocotools) and protobuf's JSON mapping
// treat them as the integer.
std::int64_t integer(const Json& v, const Where& w);
std::int64_t integer_in(const Json& v, const Where& w, std::int64_t lo, std::int64_t hi);
std::uint64_t unsigned_integer(const Json& v, const Where& w);  // all of uint64 (seeds)
const std::string& string_value(const Json& v, const Where& w);
bool boolean(const Json& v, const Where& w);
// An array of any length up to max ("N entries, at most M supported" past it).
const Json& array(const Json& v, const Where& w, std::size_t max);
// An array of exactly `count` items that the caller reads as numbers ("expected 4 numbers, got 3").
const Json& number_array(const Json& v, const Where& w, std::size_t count);
// The member named by w's last key, which must be an array of at most `max` entries.
const Json& array_member(const Json& obj, const Where& w, std::size_t max);
// Records id -> the index of w's record (w is "<array>[i].<key>"); a repeated id is an error
// naming both records: "images[1].id: 1 repeats images[0].id".
void insert_unique(std::unordered_map<std::int64_t, std::size_t>& ids, std::int64_t id,
                   const Where& w);

// Protobuf's JSON mapping (TF.js model.json): an int64 may be written as a decimal string
// ("192"), a double as "NaN", "Infinity" or "-Infinity"; numbers are accepted as well.
std::int64_t proto_int64(const Json& v, const Where& w);
double proto_double(const Json& v, const Where& w);  // may be non-finite

// Writing: a number as JSON, NaN and the infinities as null (JSON has neither).
Json number_or_null(double v);

}  // namespace podium::json
