// The MOTChallenge reader and writer: the layouts it reads, each refusal with its place, the
// round trip, and the fuzz seed corpus.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/vision/mot.hpp"
#include "vision/mot_test_util.hpp"

#ifndef PODIUM_SOURCE_DIR
#error "PODIUM_SOURCE_DIR must name the source tree (fuzz corpus)"
#endif

namespace podium::vision {
namespace {

using mot_test::error_of;

std::string parse_error(const std::string& text) {
  return error_of([&] { parse_mot(text, "t.txt"); }, ErrorKind::Format);
}

TEST(MotIo, ReadsTheTrackerLayout) {
  const auto rows =
      parse_mot("1,3,10.5,20,30,40,0.9,-1,-1,-1\r\n\n2, 3 ,11,21,30,40,1,-1,-1,-1", "t");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].frame, 1);
  EXPECT_EQ(rows[0].id, 3);
  EXPECT_DOUBLE_EQ(rows[0].box.x, 10.5);
  EXPECT_DOUBLE_EQ(rows[0].box.height, 40);
  EXPECT_DOUBLE_EQ(rows[0].score, 0.9);
  EXPECT_EQ(rows[0].object_class, -1);  // x, y, z are not a class
  EXPECT_EQ(rows[0].line, 1);
  EXPECT_EQ(rows[1].line, 3);  // the blank line is counted, not read
  EXPECT_DOUBLE_EQ(rows[1].box.x, 11);
}

TEST(MotIo, ReadsGroundTruthClassesAndVisibility) {
  // MOT17 gt.txt: frame, id, box, conf (0 = ignore), class, visibility.
  const auto rows = parse_mot("1,1,912,484,97,109,0,7,1\n1,2,1338,418,167,379,1,1,0.86\n", "gt");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].object_class, 7);
  EXPECT_DOUBLE_EQ(rows[0].score, 0);
  EXPECT_DOUBLE_EQ(rows[1].visibility, 0.86);
}

TEST(MotIo, SixFieldsMeanConfOne) {
  const auto rows = parse_mot("4,2,1,2,3,4\n", "t");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_DOUBLE_EQ(rows[0].score, 1);
  EXPECT_TRUE(parse_mot("", "t").empty());
  EXPECT_TRUE(parse_mot("\n \n", "t").empty());
}

TEST(MotIo, WholeNumbersWrittenAsDecimalsAreWhole) {
  EXPECT_EQ(parse_mot("3.000,7.0,0,0,1,1,1\n", "t")[0].id, 7);
}

TEST(MotIo, RefusalsArePlaced) {
  // Column 5 of line 2 starts at byte 14 + 5.
  EXPECT_EQ(parse_error("1,1,0,0,1,1,1\n1,2,0,x,1,1,1\n"),
            "t.txt: byte 20 (line 2, column 7): bb_top: 'x' is not a number");
  EXPECT_EQ(parse_error("1,1,0,0,-1,1,1\n"),
            "t.txt: byte 8 (line 1, column 9): bb_width = -1: must be >= 0");
  EXPECT_EQ(parse_error("0,1,0,0,1,1,1\n"),
            "t.txt: byte 0 (line 1, column 1): frame = 0: must be >= 1");
  EXPECT_EQ(parse_error("1.5,1,0,0,1,1,1\n"),
            "t.txt: byte 0 (line 1, column 1): frame = 1.5: must be a whole number");
  EXPECT_EQ(parse_error("1,-1,0,0,1,1,1\n"),
            "t.txt: byte 2 (line 1, column 3): id = -1: must be >= 0");
  EXPECT_EQ(parse_error("1,1,0,0,1\n"),
            "t.txt: byte 0 (line 1): 5 fields: a MOTChallenge row has 6 to 10 (frame, id, "
            "bb_left, bb_top, bb_width, bb_height, conf, then class and visibility or x, y, z)");
  EXPECT_NE(parse_error("1,1,0,0,1,1,1,1,1,1,1,1,1,1,1,1\n").find("more than 10 fields"),
            std::string::npos);
  EXPECT_EQ(parse_error("1,1,0,0,1,1,1,-1,-1,-1\n2,1,0,0,1,1,1,1,1\n"),
            "t.txt: byte 23 (line 2): 9 fields where line 1 has 10");
  EXPECT_EQ(parse_error("1,1,0,0,1,1,1\n2,1,0,0,1,1,1\n1,1,5,5,1,1,1\n"),
            "t.txt: line 3: frame 1 has id 1 twice (first at line 1)");
  EXPECT_EQ(parse_error("1,1,0,0,1,1,nan\n"),
            "t.txt: byte 12 (line 1, column 13): conf: 'nan' is not a number");
  EXPECT_EQ(parse_error("1,1,0,0,1,1,1,1.5,1\n"),
            "t.txt: byte 14 (line 1, column 15): class = 1.5: must be a whole number");
  EXPECT_NE(parse_error("1,1,0,0,1,1,,1,1\n").find("conf: '' is not a number"), std::string::npos);
}

TEST(MotIo, AbsurdValuesMeetTheLimits) {
  EXPECT_EQ(parse_error("16777217,1,0,0,1,1,1\n"),
            "t.txt: byte 0 (line 1, column 1): frame = 16777217: more than podium's limit of "
            "16777216 frames (docs/limits.md)");
  EXPECT_EQ(parse_error("1,1,0,0,1e7,1,1\n"),
            "t.txt: byte 8 (line 1, column 9): bb_width = 1e+07: more than podium's limit of "
            "1000000 pixels (docs/limits.md)");
  std::string crowded;
  for (int id = 0; id <= 1000; ++id)
    crowded += "1," + std::to_string(id) + ",0,0,1,1,1\n";
  // As every limit (core/limits.hpp), an InvalidInput error.
  EXPECT_EQ(error_of([&] { parse_mot(crowded, "t.txt"); }, ErrorKind::InvalidInput),
            "t.txt: line 1001: boxes in frame 1 = 1001: more than podium's limit of 1000 boxes "
            "per frame (docs/limits.md)");
}

TEST(MotIo, WritesWhatItReadsBack) {
  std::vector<MotRow> rows = {mot_test::row(1, 4, 0.1, 1.0 / 3, 20.25, 1e-3),
                              mot_test::row(12, 0, -5, 7, 0, 0)};
  rows[0].score = 0.123456789;
  const std::string text = format_mot(rows);
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "1,4,0.1,0.3333333333333333,20.25,0.001,0.123456789,-1,-1,-1");
  const auto back = parse_mot(text, "back");
  ASSERT_EQ(back.size(), rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(back[i].frame, rows[i].frame);
    EXPECT_EQ(back[i].id, rows[i].id);
    EXPECT_EQ(back[i].box.x, rows[i].box.x);
    EXPECT_EQ(back[i].box.y, rows[i].box.y);
    EXPECT_EQ(back[i].box.width, rows[i].box.width);
    EXPECT_EQ(back[i].box.height, rows[i].box.height);
    EXPECT_EQ(back[i].score, rows[i].score);
  }
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("mot_io_test_" + std::to_string(getpid()) + ".txt"))
                               .string();
  write_mot(path, rows);
  EXPECT_EQ(read_file(path), text);
  EXPECT_EQ(read_mot(path).size(), 2u);
  std::filesystem::remove(path);
}

TEST(MotIo, RefusesToWriteRowsItCouldNotRead) {
  std::vector<MotRow> rows = {mot_test::row(0, 1, 0)};
  error_of([&] { format_mot(rows); }, ErrorKind::InvalidInput);
  rows = {mot_test::row(1, 1, 0, 0, -1)};
  error_of([&] { format_mot(rows); }, ErrorKind::InvalidInput);
}

TEST(MotIo, MissingFileIsNotFound) {
  error_of([] { read_mot("/nonexistent/gt.txt"); }, ErrorKind::NotFound);
}

// Every seed of fuzz/corpus/mot parses (ok-*) or is refused with a Format error (bad-*).
TEST(MotIo, FuzzCorpus) {
  const std::filesystem::path dir = std::filesystem::path(PODIUM_SOURCE_DIR) / "fuzz/corpus/mot";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    ++files;
    const std::string name = entry.path().filename().string();
    const std::string bytes = read_file(entry.path().string());
    if (name.starts_with("bad-")) {
      error_of([&] { parse_mot(bytes, name); }, ErrorKind::Format);
    } else {
      EXPECT_NO_THROW(parse_mot(bytes, name)) << name;
    }
  }
  EXPECT_GE(files, 4);
}

}  // namespace
}  // namespace podium::vision
