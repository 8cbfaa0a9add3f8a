#include "datasets_io.hpp"

#include <algorithm>
#include <filesystem>
#include <limits>

#include "podium/core/csv.hpp"
#include "podium/core/file.hpp"
#include "podium/core/limits.hpp"
#include "podium/core/message.hpp"
#include "sequence_io.hpp"

namespace podium::action::detail {

const std::string& IndexTable::at(std::size_t row, std::string_view column) const {
  const auto it = std::find(columns.begin(), columns.end(), column);
  if (it == columns.end()) {
    throw Error(ErrorKind::Format, Place{.source = path, .line = 1},
                "no column '" + std::string(column) + "'");
  }
  const auto c = static_cast<std::size_t>(it - columns.begin());
  if (c >= rows[row].size()) {
    throw Error(ErrorKind::Format,
                Place{.source = path, .line = static_cast<std::uint64_t>(lines[row])},
                "no value for column '" + std::string(column) + "'");
  }
  return rows[row][c];
}

std::string IndexTable::file(std::size_t row) const {
  const std::filesystem::path name(at(row, "file"));
  const bool escapes = std::any_of(name.begin(), name.end(),
                                   [](const std::filesystem::path& p) { return p == ".."; });
  if (name.empty() || name.is_absolute() || escapes) {
    throw Error(
        ErrorKind::InvalidInput,
        Place{.source = path, .line = static_cast<std::uint64_t>(lines[row]), .field = "file"},
        quoted_for_message(at(row, "file")) + " must be a relative path inside the set's folder");
  }
  return (std::filesystem::path(dir) / name).string();
}

std::string IndexTable::file_without_extension(std::size_t row) const {
  return std::filesystem::path(at(row, "file")).replace_extension().generic_string();
}

std::string IndexTable::stem(std::size_t row) const {
  return std::filesystem::path(at(row, "file")).stem().string();
}

IndexTable read_index(const std::string& dir) {
  IndexTable t;
  t.dir = dir;
  t.path = (std::filesystem::path(dir) / "index.csv").string();
  const std::string bytes = read_file(t.path);
  CsvReader csv(bytes, t.path);
  CsvRecord record = read_header_row(csv, t.path);
  for (const std::string_view f : record.fields)
    t.columns.emplace_back(f);
  while (csv.next(record)) {
    if (t.rows.size() == limits::kPoseSequences) {
      throw limits::exceeded(
          Place{.source = t.path, .line = static_cast<std::uint64_t>(record.line)}, "files",
          t.rows.size() + 1, limits::kPoseSequences, "sequences per set");
    }
    t.lines.push_back(record.line);
    t.rows.emplace_back(record.fields.begin(), record.fields.end());
  }
  return t;
}

std::string read_wide_csv(std::string_view bytes, const std::string& source, PoseSequence& s,
                          bool scores, const std::vector<std::string>& others,
                          const std::string& label_column) {
  CsvReader csv(bytes, source);
  CsvRecord record = read_header_row(csv, source);
  const CsvHeader header(record, source, {}, true);
  const auto names = vision::layout_info(s.layout).keypoints;
  std::vector<std::string> wanted = others;
  if (!label_column.empty()) wanted.push_back(label_column);
  std::vector<int> cx, cy, cs;
  for (const std::string_view k : names) {
    const std::string name(k);
    cx.push_back(header.required(name + "_x"));
    cy.push_back(header.required(name + "_y"));
    cs.push_back(scores ? header.required(name + "_score") : -1);
    wanted.insert(wanted.end(), {name + "_x", name + "_y", name + "_score"});
  }
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (std::find(wanted.begin(), wanted.end(), header.name(c)) == wanted.end() ||
        (!scores && header.name(c).ends_with("_score"))) {
      throw Error(ErrorKind::Format, Place{.source = source, .line = 1},
                  "unknown column " + quoted_for_message(header.name(c)));
    }
  }
  const int c_label = label_column.empty() ? -1 : header.required(label_column);
  const int c_frame = header.column("frame");
  std::string label;
  s.frames = 0;
  s.x.clear();
  s.y.clear();
  s.score.clear();
  while (csv.next(record)) {
    const CsvRow r{record, source};
    if (s.frames == limits::kPoseSequenceFrames) {
      throw limits::exceeded(r.at(""), "frames", s.frames + 1, limits::kPoseSequenceFrames,
                             "frames per sequence");
    }
    if (c_frame >= 0) {
      integer_field(r.text(c_frame, "frame"), r.at("frame"), static_cast<std::int64_t>(s.frames),
                    static_cast<std::int64_t>(s.frames));
    }
    if (c_label >= 0) {
      const std::string_view l = r.text(c_label, label_column);
      if (s.frames == 0) label = l;
      if (l != label) {
        throw Error(
            ErrorKind::InvalidInput, r.at(label_column),
            quoted_for_message(l) + " differs from the first row's " + quoted_for_message(label));
      }
    }
    for (std::size_t k = 0; k < names.size(); ++k) {
      const std::string name(names[k]);
      s.x.push_back(
          static_cast<float>(number_field(r.text(cx[k], name + "_x"), r.at(name + "_x"))));
      s.y.push_back(
          static_cast<float>(number_field(r.text(cy[k], name + "_y"), r.at(name + "_y"))));
      s.score.push_back(scores ? static_cast<float>(number_field(r.text(cs[k], name + "_score"),
                                                                 r.at(name + "_score")))
                               : std::numeric_limits<float>::quiet_NaN());
    }
    ++s.frames;
  }
  return label;
}

}  // namespace podium::action::detail
