// The one JSON reader: where a syntax error, a too-deep or too-large document and a bad value are
// placed (as Place fields and in the composed message), and what the checked accessors accept.
#include "podium/core/json.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>

#include "podium/core/limits.hpp"
#include "testkit/throws_error.hpp"

namespace podium::json {
namespace {

using ::testing::HasSubstr;
using testkit::ThrowsError;

// The Error parsing `bytes` gives (fails the test if none).
Error parse_error(const std::string& bytes, const std::string& source = "gt.json",
                  std::size_t max_bytes = std::size_t{1} << 20,
                  ErrorKind kind = ErrorKind::Format) {
  try {
    parse(bytes, source, max_bytes);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), kind);
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
    return e;
  }
  ADD_FAILURE() << "parsed, expected an error: " << bytes;
  return Error(ErrorKind::Internal, "");
}

// The Error that `f` throws (fails the test if none).
template <typename F>
Error error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Format);
    return e;
  }
  ADD_FAILURE() << "no error";
  return Error(ErrorKind::Internal, "");
}

TEST(JsonParse, ReadsADocument) {
  const Json j = parse(R"({"a": [1, 2.5, "x", null, true], "b": {"c": -3}})", "x.json", 100);
  EXPECT_EQ(j["a"][1], 2.5);
  EXPECT_EQ(j["b"]["c"], -3);
  EXPECT_EQ(parse("[]", "x.json", 2), Json::array());
}

TEST(JsonParse, ASyntaxErrorSetsByteLineAndColumn) {
  const Error e = parse_error(R"({"images": [})");
  EXPECT_EQ(e.place().source, "gt.json");
  EXPECT_EQ(e.place().byte, 13U);
  EXPECT_EQ(e.place().line, 1U);
  EXPECT_EQ(e.place().column, 13U);
  EXPECT_TRUE(e.place().field.empty());
  EXPECT_STREQ(e.what(),
               "gt.json: byte 13 (line 1, column 13): not valid JSON: syntax error while parsing "
               "value - unexpected '}'; expected '[', '{', or a literal");

  const Error multi = parse_error("{\n  \"images\": [\n    {\"id\": 1,}\n  ]\n}");
  EXPECT_EQ(multi.place().byte, 30U);
  EXPECT_EQ(multi.place().line, 3U);
  EXPECT_EQ(multi.place().column, 14U);
  EXPECT_THAT(multi.what(), testing::StartsWith("gt.json: byte 30 (line 3, column 14): not valid "
                                                "JSON: "));

  const Error empty = parse_error("");
  EXPECT_EQ(empty.place().byte, 1U);
  EXPECT_EQ(empty.place().line, 1U);
  EXPECT_EQ(empty.place().column, 1U);
  EXPECT_THAT(parse_error(R"({"images": []} x)").what(), HasSubstr("not valid JSON"));
}

TEST(JsonParse, NonFiniteNumbersAreNamed) {
  // Python's json.dump writes NaN; JSON has no such number.
  const Error nan = parse_error(R"([{"image_id": 1, "category_id": 1, "score": NaN}])", "res.json");
  EXPECT_EQ(nan.place().byte, 45U);
  EXPECT_THAT(nan.what(), testing::StartsWith("res.json: byte 45 (line 1, column 45): not valid "
                                              "JSON: "));
  EXPECT_THAT(nan.what(), HasSubstr("(NaN and Infinity are not JSON numbers)"));
  EXPECT_THAT(parse_error(R"([{"score": -Infinity}])").what(), HasSubstr("NaN and Infinity"));
  EXPECT_THAT(parse_error(R"([{"score": nan}])").what(), HasSubstr("NaN and Infinity"));
  // nlohmann reports an overflow without a position of its own; the reader still places it.
  const Error big = parse_error(R"([{"score": 1e999}])", "res.json");
  EXPECT_EQ(big.place().byte, 16U);
  EXPECT_THAT(big.what(), HasSubstr("byte 16 (line 1, column 16): not valid JSON: number overflow "
                                    "parsing '1e999'"));
}

TEST(JsonParse, ATooDeepDocumentIsPlacedAtTheBracketPastTheLimit) {
  const Error e = parse_error(std::string(100, '[') + std::string(100, ']'), "res.json");
  EXPECT_EQ(e.place().byte, kMaxDepth + 1);
  EXPECT_EQ(e.place().line, 1U);
  EXPECT_EQ(e.place().column, kMaxDepth + 1);
  EXPECT_STREQ(e.what(),
               "res.json: byte 65 (line 1, column 65): not valid JSON: nested deeper than 64 "
               "levels");
  // Brackets and escaped quotes inside strings do not count.
  const std::string prefix = "{\"a\": \"[[{\\\"[\",\n \"b\": ";
  const std::string deep = prefix + std::string(64, '[') + std::string(64, ']') + "}";
  const Error d = parse_error(deep);
  EXPECT_EQ(d.place().line, 2U);
  EXPECT_EQ(d.place().column, 7U + 63U);
  EXPECT_EQ(d.place().byte, prefix.size() + 64U);
  // 64 levels, the object included, are allowed.
  EXPECT_NO_THROW(parse("{\"b\": " + std::string(63, '[') + std::string(63, ']') + "}", "x", 200));
}

TEST(JsonParse, TheCallersSizeBoundIsKept) {
  const Error e = parse_error("[1, 2, 3]", "x.json", 8, ErrorKind::InvalidInput);
  EXPECT_STREQ(e.what(),
               "x.json: size = 9: more than podium's limit of 8 bytes of JSON (docs/limits.md)");
  EXPECT_FALSE(e.place().byte.has_value());
  EXPECT_NO_THROW(parse("[1, 2, 3]", "x.json", 9));
}

// A document of kJsonValues values parses; one more (here the array itself) is refused before its
// value is stored.
TEST(JsonParse, ValuesAreBounded) {
  std::string at_limit = "[0";
  at_limit.reserve(2 * limits::kJsonValues + 2);
  for (std::uint64_t i = 2; i < limits::kJsonValues; ++i)
    at_limit += ",0";
  at_limit += "]";  // the array and kJsonValues - 1 numbers
  EXPECT_EQ(parse(at_limit, "x.json", at_limit.size()).size(), limits::kJsonValues - 1);
  const std::string over = at_limit.substr(0, at_limit.size() - 1) + ",0]";
  const Error e = parse_error(over, "x.json", over.size(), ErrorKind::InvalidInput);
  EXPECT_EQ(e.place().field, "values");
  EXPECT_EQ(e.place().value, std::to_string(limits::kJsonValues + 1));
  EXPECT_THAT(e.what(), HasSubstr("more than podium's limit of 4000000 values per JSON document"));
}

TEST(JsonWhere, PathsOfKeysIndicesAndABase) {
  const std::string source = "gt.json";
  const Where top(source);
  EXPECT_EQ(top.path(), "");
  EXPECT_EQ(top.key("annotations").index(12).key("keypoints").index(3).path(),
            "annotations[12].keypoints[3]");
  EXPECT_EQ(top.index(0).key("score").path(), "[0].score");
  const std::string base = "node 'conv1': attr 'strides'";
  const Where named(source, base);
  EXPECT_EQ(named.key("list").key("i").index(2).path(), "node 'conv1': attr 'strides': list.i[2]");
  EXPECT_EQ(named.index(1).path(), "node 'conv1': attr 'strides'[1]");
  const std::string weight = "weight 'w'";
  EXPECT_EQ(top.key("weightsManifest").index(0).named(weight).key("shape").path(),
            "weight 'w': shape");
  // A key read from the document stays on one line.
  const std::string odd = "a\nb";
  EXPECT_EQ(top.key(odd).path(), "a?b");
}

// limits::exceeded at a Where's place keeps its path in front of what passed the limit.
TEST(JsonWhere, ALimitPassedAtAPathKeepsThePath) {
  const std::string source = "m.json", base = "weight 'w'";
  const Error e = limits::exceeded(Where(source, base).key("shape").place(), "rank", 9, 8,
                                   "dimensions per tensor");
  EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
  EXPECT_EQ(e.place().field, "weight 'w': shape: rank");
  EXPECT_EQ(e.place().value, "9");
  EXPECT_STREQ(e.what(),
               "m.json: weight 'w': shape: rank = 9: more than podium's limit of 8 dimensions per "
               "tensor (docs/limits.md)");
}

TEST(JsonAccessors, ABadValueSetsTheFieldToItsPath) {
  const std::string source = "gt.json";
  const Json doc = parse(R"({"annotations": [{"area": "big", "id": 7}]})", source, 100);
  const Where a = Where(source).key("annotations").index(0);
  const Error e =
      error_of([&] { number(member(doc["annotations"][0], a.key("area")), a.key("area")); });
  EXPECT_EQ(e.place().source, "gt.json");
  EXPECT_EQ(e.place().field, "annotations[0].area");
  EXPECT_FALSE(e.place().byte.has_value());
  EXPECT_EQ(e.problem(), "expected a number, got string");
  EXPECT_STREQ(e.what(), "gt.json: annotations[0].area: expected a number, got string");

  // A missing member is placed at the object that lacks it.
  const Error missing = error_of([&] { member(doc["annotations"][0], a.key("bbox")); });
  EXPECT_EQ(missing.place().field, "annotations[0]");
  EXPECT_STREQ(missing.what(), "gt.json: annotations[0]: missing \"bbox\"");
  EXPECT_STREQ(error_of([&] { member(doc, Where(source).key("images")); }).what(),
               "gt.json: missing \"images\"");
  EXPECT_STREQ(error_of([&] {
                 member(doc["annotations"], Where(source).key("annotations").key("x"));
               }).what(),
               "gt.json: annotations: expected an object, got array");
}

TEST(JsonAccessors, NumbersAndIntegers) {
  const Where w("x.json");
  const Where v = w.key("v");
  EXPECT_EQ(number(Json(2.5), v), 2.5);
  EXPECT_THAT([&] { non_negative(Json(-5), v); },
              ThrowsError(ErrorKind::Format, "x.json: v: expected a number >= 0, got -5"));
  EXPECT_EQ(integer(Json(785.0), v), 785);  // pycocotools' dict keys
  EXPECT_EQ(integer(Json(-3), v), -3);
  EXPECT_THAT([&] { integer(Json(1.5), v); },
              ThrowsError(ErrorKind::Format, "x.json: v: expected an integer, got 1.5"));
  EXPECT_THAT(
      [&] { integer(Json(std::numeric_limits<std::uint64_t>::max()), v); },
      ThrowsError(ErrorKind::Format, "x.json: v: integer 18446744073709551615 is out of range"));
  EXPECT_EQ(unsigned_integer(Json(std::numeric_limits<std::uint64_t>::max()), v),
            std::numeric_limits<std::uint64_t>::max());
  EXPECT_THAT([&] { unsigned_integer(Json(-1), v); },
              ThrowsError(ErrorKind::Format, HasSubstr("expected an integer in [0, ")));
  EXPECT_THAT([&] { integer_in(Json(18), v, 0, 17); },
              ThrowsError(ErrorKind::Format, "x.json: v: expected an integer in [0, 17], got 18"));
  EXPECT_THAT([&] { string_value(Json(1), v); },
              ThrowsError(ErrorKind::Format, "x.json: v: expected a string, got number"));
  EXPECT_THAT([&] { boolean(Json("yes"), v); },
              ThrowsError(ErrorKind::Format, "x.json: v: expected a boolean, got string"));
}

TEST(JsonAccessors, ArraysAreBounded) {
  const Where w = Where("x.json").key("a");
  EXPECT_THAT(
      [&] {
        array(Json::array({1, 2, 3}), w, 2);
      },
      ThrowsError(ErrorKind::Format, "x.json: a: 3 entries, at most 2 supported"));
  EXPECT_THAT([&] { array(Json::object(), w, 2); },
              ThrowsError(ErrorKind::Format, "x.json: a: expected an array, got object"));
  EXPECT_THAT(
      [&] {
        number_array(Json::array({1, 2, 3}), w, 4);
      },
      ThrowsError(ErrorKind::Format, "x.json: a: expected 4 numbers, got 3"));
  const Json doc = {{"a", {1}}};
  EXPECT_EQ(array_member(doc, w, 1).size(), 1U);
}

TEST(JsonAccessors, RepeatedIdsNameBothRecords) {
  std::unordered_map<std::int64_t, std::size_t> ids;
  const Where images = Where("gt.json").key("images");
  insert_unique(ids, 1, images.index(0).key("id"));
  insert_unique(ids, 2, images.index(1).key("id"));
  EXPECT_THAT([&] { insert_unique(ids, 1, images.index(2).key("id")); },
              ThrowsError(ErrorKind::Format, "gt.json: images[2].id: 1 repeats images[0].id"));
}

TEST(JsonAccessors, ProtobufsJsonMapping) {
  const Where w = Where("model.json").key("i");
  EXPECT_EQ(proto_int64(Json("192"), w), 192);
  EXPECT_EQ(proto_int64(Json("-1"), w), -1);
  EXPECT_EQ(proto_int64(Json(7), w), 7);
  EXPECT_THAT([&] { proto_int64(Json("12x"), w); },
              ThrowsError(ErrorKind::Format, "model.json: i: expected an integer, got '12x'"));
  EXPECT_THAT([&] { proto_int64(Json(""), w); },
              ThrowsError(ErrorKind::Format, "model.json: i: expected an integer, got ''"));
  EXPECT_TRUE(std::isnan(proto_double(Json("NaN"), w)));
  EXPECT_EQ(proto_double(Json("-Infinity"), w), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(proto_double(Json(0.5), w), 0.5);
  EXPECT_THAT([&] { proto_double(Json(true), w); },
              ThrowsError(ErrorKind::Format, "model.json: i: expected a number, got boolean"));
}

TEST(JsonWrite, NonFiniteNumbersBecomeNull) {
  EXPECT_EQ(number_or_null(1.5), Json(1.5));
  EXPECT_TRUE(number_or_null(std::numeric_limits<double>::quiet_NaN()).is_null());
  EXPECT_TRUE(number_or_null(-std::numeric_limits<double>::infinity()).is_null());
  EXPECT_EQ(Json::array({number_or_null(0.25), number_or_null(NAN)}).dump(), "[0.25,null]");
}

}  // namespace
}  // namespace podium::json
