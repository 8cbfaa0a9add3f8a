// The MOTChallenge text format: a strict line reader that places every refusal at its byte,
// line and column, the writer of the 10-field tracker layout, and the row checks the evaluation
// repeats for rows made in memory.
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <string>
#include <system_error>

#include "mot_detail.hpp"
#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/core/limits.hpp"
#include "podium/core/message.hpp"
#include "podium/vision/mot.hpp"

namespace podium::vision {
namespace {

constexpr std::size_t kMotMinFields = 6;
constexpr std::size_t kMotMaxFields = 10;
// Ids are read as doubles: beyond 2^53 two ids could read as one.
constexpr double kMotMaxId = 9007199254740992.0;
// A class only has to fit an int; the evaluation names the valid ones (1..13).
constexpr double kMotMaxClass = 1e6;

const char* mot_field_name(std::size_t index, std::size_t fields) {
  static constexpr std::array<const char*, kMotMaxFields> kNames = {
      "frame", "id", "bb_left", "bb_top", "bb_width", "bb_height", "conf", "x", "y", "z"};
  if (fields <= 9 && index == 7) return "class";
  if (fields <= 9 && index == 8) return "visibility";
  return kNames[index];
}

// One field of one line: its text (spaces around it trimmed) and where it starts.
struct MotField {
  std::string_view text;
  std::size_t offset = 0;  // from the start of the line
};

class MotLineReader {
 public:
  MotLineReader(std::string_view text, const std::string& source) : text_(text), source_(source) {}

  std::vector<MotRow> read() {
    std::vector<MotRow> rows;
    std::size_t pos = 0;
    std::uint64_t line = 0;
    while (pos < text_.size()) {
      ++line;
      const std::size_t end = std::min(text_.find('\n', pos), text_.size());
      std::string_view body = text_.substr(pos, end - pos);
      if (!body.empty() && body.back() == '\r') body.remove_suffix(1);
      if (body.find_first_not_of(" \t") != std::string_view::npos) {
        if (rows.size() == limits::kMotRows) {
          throw limits::exceeded(Place{.source = source_, .line = line}, "rows",
                                 limits::kMotRows + 1, limits::kMotRows, "rows per MOT file");
        }
        rows.push_back(read_row(body, pos, line));
      }
      pos = end + 1;
    }
    mot_detail::check_rows(rows, source_, ErrorKind::Format);
    return rows;
  }

 private:
  Place place(std::size_t line_start, std::uint64_t line, const MotField& f,
              std::string field = "") const {
    return Place{.source = source_,
                 .byte = line_start + f.offset,
                 .line = line,
                 .column = f.offset + 1,
                 .field = std::move(field)};
  }

  std::vector<MotField> split(std::string_view body) const {
    std::vector<MotField> fields;
    std::size_t start = 0;
    while (fields.size() <= kMotMaxFields) {
      const std::size_t comma = std::min(body.find(',', start), body.size());
      std::string_view t = body.substr(start, comma - start);
      std::size_t lead = 0;
      while (lead < t.size() && (t[lead] == ' ' || t[lead] == '\t'))
        ++lead;
      t.remove_prefix(lead);
      while (!t.empty() && (t.back() == ' ' || t.back() == '\t'))
        t.remove_suffix(1);
      fields.push_back({t, start + lead});
      if (comma == body.size()) break;
      start = comma + 1;
    }
    return fields;
  }

  double number(const MotField& f, std::size_t index, std::size_t line_start,
                std::uint64_t line) const {
    double v = 0;
    const char* first = f.text.data();
    const char* last = first + f.text.size();
    if (first != last && *first == '+') ++first;
    const auto [ptr, ec] = std::from_chars(first, last, v);
    const char* name = mot_field_name(index, fields_);
    if (f.text.empty() || ec != std::errc() || ptr != last || !std::isfinite(v)) {
      throw Error(ErrorKind::Format, place(line_start, line, f, name),
                  quoted_for_message(f.text) + " is not a number");
    }
    return v;
  }

  [[noreturn]] void refuse(const MotField& f, std::size_t index, double v, std::size_t line_start,
                           std::uint64_t line, const std::string& rule) const {
    Place p = place(line_start, line, f, mot_field_name(index, fields_));
    p.value = number_text(v);
    throw Error(ErrorKind::Format, std::move(p), rule);
  }

  std::int64_t whole(const MotField& f, std::size_t index, std::size_t line_start,
                     std::uint64_t line, double min, double max,
                     const std::string& max_rule) const {
    const double v = number(f, index, line_start, line);
    if (v != std::floor(v)) refuse(f, index, v, line_start, line, "must be a whole number");
    if (v < min) refuse(f, index, v, line_start, line, "must be >= " + number_text(min));
    if (v > max) refuse(f, index, v, line_start, line, max_rule);
    return static_cast<std::int64_t>(v);
  }

  MotRow read_row(std::string_view body, std::size_t line_start, std::uint64_t line) {
    const std::vector<MotField> f = split(body);
    if (f.size() < kMotMinFields || f.size() > kMotMaxFields) {
      const std::string count =
          f.size() > kMotMaxFields ? "more than 10" : std::to_string(f.size());
      throw Error(ErrorKind::Format, Place{.source = source_, .byte = line_start, .line = line},
                  count +
                      " fields: a MOTChallenge row has 6 to 10 (frame, id, bb_left, bb_top, "
                      "bb_width, bb_height, conf, then class and visibility or x, y, z)");
    }
    if (fields_ == 0) {
      fields_ = f.size();
      first_line_ = line;
    } else if (f.size() != fields_) {
      throw Error(ErrorKind::Format, Place{.source = source_, .byte = line_start, .line = line},
                  std::to_string(f.size()) + " fields where line " + std::to_string(first_line_) +
                      " has " + std::to_string(fields_));
    }
    MotRow row;
    row.line = static_cast<std::int64_t>(line);
    row.frame = whole(f[0], 0, line_start, line, 1, static_cast<double>(limits::kMotFrames),
                      "more than podium's limit of 16777216 frames (docs/limits.md)");
    row.id = whole(f[1], 1, line_start, line, 0, kMotMaxId, "must be at most 2^53");
    constexpr auto kPixels = static_cast<double>(limits::kMotCoordinatePixels);
    std::array<double, 4> box{};
    for (std::size_t i = 0; i < 4; ++i) {
      const double v = number(f[2 + i], 2 + i, line_start, line);
      if (i >= 2 && v < 0) refuse(f[2 + i], 2 + i, v, line_start, line, "must be >= 0");
      if (std::fabs(v) > kPixels) {
        refuse(f[2 + i], 2 + i, v, line_start, line,
               "more than podium's limit of 1000000 pixels (docs/limits.md)");
      }
      box[i] = v;
    }
    row.box = {.x = box[0], .y = box[1], .width = box[2], .height = box[3]};
    if (fields_ >= 7) row.score = number(f[6], 6, line_start, line);
    if (fields_ == 8 || fields_ == 9) {
      row.object_class =
          static_cast<int>(whole(f[7], 7, line_start, line, -kMotMaxClass, kMotMaxClass,
                                 "must be at most " + number_text(kMotMaxClass)));
    }
    if (fields_ == 9) row.visibility = number(f[8], 8, line_start, line);
    if (fields_ == 10) {
      for (std::size_t i = 7; i < 10; ++i)
        number(f[i], i, line_start, line);
    }
    return row;
  }

  std::string_view text_;
  const std::string& source_;
  std::size_t fields_ = 0;
  std::uint64_t first_line_ = 0;
};

Place mot_row_place(const std::string& source, const MotRow& row, std::size_t index) {
  if (row.line > 0) return Place{.source = source, .line = static_cast<std::uint64_t>(row.line)};
  return Place{.source = source, .record = index + 1};
}

}  // namespace

namespace mot_detail {

void check_rows(std::span<const MotRow> rows, const std::string& source, ErrorKind kind) {
  std::vector<std::size_t> order(rows.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (rows[a].frame != rows[b].frame) return rows[a].frame < rows[b].frame;
    if (rows[a].id != rows[b].id) return rows[a].id < rows[b].id;
    return a < b;
  });
  // The earliest offence in file order, so the message does not depend on the sort.
  std::size_t bad = rows.size(), first = 0;
  bool repeated = false;
  std::size_t run = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const MotRow& r = rows[order[k]];
    run = (k > 0 && rows[order[k - 1]].frame == r.frame) ? run + 1 : 1;
    if (run > limits::kMotBoxesPerFrame && order[k] < bad) {
      bad = order[k];
      repeated = false;
    }
    if (k > 0 && rows[order[k - 1]].frame == r.frame && rows[order[k - 1]].id == r.id &&
        order[k] < bad) {
      bad = order[k];
      first = order[k - 1];
      repeated = true;
    }
  }
  if (bad == rows.size()) return;
  const MotRow& r = rows[bad];
  if (!repeated) {
    throw limits::exceeded(
        mot_row_place(source, r, bad), "boxes in frame " + std::to_string(r.frame),
        limits::kMotBoxesPerFrame + 1, limits::kMotBoxesPerFrame, "boxes per frame");
  }
  const MotRow& f = rows[first];
  const std::string where =
      f.line > 0 ? "line " + std::to_string(f.line) : "record " + std::to_string(first + 1);
  throw Error(kind, mot_row_place(source, r, bad),
              "frame " + std::to_string(r.frame) + " has id " + std::to_string(r.id) +
                  " twice (first at " + where + ")");
}

}  // namespace mot_detail

std::vector<MotRow> parse_mot(std::string_view text, const std::string& source) {
  return MotLineReader(text, source).read();
}

std::vector<MotRow> read_mot(const std::string& path) {
  return parse_mot(read_file(path), path);
}

std::string format_mot(std::span<const MotRow> rows) {
  std::string out;
  out.reserve(rows.size() * 48);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const MotRow& r = rows[i];
    const bool finite = std::isfinite(r.box.x) && std::isfinite(r.box.y) &&
                        std::isfinite(r.box.width) && std::isfinite(r.box.height) &&
                        std::isfinite(r.score);
    if (r.frame < 1 || r.id < 0 || !finite || r.box.width < 0 || r.box.height < 0) {
      throw Error(ErrorKind::InvalidInput, Place{.record = i + 1},
                  "a MOT row needs frame >= 1, id >= 0, finite numbers and a size >= 0");
    }
    out.append(std::to_string(r.frame)).append(",").append(std::to_string(r.id));
    for (const double v : {r.box.x, r.box.y, r.box.width, r.box.height, r.score})
      out.append(",").append(number_text(v));
    out.append(",-1,-1,-1\n");
  }
  return out;
}

void write_mot(const std::string& path, std::span<const MotRow> rows) {
  write_file_atomic(path, format_mot(rows));
}

}  // namespace podium::vision
