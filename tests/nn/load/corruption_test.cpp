// One handcrafted model per corruption class (STYLE: a loader that trusts nothing). Each must be
// rejected with its own one-line message naming the file and the problem.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "podium/core/error.hpp"
#include "podium/nn/model.hpp"

namespace podium::nn {
namespace {

using Json = nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

Json dims(std::initializer_list<int> d) {
  Json j = Json::array();
  for (int v : d)
    j.push_back({{"size", std::to_string(v)}});
  return {{"dim", j}};
}

// x [1,4,4,2] -> Conv2D(w [1,1,2,3], SAME, NHWC) -> Relu y.
Json valid_model() {
  return Json::parse(R"({
    "format": "graph-model",
    "modelTopology": {"node": [
      {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"},
        "shape": {"shape": {"dim": [{"size": "1"}, {"size": "4"}, {"size": "4"}, {"size": "2"}]}}}},
      {"name": "w", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"},
        "value": {"tensor": {"dtype": "DT_FLOAT",
          "tensorShape": {"dim": [{"size": "1"}, {"size": "1"}, {"size": "2"}, {"size": "3"}]}}}}},
      {"name": "conv", "op": "Conv2D", "input": ["x", "w"], "attr": {
        "strides": {"list": {"i": ["1", "1", "1", "1"]}},
        "padding": {"s": "U0FNRQ=="}, "data_format": {"s": "TkhXQw=="}}},
      {"name": "y", "op": "Relu", "input": ["conv"]}
    ]},
    "weightsManifest": [{"paths": ["m.bin"],
      "weights": [{"name": "w", "shape": [1, 1, 2, 3], "dtype": "float32"}]}]
  })");
}

std::string float_bytes(const std::vector<float>& v) {
  std::string s(v.size() * 4, '\0');
  std::memcpy(s.data(), v.data(), s.size());
  return s;
}

const std::vector<float> kWeights = {1, 2, 3, -1, -2, -3};

Json& node(Json& m, const std::string& name) {
  for (auto& n : m["modelTopology"]["node"]) {
    if (n["name"] == name) return n;
  }
  throw std::runtime_error("no node " + name);
}

// Loads from memory and returns the error (fails the test if none).
Error load_error(const Json& m, const std::string& shard) {
  try {
    Model::load_from_bytes(m.dump(), {{shard}}, "bad.json");
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "model loaded, expected an error";
  return Error(ErrorKind::Internal, "");
}

void expect_error(const Json& m, const std::string& shard, ErrorKind kind,
                  const std::string& needle) {
  const Error e = load_error(m, shard);
  EXPECT_EQ(e.kind(), kind) << e.what();
  // Graph errors name the model file, weight errors the shard their bytes are in.
  const std::string what = e.what();
  EXPECT_TRUE(what.find("bad.json") != std::string::npos || what.rfind("m.bin: byte ", 0) == 0)
      << what;
  EXPECT_NE(std::string(e.what()).find(needle), std::string::npos)
      << "message: " << e.what() << "\nexpected to contain: " << needle;
  EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << "not one line: " << e.what();
}

TEST(ModelLoad, ValidModelRunsAsAPositiveControl) {
  Model m = Model::load_from_bytes(valid_model().dump(), {{float_bytes(kWeights)}}, "ok.json");
  HostTensor x = HostTensor::zeros(DType::Float32, {1, 4, 4, 2});
  for (std::size_t i = 0; i < 32; ++i)
    x.values<float>()[i] = static_cast<float>(i % 2 ? 1 : 2);
  const auto out = m.run({x});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (std::vector<std::int64_t>{1, 4, 4, 3}));
  // channel c = relu(2 * w[0][c] + 1 * w[1][c]) with w = [[1,2,3],[-1,-2,-3]]
  EXPECT_FLOAT_EQ(out[0].values<float>()[0], 1.0f);
  EXPECT_FLOAT_EQ(out[0].values<float>()[1], 2.0f);
  EXPECT_FLOAT_EQ(out[0].values<float>()[2], 3.0f);
}

TEST(ModelLoad, QuantisedWeightsAreDequantised) {
  Json m = valid_model();
  auto& w = m["weightsManifest"][0]["weights"][0];
  // float16: 1, 2, 3, -1, -2, -3
  w["quantization"] = {{"dtype", "float16"}};
  const std::uint16_t h[] = {0x3c00, 0x4000, 0x4200, 0xbc00, 0xc000, 0xc200};
  std::string f16(reinterpret_cast<const char*>(h), sizeof h);
  Model a = Model::load_from_bytes(m.dump(), {{f16}}, "f16.json");
  // uint8 with min -3, scale 1: bytes 4,5,6,2,1,0 -> 1,2,3,-1,-2,-3
  w["quantization"] = {{"dtype", "uint8"}, {"min", -3.0}, {"scale", 1.0}};
  Model b =
      Model::load_from_bytes(m.dump(), {{std::string("\x04\x05\x06\x02\x01\x00", 6)}}, "u8.json");
  HostTensor x = HostTensor::zeros(DType::Float32, {1, 4, 4, 2});
  x.values<float>()[0] = 2;
  x.values<float>()[1] = 1;
  for (Model* model : {&a, &b}) {
    const auto out = model->run({x});
    EXPECT_FLOAT_EQ(out[0].values<float>()[0], 1.0f);
    EXPECT_FLOAT_EQ(out[0].values<float>()[2], 3.0f);
  }
}

TEST(ModelLoad, BadJsonSaysWhichByte) {
  try {
    Model::load_from_bytes("{\"format\": \"graph-model\", \"modelTopology\": {", {}, "bad.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Format);
    EXPECT_NE(std::string(e.what()).find("bad.json: byte "), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("not valid JSON"), std::string::npos) << e.what();
  }
}

// Regression: fuzz/regressions/graph_model/number-out-of-range escaped as nlohmann's out_of_range.
TEST(ModelLoad, NumberOutOfRangeIsAFormatError) {
  try {
    Model::load_from_bytes("444e4444444{", {}, "bad.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Format);
    EXPECT_NE(std::string(e.what()).find("bad.json: byte "), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("not valid JSON: number overflow"), std::string::npos)
        << e.what();
  }
}

TEST(ModelLoad, WrongFormatAndMissingSectionsAreNamed) {
  Json m = valid_model();
  m["format"] = "layers-model";
  expect_error(m, float_bytes(kWeights), ErrorKind::Format, "expected \"graph-model\"");
  m = valid_model();
  m.erase("modelTopology");
  expect_error(m, float_bytes(kWeights), ErrorKind::Format, "missing \"modelTopology\"");
  m = valid_model();
  m.erase("weightsManifest");
  expect_error(m, float_bytes(kWeights), ErrorKind::Format, "missing \"weightsManifest\"");
  try {
    Model::load_from_bytes("[1, 2]", {}, "bad.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("expected a JSON object"), std::string::npos);
  }
}

TEST(ModelLoad, MissingShardFileIsNotFoundNamingIt) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("podium-load-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "model.json") << valid_model().dump();
  try {
    Model::load((dir / "model.json").string());
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::NotFound);
    EXPECT_NE(std::string(e.what()).find("m.bin' is missing"), std::string::npos) << e.what();
  }
  // A short shard on disk is placed at its own path beside model.json and the byte in it.
  std::ofstream(dir / "m.bin", std::ios::binary) << float_bytes(kWeights).substr(0, 20);
  try {
    Model::load((dir / "model.json").string());
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Format);
    EXPECT_EQ(e.place().source, (dir / "m.bin").string());
    EXPECT_EQ(e.place().byte, 0u);
    EXPECT_EQ(e.place().field, "weight 'w'");
  }
  std::ofstream(dir / "m.bin", std::ios::binary) << float_bytes(kWeights);
  EXPECT_NO_THROW(Model::load((dir / "model.json").string()));
  std::filesystem::remove_all(dir);
}

TEST(ModelLoad, ShortAndLongShards) {
  const std::string bytes = float_bytes(kWeights);
  {
    const Error e = load_error(valid_model(), bytes.substr(0, 20));
    EXPECT_EQ(e.kind(), ErrorKind::Format);
    EXPECT_EQ(std::string(e.what()).rfind("m.bin: byte 0: weight 'w': needs 24 bytes", 0), 0u)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("short"), std::string::npos) << e.what();
  }
  {
    const Error e = load_error(valid_model(), bytes + "xxxx");
    EXPECT_EQ(e.kind(), ErrorKind::Format);
    EXPECT_NE(std::string(e.what()).find("holds 28 bytes, the manifest describes 24"),
              std::string::npos)
        << e.what();
  }
}

TEST(ModelLoad, ShortSecondShardIsNamedWithItsOwnOffset) {
  Json m = valid_model();
  m["weightsManifest"][0]["paths"] = {"m.bin", "m2.bin"};
  m["weightsManifest"][0]["weights"].push_back(
      {{"name", "extra"}, {"shape", {4}}, {"dtype", "float32"}});
  try {
    Model::load_from_bytes(m.dump(), {{float_bytes(kWeights), float_bytes({1, 2})}}, "bad.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Format);
    EXPECT_EQ(e.place().source, "m2.bin");
    EXPECT_EQ(e.place().byte, 0u);
    EXPECT_EQ(e.place().field, "weight 'extra'");
    EXPECT_EQ(std::string(e.what()),
              "m2.bin: byte 0: weight 'extra': needs 16 bytes, the shards hold only 8 more (shard "
              "is short)");
  }
}

TEST(ModelLoad, WeightDtypeMismatchAndUnsupportedDtypes) {
  Json m = valid_model();
  m["weightsManifest"][0]["weights"][0]["dtype"] = "int32";
  expect_error(m, float_bytes(kWeights), ErrorKind::Model, "expected DT_FLOAT");
  m["weightsManifest"][0]["weights"][0]["dtype"] = "complex64";
  {
    const Error e = load_error(m, float_bytes(kWeights));
    EXPECT_EQ(e.kind(), ErrorKind::Unsupported);
    EXPECT_NE(std::string(e.what()).find("dtype 'complex64' is not supported"), std::string::npos);
  }
  m = valid_model();
  m["weightsManifest"][0]["weights"][0]["quantization"] = {{"dtype", "int4"}};
  {
    const Error e = load_error(m, float_bytes(kWeights));
    EXPECT_EQ(e.kind(), ErrorKind::Unsupported);
    EXPECT_NE(std::string(e.what()).find("quantization dtype 'int4'"), std::string::npos);
  }
}

TEST(ModelLoad, UnknownOpsAreAllListedByName) {
  Json m = valid_model();
  node(m, "y")["op"] = "FancyActivation";
  node(m, "conv")["op"] = "Conv4D";
  const Error e = load_error(m, float_bytes(kWeights));
  EXPECT_EQ(e.kind(), ErrorKind::Unsupported);
  const std::string s = e.what();
  EXPECT_NE(s.find("unsupported ops: "), std::string::npos) << s;
  EXPECT_NE(s.find("Conv4D (1 node, e.g. 'conv')"), std::string::npos) << s;
  EXPECT_NE(s.find("FancyActivation (1 node, e.g. 'y')"), std::string::npos) << s;
}

TEST(ModelLoad, WeightShapeMismatchSaysGotAndExpected) {
  Json m = valid_model();
  node(m, "w")["attr"]["value"]["tensor"]["tensorShape"] = dims({1, 1, 2, 4});
  expect_error(m, float_bytes(kWeights), ErrorKind::Model,
               "weight shape got [1,1,2,3], expected [1,1,2,4]");
}

TEST(ModelLoad, CycleIsRejected) {
  Json m = valid_model();
  node(m, "conv")["input"] = {"y", "w"};
  m["modelTopology"]["node"].push_back({{"name", "z"}, {"op", "Identity"}, {"input", {"y"}}});
  expect_error(m, float_bytes(kWeights), ErrorKind::Model, "is part of a cycle");
}

TEST(ModelLoad, DanglingInputIsRejected) {
  Json m = valid_model();
  node(m, "y")["input"] = {"nowhere"};
  expect_error(m, float_bytes(kWeights), ErrorKind::Model,
               "node 'y' reads 'nowhere', which does not exist");
}

TEST(ModelLoad, DuplicateNodeNameIsRejected) {
  Json m = valid_model();
  m["modelTopology"]["node"].push_back({{"name", "y"}, {"op", "Relu"}, {"input", {"conv"}}});
  expect_error(m, float_bytes(kWeights), ErrorKind::Model, "node 'y' is defined twice");
}

TEST(ModelLoad, NanWeightsAreRejectedInEveryEncoding) {
  std::vector<float> w = kWeights;
  w[4] = std::nanf("");
  expect_error(valid_model(), float_bytes(w), ErrorKind::Model, "weight 'w': element 4 is NaN");
  Json m = valid_model();
  m["weightsManifest"][0]["weights"][0]["quantization"] = {{"dtype", "float16"}};
  const std::uint16_t h[] = {0x3c00, 0x7e00, 0x4200, 0xbc00, 0xc000, 0xc200};
  expect_error(m, std::string(reinterpret_cast<const char*>(h), sizeof h), ErrorKind::Model,
               "element 1 is NaN");
}

TEST(ModelLoad, NegativeDimensionsAreRejected) {
  Json m = valid_model();
  m["weightsManifest"][0]["weights"][0]["shape"] = {1, -3};
  expect_error(m, float_bytes(kWeights), ErrorKind::Format, "negative dimension -3");
}

// What loading `m` says, or "" when it loads.
std::string load_message(const Json& m) {
  try {
    Model::load_from_bytes(m.dump(), {{float_bytes(kWeights)}}, "bad.json");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

// kTensorRank (docs/limits.md): 8 dimensions pass the parser, 9 are refused at the shape's path,
// in a node's shape and in a weight's.
TEST(ModelLoad, RankPastTheLimitIsRefusedAtItsPath) {
  Json m = valid_model();
  node(m, "x")["attr"]["shape"]["shape"] = dims({1, 1, 1, 1, 1, 1, 1, 1, 1});
  EXPECT_EQ(load_error(m, float_bytes(kWeights)).kind(), ErrorKind::InvalidInput);
  EXPECT_EQ(load_message(m),
            "bad.json: node 'x': attr 'shape': shape: rank = 9: more than podium's limit of 8 "
            "dimensions per tensor (docs/limits.md)");
  node(m, "x")["attr"]["shape"]["shape"] = dims({1, 1, 1, 1, 1, 4, 4, 2});
  EXPECT_THAT(load_message(m), Not(HasSubstr("limit")));

  m = valid_model();
  Json& shape = m["weightsManifest"][0]["weights"][0]["shape"];
  shape = {1, 1, 1, 1, 1, 1, 1, 2, 3};
  EXPECT_EQ(load_message(m),
            "bad.json: weight 'w': shape: rank = 9: more than podium's limit of 8 dimensions per "
            "tensor (docs/limits.md)");
  shape = {1, 1, 1, 1, 1, 1, 2, 3};
  EXPECT_THAT(load_message(m), Not(HasSubstr("limit")));
}

// kWeightElements: counted dimension by dimension, refused at the first whose count passes 2^30
// (before anything is allocated); a count past 2^64 shows as the largest it can.
TEST(ModelLoad, WeightElementsPastTheLimitAreRefusedBeforeAllocating) {
  Json m = valid_model();
  Json& shape = m["weightsManifest"][0]["weights"][0]["shape"];
  shape = {32768, 32769, 1};
  EXPECT_EQ(load_error(m, float_bytes(kWeights)).kind(), ErrorKind::InvalidInput);
  EXPECT_EQ(load_message(m),
            "bad.json: weight 'w': shape[1]: elements = 1073774592: more than podium's limit of "
            "1073741824 elements in one weight (docs/limits.md)");
  shape = {std::int64_t{1} << 30, std::int64_t{1} << 40};
  EXPECT_THAT(load_message(m), HasSubstr("shape[1]: elements = 18446744073709551615: more than"));
  // At the limit the parser lets it through; the shards, 24 bytes, are what fall short.
  shape = {32768, 32768};
  EXPECT_THAT(load_message(m), HasSubstr("needs 4294967296 bytes, the shards hold only 24"));
}

TEST(ModelLoad, ShardPathsMustStayBesideModelJson) {
  for (const char* p : {"../m.bin", "/etc/passwd", "sub/m.bin", ".."}) {
    Json m = valid_model();
    m["weightsManifest"][0]["paths"] = {p};
    expect_error(m, float_bytes(kWeights), ErrorKind::Format, "not a plain file name");
  }
}

TEST(ModelLoad, OutputIndexAndArityAreChecked) {
  Json m = valid_model();
  node(m, "y")["input"] = {"conv:3"};
  expect_error(m, float_bytes(kWeights), ErrorKind::Model,
               "input #0 reads output 3 of 'conv', which has 1");
  m = valid_model();
  node(m, "y")["input"] = {"conv", "conv"};
  expect_error(m, float_bytes(kWeights), ErrorKind::Model, "has 2 inputs, expected 1");
}

TEST(ModelLoad, BadAttributesAreNamed) {
  Json m = valid_model();
  node(m, "conv")["attr"]["padding"] = {{"s", "***"}};
  expect_error(m, float_bytes(kWeights), ErrorKind::Format, "attr 'padding': s: invalid base64");
  node(m, "conv")["attr"]["padding"] = {{"s", "RlVMTA=="}};  // "FULL"
  expect_error(m, float_bytes(kWeights), ErrorKind::Model, "padding 'FULL' is not supported");
  node(m, "conv")["attr"]["padding"] = {{"s", "U0FNRQ=="}};
  node(m, "conv")["attr"]["strides"] = {{"list", {{"i", {"1", "0", "1", "1"}}}}};
  expect_error(m, float_bytes(kWeights), ErrorKind::Model, "strides must be [1,h,w,1]");
}

TEST(ModelLoad, WrongInputAtRunTimeSaysGotAndExpected) {
  Model m = Model::load_from_bytes(valid_model().dump(), {{float_bytes(kWeights)}}, "ok.json");
  try {
    m.run({HostTensor::zeros(DType::Float32, {1, 4, 5, 2})});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
    EXPECT_NE(std::string(e.what()).find("got float32[1,4,5,2], expected float32[1,4,4,2]"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(m.run({HostTensor::zeros(DType::Int32, {1, 4, 4, 2})}), Error);
  EXPECT_THROW(m.run({}), Error);
}

}  // namespace
}  // namespace podium::nn
