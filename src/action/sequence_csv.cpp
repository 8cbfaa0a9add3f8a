#include "podium/action/sequence_csv.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "podium/core/csv.hpp"
#include "podium/core/limits.hpp"
#include "podium/core/message.hpp"
#include "sequence_io.hpp"

namespace podium::action {
namespace {

// The per-sequence columns, checked to be the same on every row of an id.
constexpr std::array<std::string_view, 6> kSequenceColumns = {"source",      "group", "layout",
                                                              "coordinates", "fps",   "label"};

std::string csv_cell(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

struct CsvSequence {
  PoseSequence s;
  std::int64_t first_line = 0;
  std::array<std::string, kSequenceColumns.size()> fields;  // as the first row has them
  std::vector<std::string> segment_labels;
  std::vector<detail::KeypointRow> rows;
};

std::vector<Segment> segments_of(const std::vector<std::int32_t>& frame_segment,
                                 const std::vector<std::string>& labels) {
  std::vector<Segment> out;
  for (std::size_t f = 0; f < frame_segment.size(); ++f) {
    const std::int32_t g = frame_segment[f];
    if (g < 0) continue;
    const auto frame = static_cast<std::int64_t>(f);
    if (!out.empty() && out.back().end == frame &&
        out.back().label == labels[static_cast<std::size_t>(g)]) {
      out.back().end = frame + 1;
    } else {
      out.push_back({frame, frame + 1, labels[static_cast<std::size_t>(g)]});
    }
  }
  return out;
}

PoseSequence finish(CsvSequence& b, const std::string& source) {
  const detail::FilledFrames filled =
      detail::fill_keypoints(b.s, b.rows, true, source, b.first_line);
  b.rows = {};
  b.s.segments = segments_of(filled.segment, b.segment_labels);
  detail::validate_in(b.s,
                      Place{.source = source, .line = static_cast<std::uint64_t>(b.first_line)});
  return std::move(b.s);
}

}  // namespace

std::string write_sequences_csv(std::span<const PoseSequence> sequences) {
  std::string out =
      "id,source,group,layout,coordinates,fps,label,frame,segment,keypoint,x,y,score\n";
  for (const PoseSequence& s : sequences) {
    validate(s);
    for (std::size_t g = 1; g < s.segments.size(); ++g) {
      if (s.segments[g].start == s.segments[g - 1].end &&
          s.segments[g].label == s.segments[g - 1].label) {
        throw Error(ErrorKind::InvalidInput, Place{.source = s.id, .field = "segments"},
                    "two touching segments labelled " + quoted_for_message(s.segments[g].label) +
                        " would read back as one from CSV: write JSON");
      }
    }
    const std::string head = csv_cell(s.id) + ',' + csv_cell(s.source) + ',' + csv_cell(s.group) +
                             ',' + std::string(vision::layout_info(s.layout).name) + ',' +
                             std::string(coordinates_name(s.coordinates)) + ',' +
                             number_text(s.fps) + ',' + csv_cell(s.label) + ',';
    const auto names = vision::layout_info(s.layout).keypoints;
    std::size_t g = 0;
    for (std::size_t f = 0; f < s.frames; ++f) {
      const auto frame = static_cast<std::int64_t>(f);
      while (g < s.segments.size() && s.segments[g].end <= frame)
        ++g;
      const bool in = g < s.segments.size() && s.segments[g].start <= frame;
      const std::string segment = in ? csv_cell(s.segments[g].label) : "";
      for (std::size_t k = 0; k < names.size(); ++k) {
        const std::size_t i = s.at(f, k);
        out += head + std::to_string(f) + ',' + segment + ',' + std::string(names[k]) + ',' +
               detail::float_text(s.x[i]) + ',' + detail::float_text(s.y[i]) + ',' +
               detail::float_text(s.score[i]) + '\n';
      }
    }
  }
  return out;
}

std::vector<PoseSequence> parse_sequences_csv(std::string_view bytes, const std::string& source) {
  CsvReader csv(bytes, source);
  CsvRecord record = detail::read_header_row(csv, source);
  const detail::CsvHeader header(record, source,
                                 {"id", "source", "group", "layout", "coordinates", "fps", "label",
                                  "frame", "segment", "keypoint", "x", "y", "score"});
  const int c_id = header.required("id");
  header.required("layout");
  const int c_frame = header.required("frame"), c_keypoint = header.required("keypoint");
  const int c_x = header.required("x"), c_y = header.required("y");
  const int c_score = header.column("score"), c_segment = header.column("segment");
  std::array<int, kSequenceColumns.size()> c_sequence{};
  for (std::size_t i = 0; i < kSequenceColumns.size(); ++i)
    c_sequence[i] = header.column(kSequenceColumns[i]);

  std::vector<CsvSequence> building;
  std::unordered_map<std::string, std::size_t> by_id;
  while (csv.next(record)) {
    const detail::CsvRow r{record, source};
    const std::string_view id = r.text(c_id, "id");
    if (id.empty()) throw Error(ErrorKind::InvalidInput, r.at("id"), "must not be empty");
    auto [it, added] = by_id.try_emplace(std::string(id), building.size());
    if (added) {
      if (building.size() == limits::kPoseSequences) {
        throw limits::exceeded(r.at(""), "sequences", building.size() + 1, limits::kPoseSequences,
                               "sequences per file");
      }
      CsvSequence b;
      b.s.id = id;
      b.first_line = record.line;
      for (std::size_t i = 0; i < kSequenceColumns.size(); ++i)
        b.fields[i] = r.text(c_sequence[i], kSequenceColumns[i].data());
      const auto layout = vision::layout_named(b.fields[2]);
      if (!layout) {
        throw Error(ErrorKind::InvalidInput, r.at("layout"),
                    "unknown layout " + quoted_for_message(b.fields[2]) +
                        " (coco17, blazepose33, openpose18, movenet13)");
      }
      b.s.layout = *layout;
      b.s.source = b.fields[0];
      b.s.group = b.fields[1];
      b.s.label = b.fields[5];
      if (c_sequence[3] >= 0) {
        const auto c = coordinates_named(b.fields[3]);
        if (!c) {
          throw Error(ErrorKind::InvalidInput, r.at("coordinates"),
                      "unknown coordinates " + quoted_for_message(b.fields[3]) +
                          " (pixels, normalized, minmax_per_frame)");
        }
        b.s.coordinates = *c;
      }
      if (c_sequence[4] >= 0 && !b.fields[4].empty())
        b.s.fps = detail::number_field(b.fields[4], r.at("fps"));
      building.push_back(std::move(b));
    }
    CsvSequence& b = building[it->second];
    for (std::size_t i = 0; i < kSequenceColumns.size(); ++i) {
      if (!added && r.text(c_sequence[i], kSequenceColumns[i].data()) != b.fields[i]) {
        throw Error(ErrorKind::InvalidInput, r.at(kSequenceColumns[i].data()),
                    "differs from line " + std::to_string(b.first_line) + " of sequence " +
                        quoted_for_message(b.s.id) + " (" + quoted_for_message(b.fields[i]) +
                        "): it is one value per sequence");
      }
    }
    detail::KeypointRow row;
    row.line = record.line;
    row.frame = detail::integer_field(r.text(c_frame, "frame"), r.at("frame"), 0,
                                      static_cast<std::int64_t>(limits::kPoseSequenceFrames) - 1);
    const std::string_view keypoint = r.text(c_keypoint, "keypoint");
    const auto names = vision::layout_info(b.s.layout).keypoints;
    const auto k = std::find(names.begin(), names.end(), keypoint);
    if (k == names.end()) {
      throw Error(ErrorKind::InvalidInput, r.at("keypoint"),
                  quoted_for_message(keypoint) + " is not a keypoint of " +
                      std::string(vision::layout_info(b.s.layout).name));
    }
    row.keypoint = static_cast<std::uint32_t>(k - names.begin());
    row.x = static_cast<float>(detail::number_field(r.text(c_x, "x"), r.at("x")));
    row.y = static_cast<float>(detail::number_field(r.text(c_y, "y"), r.at("y")));
    row.score = static_cast<float>(detail::number_field(r.text(c_score, "score"), r.at("score")));
    const std::string_view segment = r.text(c_segment, "segment");
    if (!segment.empty()) {
      const auto l = std::find(b.segment_labels.begin(), b.segment_labels.end(), segment);
      row.segment = static_cast<std::int32_t>(l - b.segment_labels.begin());
      if (l == b.segment_labels.end()) b.segment_labels.emplace_back(segment);
    }
    b.rows.push_back(row);
  }
  std::vector<PoseSequence> out;
  out.reserve(building.size());
  for (CsvSequence& b : building)
    out.push_back(finish(b, source));
  return out;
}

}  // namespace podium::action
