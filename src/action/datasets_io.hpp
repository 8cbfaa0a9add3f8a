// What the importers of the shared sets share (internal): their index.csv and the files it lists.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "podium/action/sequence.hpp"

namespace podium::action::detail {

// A set's index.csv: one row per data file.
struct IndexTable {
  std::string dir;
  std::string path;  // dir/index.csv
  std::vector<std::string> columns;
  std::vector<std::int64_t> lines;
  std::vector<std::vector<std::string>> rows;

  // The value of `column` in row `row` (Error(Format) naming index.csv when there is no such
  // column).
  const std::string& at(std::size_t row, std::string_view column) const;
  // dir/<file of row>: Error(InvalidInput) at the row's line for an absolute path or one with "..".
  std::string file(std::size_t row) const;
  // The `file` column without its extension, folders kept ("alcaraz/serve_001"): unique in a set
  // where the bare stem is not (every tennis video has a serve_001).
  std::string file_without_extension(std::size_t row) const;
  // The file's name without folder and extension: "bicep_bad_1".
  std::string stem(std::size_t row) const;
};

IndexTable read_index(const std::string& dir);

// A CSV of one row per frame with <keypoint>_x and <keypoint>_y (and <keypoint>_score when
// `scores`) for every keypoint of s.layout, plus only the columns in `others`. Fills s.frames, x,
// y and score (NaN without scores); returns each row's value of `label_column` ("" for none),
// which must be the same on every row.
std::string read_wide_csv(std::string_view bytes, const std::string& source, PoseSequence& s,
                          bool scores, const std::vector<std::string>& others,
                          const std::string& label_column);

}  // namespace podium::action::detail
