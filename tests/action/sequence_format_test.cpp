// podium's own sequence formats, CSV and JSON: write then read gives the same sequences, and
// each kind of bad file is one located error.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "podium/action/sequence_csv.hpp"
#include "podium/action/sequence_json.hpp"
#include "sequence_test_util.hpp"
#include "testkit/throws_error.hpp"

namespace podium::action {
namespace {

using test_sequences::numbered;
using test_sequences::same_sequence;
using ::testing::HasSubstr;
using testkit::ThrowsError;

std::vector<PoseSequence> every_layout() {
  std::vector<PoseSequence> out;
  for (const vision::Layout l : {vision::Layout::Coco17, vision::Layout::BlazePose33,
                                 vision::Layout::OpenPose18, vision::Layout::MoveNet13}) {
    out.push_back(numbered(l, 5, l == vision::Layout::BlazePose33));
  }
  out[0].segments = {{0, 2, "backswing"}, {3, 5, "follow, \"through\""}};
  out[1].coordinates = Coordinates::MinMaxPerFrame;
  out[1].fps = 0;
  out[1].label = "";
  out[2].id = "pose trainer/bicep_bad_1, with a comma";
  out[2].fps = 29.97;
  out[3].coordinates = Coordinates::Normalized;
  out[3].x[7] = 0.1F;  // a float with no short decimal form
  out[3].y[7] = 1e-30F;
  return out;
}

TEST(SequenceFormats, JsonWriteThenReadIsIdentical) {
  const std::vector<PoseSequence> in = every_layout();
  const std::string text = write_sequences_json(in);
  const std::vector<PoseSequence> out = parse_sequences_json(text, "a.json");
  ASSERT_EQ(out.size(), in.size());
  for (std::size_t i = 0; i < in.size(); ++i)
    EXPECT_TRUE(same_sequence(in[i], out[i])) << i;
  EXPECT_EQ(write_sequences_json(out), text);
}

TEST(SequenceFormats, CsvWriteThenReadIsIdentical) {
  const std::vector<PoseSequence> in = every_layout();
  const std::string text = write_sequences_csv(in);
  const std::vector<PoseSequence> out = parse_sequences_csv(text, "a.csv");
  ASSERT_EQ(out.size(), in.size());
  for (std::size_t i = 0; i < in.size(); ++i)
    EXPECT_TRUE(same_sequence(in[i], out[i])) << i;
  EXPECT_EQ(write_sequences_csv(out), text);
}

TEST(SequenceFormats, CsvAsASpreadsheetWritesIt) {
  // Columns in another order, rows shuffled, a keypoint left out, no score, CRLF.
  const std::string text =
      "frame,keypoint,x,y,id,layout,label,segment\r\n"
      "1,nose,3,4,clip,movenet13,squat,down\r\n"
      "0,nose,1,2,clip,movenet13,squat,\r\n"
      "0,left_shoulder,5,6,clip,movenet13,squat,\r\n";
  const std::vector<PoseSequence> out = parse_sequences_csv(text, "a.csv");
  ASSERT_EQ(out.size(), 1u);
  const PoseSequence& s = out[0];
  EXPECT_EQ(s.frames, 2u);
  EXPECT_EQ(s.layout, vision::Layout::MoveNet13);
  EXPECT_EQ(s.coordinates, Coordinates::Pixels);
  EXPECT_EQ(s.fps, 0);
  EXPECT_EQ(s.label, "squat");
  EXPECT_EQ(s.x[s.at(1, 0)], 3);
  EXPECT_EQ(s.y[s.at(0, 1)], 6);
  EXPECT_TRUE(std::isnan(s.x[s.at(1, 1)]));
  EXPECT_TRUE(std::isnan(s.score[0]));
  ASSERT_EQ(s.segments.size(), 1u);
  EXPECT_EQ(s.segments[0].start, 1);
  EXPECT_EQ(s.segments[0].label, "down");
}

TEST(SequenceFormats, CsvRefusesTouchingSegmentsOfOneLabelItCouldNotReadBack) {
  std::vector<PoseSequence> in = {numbered(vision::Layout::Coco17, 4)};
  in[0].segments = {{0, 2, "rep"}, {2, 4, "rep"}};
  EXPECT_THAT([&] { write_sequences_csv(in); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("write JSON")));
  EXPECT_EQ(parse_sequences_json(write_sequences_json(in), "a.json")[0].segments.size(), 2u);
}

TEST(SequenceFormats, EachBadCsvIsOneLocatedError) {
  const std::string head = "id,layout,frame,keypoint,x,y,score,label\n";
  const auto bad = [&](const std::string& rows, ErrorKind kind, const std::string& message) {
    EXPECT_THAT([&] { parse_sequences_csv(head + rows, "a.csv"); },
                ThrowsError(kind, HasSubstr(message)))
        << message;
  };
  EXPECT_THAT([&] { parse_sequences_csv("", "a.csv"); },
              ThrowsError(ErrorKind::Format, "a.csv: line 1: empty file: expected a header row"));
  EXPECT_THAT([&] { parse_sequences_csv("id,layout,frame,keypoint,x\n", "a.csv"); },
              ThrowsError(ErrorKind::Format, "a.csv: line 1: no column 'y'"));
  EXPECT_THAT([&] { parse_sequences_csv("id,layout,frame,keypoint,x,y,colour\n", "a.csv"); },
              ThrowsError(ErrorKind::Format, "a.csv: line 1: unknown column 'colour'"));
  bad("a,coco18,0,nose,1,2,,\n", ErrorKind::InvalidInput,
      "a.csv: line 2: layout: unknown layout 'coco18'");
  bad("a,coco17,0,neck,1,2,,\n", ErrorKind::InvalidInput,
      "a.csv: line 2: keypoint: 'neck' is not a keypoint of coco17");
  bad("a,coco17,0,nose,1x,2,,\n", ErrorKind::Format, "a.csv: line 2: x: '1x' is not a finite");
  bad("a,coco17,0,nose,1,2\n", ErrorKind::Format, "a.csv: line 2: 6 fields: no value for column");
  bad("a,coco17,-1,nose,1,2,,\n", ErrorKind::InvalidInput, "a.csv: line 2: frame = -1: must be");
  bad("a,coco17,0,nose,1,2,,\na,coco17,0,nose,1,2,,\n", ErrorKind::InvalidInput,
      "a.csv: line 3: a second row for frame 0 keypoint 'nose'");
  bad("a,coco17,0,nose,1,2,,x\na,coco17,1,nose,1,2,,y\n", ErrorKind::InvalidInput,
      "a.csv: line 3: label: differs from line 2 of sequence 'a'");
  bad("a,coco17,1,nose,1,2,,\n", ErrorKind::InvalidInput,
      "a.csv: line 2: 'a' has no row for frame 0");
  bad("a,coco17,0,nose,1,,,\n", ErrorKind::InvalidInput,
      "a.csv: line 2: a: frame 0 keypoint 0: x and y must both be finite, or both NaN");
  bad("a,coco17,0,nose,1,2,1.5,\n", ErrorKind::InvalidInput, "score: must be within 0..1");
  bad("a,coco17,600000,nose,1,2,,\n", ErrorKind::InvalidInput, "frame = 600000: must be within");
}

TEST(SequenceFormats, EachBadJsonIsOneLocatedError) {
  const auto bad = [&](const std::string& text, const std::string& message) {
    EXPECT_THAT([&] { parse_sequences_json(text, "a.json"); },
                ThrowsError(ErrorKind::Format, HasSubstr(message)))
        << message;
  };
  const std::string head = R"({"format":"podium.pose_sequences","version":1,"sequences":[)";
  const std::string ok = R"("layout":"movenet13","coordinates":"pixels","frames":1)";
  const std::string xy =
      R"(,"x":[1,2,3,4,5,6,7,8,9,10,11,12,13],"y":[1,2,3,4,5,6,7,8,9,10,11,12,13])";
  EXPECT_EQ(parse_sequences_json(head + "{\"id\":\"a\"," + ok + xy + "}]}", "a.json").size(), 1u);
  bad("[", "a.json: byte 2 (line 1, column 2): not valid JSON");
  bad(R"({"format":"other","version":1,"sequences":[]})", "a.json: format: expected");
  bad(R"({"format":"podium.pose_sequences","version":2,"sequences":[]})", "a.json: version");
  bad(head + "{" + ok + xy + "}]}", "a.json: sequences[0]: missing \"id\"");
  bad(head + R"({"id":"a","layout":"coco18","coordinates":"pixels","frames":1)" + xy + "}]}",
      "a.json: sequences[0].layout: unknown layout 'coco18'");
  bad(head + "{\"id\":\"a\"," + ok + R"(,"x":[1],"y":[1]}]})",
      "a.json: sequences[0].x: expected 13 numbers, got 1");
  bad(head + "{\"id\":\"a\"," + ok + xy + "},{\"id\":\"a\"," + ok + xy + "}]}",
      "a.json: sequences[1].id: 'a' is the id of an earlier sequence");
  bad(head + "{\"id\":\"a\"," + ok + xy + R"(,"segments":[{"start":0,"end":1,"label":"x"},{}]}]})",
      "a.json: sequences[0].segments: 2 entries, at most 1 supported");
  EXPECT_THAT(
      [&] {
        parse_sequences_json(head + "{\"id\":\"a\"," + ok + xy +
                                 R"(,"segments":[{"start":0,"end":2,"label":"x"}]}]})",
                             "a.json");
      },
      ThrowsError(ErrorKind::InvalidInput,
                  HasSubstr("a.json: sequences[0]: a: segments[0]: [0, 2) must be")));
}

}  // namespace
}  // namespace podium::action
