#include "podium/action/keypoints_csv.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "testkit/throws_error.hpp"

namespace podium::action {
namespace {

using ::testing::HasSubstr;
using testkit::ThrowsError;

// keypoints.csv as `podium video analyze` writes it: track 3 over video frames 10..13 at 30 fps
// (smoothed x, y differ from raw), track 7 over frames 11..12; the wrist of track 3 is hidden in
// frame 12.
std::string analyze_output(vision::Layout layout = vision::Layout::Coco17) {
  std::string out = "frame,time_s,track_id,keypoint,x,y,score,raw_x,raw_y,x_m,y_m\n";
  const auto names = vision::layout_info(layout).keypoints;
  const auto rows = [&](int track, int first, int last) {
    for (int f = first; f <= last; ++f) {
      for (std::size_t k = 0; k < names.size(); ++k) {
        const bool hidden = track == 3 && f == 12 && names[k] == "left_wrist";
        const std::string raw =
            hidden ? ","
                   : std::to_string(f * 10 + static_cast<int>(k)) + "," + std::to_string(track);
        out += std::to_string(f) + "," + std::to_string(f / 30.0) + "," + std::to_string(track) +
               "," + std::string(names[k]) + ",1,1,0.5," + raw + ",,\n";
      }
    }
  };
  rows(3, 10, 13);
  rows(7, 11, 12);
  return out;
}

TEST(KeypointsCsv, OneSequencePerTrackFromTheRawPositions) {
  const auto tracks = parse_keypoints_csv(analyze_output(), "k.csv", "clip");
  ASSERT_EQ(tracks.size(), 2u);
  const TrackSequence& t = tracks[0];
  EXPECT_EQ(t.track_id, 3);
  EXPECT_EQ(t.first_frame, 10);
  const PoseSequence& s = t.sequence;
  EXPECT_EQ(s.id, "clip#3");
  EXPECT_EQ(s.group, "clip");
  EXPECT_EQ(s.layout, vision::Layout::Coco17);
  EXPECT_EQ(s.coordinates, Coordinates::Pixels);
  EXPECT_EQ(s.frames, 4u);
  EXPECT_NEAR(s.fps, 30, 0.01);     // time_s written to 6 decimals
  EXPECT_EQ(s.x[s.at(1, 5)], 115);  // frame 11, left_shoulder: raw_x, not the smoothed 1
  EXPECT_EQ(s.y[s.at(1, 5)], 3);
  EXPECT_EQ(s.score[s.at(1, 5)], 0.5F);
  EXPECT_TRUE(std::isnan(s.x[s.at(2, 9)]));  // the hidden wrist
  EXPECT_EQ(tracks[1].sequence.frames, 2u);
  EXPECT_NEAR(tracks[0].times_s[0], 10 / 30.0, 1e-6);
}

TEST(KeypointsCsv, TheLayoutComesFromTheNamesAndOneTrackCanBeChosen) {
  const auto blaze =
      parse_keypoints_csv(analyze_output(vision::Layout::BlazePose33), "k.csv", "clip", 7);
  ASSERT_EQ(blaze.size(), 1u);
  EXPECT_EQ(blaze[0].sequence.layout, vision::Layout::BlazePose33);
  EXPECT_EQ(blaze[0].track_id, 7);
  EXPECT_THAT([&] { parse_keypoints_csv(analyze_output(), "k.csv", "clip", 4); },
              ThrowsError(ErrorKind::NotFound, "k.csv: no rows of track 4"));
}

TEST(KeypointsCsv, SegmentLabelsInSecondsOrFramesLabelTheirTracks) {
  auto tracks = parse_keypoints_csv(analyze_output(), "k.csv", "clip");
  const auto seconds = parse_segment_labels(
      "track_id,start_s,end_s,label\n3,0.38,0.42,swing\n,0.0,0.37,ready\n", "l.csv");
  apply_segment_labels(tracks, seconds, "l.csv");
  // Track 3's times: 0.333, 0.367, 0.4, 0.433.
  ASSERT_EQ(tracks[0].sequence.segments.size(), 2u);
  EXPECT_EQ(tracks[0].sequence.segments[0].label, "ready");
  EXPECT_EQ(tracks[0].sequence.segments[0].end, 2);
  EXPECT_EQ(tracks[0].sequence.segments[1].start, 2);
  EXPECT_EQ(tracks[0].sequence.segments[1].end, 3);
  ASSERT_EQ(tracks[1].sequence.segments.size(), 1u);  // track 7 from 0.367: ready only
  EXPECT_EQ(tracks[1].sequence.segments[0].end, 1);

  const auto frames = parse_segment_labels("start_frame,end_frame,label\n11,13,rep\n", "l.csv");
  apply_segment_labels(tracks, frames, "l.csv");
  EXPECT_EQ(tracks[0].sequence.segments[0].start, 1);
  EXPECT_EQ(tracks[0].sequence.segments[0].end, 3);
  EXPECT_EQ(tracks[1].sequence.segments[0].start, 0);
  EXPECT_EQ(tracks[1].sequence.segments[0].end, 2);
}

TEST(KeypointsCsv, EachBadFileIsOneLocatedError) {
  const std::string head = "frame,time_s,track_id,keypoint,score,raw_x,raw_y\n";
  const auto bad = [&](const std::string& rows, ErrorKind kind, const std::string& message) {
    EXPECT_THAT([&] { parse_keypoints_csv(head + rows, "k.csv", "c"); },
                ThrowsError(kind, HasSubstr(message)))
        << message;
  };
  EXPECT_THAT([&] { parse_keypoints_csv("frame,time_s,track_id,keypoint,x,y\n", "k.csv", "c"); },
              ThrowsError(ErrorKind::Format, "k.csv: line 1: no column 'score'"));
  bad("0,0,1,nose,0.5,1,2\n0,0,1,neck,0.5,1,2\n0,0,1,left_heel,0.5,1,2\n", ErrorKind::InvalidInput,
      "k.csv: line 2: track 1: its keypoint names are not all of one");
  bad("0,0,1,nose,0.5,1,2\n0,0.1,1,left_eye,0.5,1,2\n", ErrorKind::InvalidInput,
      "k.csv: line 3: time_s: differs from another row of frame 0");
  bad("0,0,1,nose,0.5,1,2\n1,0,1,nose,0.5,1,2\n", ErrorKind::InvalidInput,
      "time_s of frame 1 is not after the previous frame's");
  bad("0,0,1,nose,0.5,1,2\n2,0.1,1,nose,0.5,1,2\n", ErrorKind::InvalidInput,
      "k.csv: line 2: 'c#1' has no row for frame 1");
  bad("0,0,x,nose,0.5,1,2\n", ErrorKind::Format, "k.csv: line 2: track_id: 'x' is not an integer");
  bad("0,,1,nose,0.5,1,2\n", ErrorKind::InvalidInput, "k.csv: line 2: time_s: must be");
  EXPECT_THAT([&] { parse_segment_labels("start_s,end_frame,label\n", "l.csv"); },
              ThrowsError(ErrorKind::Format, HasSubstr("no column 'end_s'")));
  EXPECT_THAT(
      [&] { parse_segment_labels("start_s,end_s,label\n2,1,x\n", "l.csv"); },
      ThrowsError(ErrorKind::InvalidInput, "l.csv: line 2: end_s: must be a number above start_s"));
  auto tracks = parse_keypoints_csv(analyze_output(), "k.csv", "clip");
  const auto overlapping =
      parse_segment_labels("start_frame,end_frame,label\n10,12,a\n11,13,b\n", "l.csv");
  EXPECT_THAT(
      [&] { apply_segment_labels(tracks, overlapping, "l.csv"); },
      ThrowsError(ErrorKind::InvalidInput, "l.csv: line 3: overlaps another segment of track 3"));
}

}  // namespace
}  // namespace podium::action
