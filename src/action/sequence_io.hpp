// What podium's pose-sequence readers share (internal): validating a sequence a file described,
// with the error placed in that file, and the one way a keypoint value is written as text.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "podium/action/sequence.hpp"
#include "podium/core/csv.hpp"
#include "podium/core/error.hpp"

namespace podium::action::detail {

// validate(s), its error placed in the file: "a.json: sequences[2]: clip: frame 1 ...".
void validate_in(const PoseSequence& s, const Place& where);

// The shortest text that reads back as the same float ("" for NaN): x, y and score as the CSV
// and JSON writers print them, so that a write then a read gives the same sequence.
std::string float_text(float v);

// One keypoint of one frame as a long-format CSV row gives it (podium's sequence CSV,
// keypoints.csv), kept until the whole sequence is read.
struct KeypointRow {
  std::int64_t line = 0;
  std::int64_t frame = 0;  // as the file numbers it
  std::uint32_t keypoint = 0;
  std::int32_t segment = -1;  // the reader's index of a segment label, -1: none
  float x = 0, y = 0, score = 0;
};

// Sets s.frames, x, y and score from rows whose frames run from their first (0 when from_zero)
// to their last, each frame with at least one row; keypoints without a row are not seen.
// Returns the first frame and each frame's segment index. Error(InvalidInput) at the line of a
// repeated frame and keypoint, of a frame whose rows disagree on the segment, past
// limits::kPoseSequenceFrames, or at first_line for a frame without rows.
struct FilledFrames {
  std::int64_t first_frame = 0;
  std::vector<std::int32_t> segment;
};
FilledFrames fill_keypoints(PoseSequence& s, std::span<const KeypointRow> rows, bool from_zero,
                            const std::string& source, std::int64_t first_line);

// A CSV table's header row: which column holds each name a reader knows. Columns it does not
// know are refused (a typo would otherwise be silently ignored) unless the reader keeps others.
class CsvHeader {
 public:
  CsvHeader(const CsvRecord& header, const std::string& source,
            std::initializer_list<std::string_view> known, bool others_allowed = false);
  int column(std::string_view name) const;    // -1 when absent
  int required(std::string_view name) const;  // Error(Format) "a.csv: line 1: no column 'x'"
  std::size_t size() const { return names_.size(); }
  const std::string& name(std::size_t column) const { return names_[column]; }

 private:
  std::string source_;
  std::int64_t line_ = 0;
  std::vector<std::string> names_;
};

// The header row of a CSV table: Error(Format) "NAME: line 1: empty file: expected a header row"
// when there is none.
CsvRecord read_header_row(CsvReader& csv, const std::string& source);

// The field at `column` of a record (Error(Format) when the record is short, placed at its
// line); "" for column -1.
std::string_view field(const CsvRecord& r, int column, const std::string& source,
                       const std::string& name);
// One record of a table with the source it came from: its fields by column, and places in it.
struct CsvRow {
  const CsvRecord& record;
  const std::string& source;
  std::string_view text(int column, const std::string& name) const {
    return field(record, column, source, name);
  }
  Place at(const std::string& field_name) const {
    return Place{
        .source = source, .line = static_cast<std::uint64_t>(record.line), .field = field_name};
  }
};

// A decimal number; "" (and "nan") is NaN. Error(Format) quoting the text otherwise.
double number_field(std::string_view text, const Place& at);
// A decimal integer within [lo, hi].
std::int64_t integer_field(std::string_view text, const Place& at, std::int64_t lo,
                           std::int64_t hi);

}  // namespace podium::action::detail
