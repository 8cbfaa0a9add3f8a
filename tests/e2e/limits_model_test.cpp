// Hostile model and image inputs through the podium binary (issue 11): each is made here, refused
// with exit 2 and one line naming the file and the limit, and the refusing run's peak resident
// memory stays within 1 GB (cli.hpp run_measured). docs/limits.md, "Tensors and model outputs"
// and "Images and video".
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "e2e/cli.hpp"
#include "podium/core/limits.hpp"

namespace podium::e2e {
namespace {

using Json = nlohmann::json;

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

std::string png_chunk(const std::string& type, const std::string& data) {
  const std::string body = type + data;
  const auto crc =
      crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
  return be32(static_cast<std::uint32_t>(data.size())) + body +
         be32(static_cast<std::uint32_t>(crc));
}

// An RGB PNG of w x h whose IDAT holds `rows` rows of zero pixels: all of them makes a valid
// image; fewer makes a header that declares more than it holds (a decoder fails late).
std::string png(std::uint32_t w, std::uint32_t h, std::uint32_t rows) {
  const std::string raw(static_cast<std::size_t>(rows) * (1 + 3 * w), '\0');
  std::string packed(compressBound(static_cast<uLong>(raw.size())), '\0');
  uLongf size = packed.size();
  compress(reinterpret_cast<Bytef*>(packed.data()), &size,
           reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()));
  packed.resize(size);
  return std::string("\x89PNG\r\n\x1A\n", 8) +
         png_chunk("IHDR", be32(w) + be32(h) + std::string("\x08\x02\x00\x00\x00", 5)) +
         png_chunk("IDAT", packed) + png_chunk("IEND", "");
}

std::string le16(std::uint32_t v) {
  return {static_cast<char>(v), static_cast<char>(v >> 8)};
}
std::string le32(std::uint32_t v) {
  return le16(v) + le16(v >> 16);
}

// A grey uncompressed TIFF header of w x h in one strip, without the strip: a format whose
// header podium does not read, so OpenCV's own pixel check must refuse it.
std::string tiff(std::uint32_t w, std::uint32_t h) {
  const std::pair<std::uint16_t, std::uint32_t> shorts_and_longs[] = {
      {256, w}, {257, h}, {258, 8}, {259, 1}, {262, 1}, {273, 8}, {277, 1}, {278, h}, {279, w * h}};
  std::string ifd = le16(static_cast<std::uint32_t>(std::size(shorts_and_longs)));
  for (const auto& [tag, value] : shorts_and_longs) {
    const bool is_long = tag == 256 || tag == 257 || tag == 273 || tag == 278 || tag == 279;
    ifd += le16(tag) + le16(is_long ? 4 : 3) + le32(1) + le32(value);
  }
  return std::string("II*\0", 4) + le32(8) + ifd + le32(0);
}

Json node(const std::string& name, const std::string& op, const std::vector<std::string>& in = {},
          Json attr = Json::object()) {
  return {{"name", name}, {"op", op}, {"input", in}, {"attr", std::move(attr)}};
}

class LimitsCli : public Cli {
 protected:
  // A TF.js graph model folder: input "x" float32 [1,-1,-1,3], the int32 weight "k" (the dims
  // of a Fill or the multiples of a Tile), the float weight "v" = 1, and `op` on them, the output.
  std::string model(const std::string& name, const std::string& op,
                    const std::vector<std::string>& inputs, const std::vector<std::int32_t>& k) {
    fs::create_directories(path(name));
    Json dim = Json::array();
    for (const char* d : {"1", "-1", "-1", "3"})
      dim.push_back(Json{{"size", d}});
    const Json shape = {{"dim", dim}};
    const Json nodes = Json::array(
        {node("x", "Placeholder", {},
              {{"dtype", {{"type", "DT_FLOAT"}}}, {"shape", {{"shape", shape}}}}),
         node("k", "Const", {}, {{"dtype", {{"type", "DT_INT32"}}}}),
         node("v", "Const", {}, {{"dtype", {{"type", "DT_FLOAT"}}}}), node("big", op, inputs)});
    const Json weights =
        Json::array({{{"name", "k"}, {"shape", {k.size()}}, {"dtype", "int32"}},
                     {{"name", "v"}, {"shape", Json::array()}, {"dtype", "float32"}}});
    const Json m = {{"format", "graph-model"},
                    {"modelTopology", {{"node", nodes}}},
                    {"weightsManifest", {{{"paths", {"w.bin"}}, {"weights", weights}}}}};
    const std::string json_path = path(name + "/model.json");
    write_file(json_path, m.dump());
    std::string shard(reinterpret_cast<const char*>(k.data()), k.size() * sizeof(std::int32_t));
    const float one = 1;
    shard.append(reinterpret_cast<const char*>(&one), sizeof one);
    write_file(path(name + "/w.bin"), shard);
    return json_path;
  }

  MeasuredResult nn_run(const std::string& model_json, const std::string& image) {
    return run_measured("nn run --norm raw --model " + model_json + " --input " + image +
                        " --out " + path("out.json") + " 2>&1");
  }

  // Exit 2, and one line that names `source` and states the limit.
  static void expect_refused(const MeasuredResult& r, const std::string& source,
                             const std::string& limit_text) {
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_EQ(r.out.rfind("podium: " + source + ": ", 0), 0U) << r.out;
    EXPECT_NE(r.out.find(limit_text), std::string::npos) << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
    expect_bounded_memory(r);
  }
};

TEST_F(LimitsCli, FillOf2To32ElementsIsRefusedAtLoad) {
  const std::string m = model("fill", "Fill", {"k", "v"}, {65536, 65536});
  write_file(path("pixel.png"), png(1, 1, 1));
  const MeasuredResult r = nn_run(m, path("pixel.png"));
  expect_refused(r, m,
                 "node 'big' (Fill) output = 4294967296: more than podium's limit of 67108864");
}

TEST_F(LimitsCli, TileToAHugeOutputIsRefusedBeforeItAllocates) {
  const std::string m = model("tile", "Tile", {"x", "k"}, {1, 100000, 100000, 1});
  write_file(path("pixel.png"), png(1, 1, 1));
  const MeasuredResult r = nn_run(m, path("pixel.png"));
  expect_refused(r, m,
                 "node 'big' (Tile) output = 30000000000: more than podium's limit of 67108864");
}

// 8 MB of "0," hold 4 M values (16 bytes each once parsed); at model.json's 256 MiB they would be
// 134 M (2 GiB). The JSON reader counts values as it goes and stops one past kJsonValues.
TEST_F(LimitsCli, AModelJsonOfTooManyValuesIsRefusedWhileParsing) {
  fs::create_directories(path("values"));
  std::string text = R"({"format": "graph-model", "modelTopology": {"node": [0)";
  text.reserve(text.size() + 2 * limits::kJsonValues + 8);
  for (std::uint64_t i = 0; i < limits::kJsonValues; ++i)
    text += ",0";
  text += "]}}";
  const std::string m = path("values/model.json");
  write_file(m, text);
  write_file(path("pixel.png"), png(1, 1, 1));
  expect_refused(nn_run(m, path("pixel.png")), m,
                 "values = 4000001: more than podium's limit of 4000000 values per JSON document");
}

// 25 M floats pass the op and run limits, but their JSON would pass 256 MiB.
TEST_F(LimitsCli, JsonOutputPastItsLimitIsRefusedBeforeItIsBuilt) {
  const std::string m = model("json", "Tile", {"x", "k"}, {1, 4096, 2048, 1});
  write_file(path("pixel.png"), png(1, 1, 1));
  const MeasuredResult r = nn_run(m, path("pixel.png"));
  expect_refused(r, m, "JSON output = ");
  EXPECT_NE(r.out.find("more than podium's limit of 268435456 bytes"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(path("out.json")));
}

// 1.1 MB of PNG that declares 20000 x 20000 (2.5 GB to decode) is refused from its header.
TEST_F(LimitsCli, ImageOf400MegapixelsIsRefusedBeforeDecoding) {
  const std::string m = model("fill", "Fill", {"k", "v"}, {1});
  write_file(path("big.png"), png(20000, 20000, 16));
  const MeasuredResult r = nn_run(m, path("big.png"));
  expect_refused(r, path("big.png"),
                 "pixels = 400000000: more than podium's limit of 50000000 pixels");
}

// TIFF: the backstop, OpenCV's own check, which the podium binary sets to the same limit.
TEST_F(LimitsCli, TiffOf400MegapixelsIsRefusedByOpenCvsCheck) {
  const std::string m = model("fill", "Fill", {"k", "v"}, {1});
  write_file(path("big.tif"), tiff(20000, 20000));
  const MeasuredResult r = nn_run(m, path("big.tif"));
  expect_refused(r, path("big.tif"), "pixels: more than podium's limit of 50000000 pixels");
}

}  // namespace
}  // namespace podium::e2e
