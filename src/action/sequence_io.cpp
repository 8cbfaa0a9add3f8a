#include "sequence_io.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "podium/core/limits.hpp"
#include "podium/core/message.hpp"

namespace podium::action::detail {

void validate_in(const PoseSequence& s, const Place& where) {
  try {
    validate(s);
  } catch (const Error& e) {
    throw Error(e.kind(), where, e.what());
  }
}

std::string float_text(float v) {
  if (std::isnan(v)) return "";
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return {buf, r.ptr};
}

FilledFrames fill_keypoints(PoseSequence& s, std::span<const KeypointRow> rows, bool from_zero,
                            const std::string& source, std::int64_t first_line) {
  const Place sequence_at{.source = source, .line = static_cast<std::uint64_t>(first_line)};
  if (rows.empty())
    throw Error(ErrorKind::InvalidInput, sequence_at, quoted_for_message(s.id) + " has no rows");
  std::int64_t first = rows.front().frame, last = first;
  for (const KeypointRow& r : rows) {
    first = std::min(first, r.frame);
    last = std::max(last, r.frame);
  }
  if (from_zero) first = 0;
  if (static_cast<std::uint64_t>(last - first) >= limits::kPoseSequenceFrames) {
    throw limits::exceeded(sequence_at, "frames", static_cast<std::uint64_t>(last - first) + 1,
                           limits::kPoseSequenceFrames, "frames per sequence");
  }
  constexpr float kNotSeen = std::numeric_limits<float>::quiet_NaN();
  s.frames = static_cast<std::size_t>(last - first + 1);
  const std::size_t n = s.keypoints();
  s.x.assign(s.frames * n, kNotSeen);
  s.y.assign(s.frames * n, kNotSeen);
  s.score.assign(s.frames * n, kNotSeen);
  std::vector<char> filled(s.frames * n, 0);
  FilledFrames out{first, std::vector<std::int32_t>(s.frames, -2)};  // -2: no row yet
  for (const KeypointRow& r : rows) {
    const Place at{.source = source, .line = static_cast<std::uint64_t>(r.line)};
    const auto f = static_cast<std::size_t>(r.frame - first);
    const std::size_t i = s.at(f, r.keypoint);
    if (filled[i] != 0) {
      throw Error(ErrorKind::InvalidInput, at,
                  "a second row for frame " + std::to_string(r.frame) + " keypoint '" +
                      std::string(vision::layout_info(s.layout).keypoints[r.keypoint]) + "' of " +
                      quoted_for_message(s.id));
    }
    filled[i] = 1;
    s.x[i] = r.x;
    s.y[i] = r.y;
    s.score[i] = r.score;
    std::int32_t& g = out.segment[f];
    if (g != -2 && g != r.segment) {
      throw Error(ErrorKind::InvalidInput, at,
                  "segment: differs from another row of frame " + std::to_string(r.frame) +
                      " (a frame is in one segment)");
    }
    g = r.segment;
  }
  for (std::size_t f = 0; f < s.frames; ++f) {
    if (out.segment[f] == -2) {
      throw Error(ErrorKind::InvalidInput, sequence_at,
                  quoted_for_message(s.id) + " has no row for frame " +
                      std::to_string(first + static_cast<std::int64_t>(f)) +
                      " (every frame from the first to the last needs one)");
    }
  }
  return out;
}

CsvHeader::CsvHeader(const CsvRecord& header, const std::string& source,
                     std::initializer_list<std::string_view> known, bool others_allowed)
    : source_(source), line_(header.line) {
  for (const std::string_view f : header.fields) {
    const Place at{.source = source, .line = static_cast<std::uint64_t>(header.line)};
    if (!others_allowed && std::find(known.begin(), known.end(), f) == known.end())
      throw Error(ErrorKind::Format, at, "unknown column " + quoted_for_message(f));
    if (std::find(names_.begin(), names_.end(), f) != names_.end())
      throw Error(ErrorKind::Format, at, "column " + quoted_for_message(f) + " appears twice");
    names_.emplace_back(f);
  }
}

int CsvHeader::column(std::string_view name) const {
  const auto it = std::find(names_.begin(), names_.end(), name);
  return it == names_.end() ? -1 : static_cast<int>(it - names_.begin());
}

int CsvHeader::required(std::string_view name) const {
  const int c = column(name);
  if (c < 0) {
    throw Error(ErrorKind::Format,
                Place{.source = source_, .line = static_cast<std::uint64_t>(line_)},
                "no column '" + std::string(name) + "'");
  }
  return c;
}

CsvRecord read_header_row(CsvReader& csv, const std::string& source) {
  CsvRecord record;
  if (!csv.next(record)) {
    throw Error(ErrorKind::Format, Place{.source = source, .line = 1},
                "empty file: expected a header row");
  }
  return record;
}

std::string_view field(const CsvRecord& r, int column, const std::string& source,
                       const std::string& name) {
  if (column < 0) return {};
  if (static_cast<std::size_t>(column) >= r.fields.size()) {
    throw Error(ErrorKind::Format,
                Place{.source = source, .line = static_cast<std::uint64_t>(r.line)},
                std::to_string(r.fields.size()) + " fields: no value for column '" + name + "'");
  }
  return r.fields[static_cast<std::size_t>(column)];
}

double number_field(std::string_view text, const Place& at) {
  if (text.empty() || text == "nan" || text == "NaN") return std::nan("");
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || std::isinf(v))
    throw Error(ErrorKind::Format, at, quoted_for_message(text) + " is not a finite number");
  return v;
}

std::int64_t integer_field(std::string_view text, const Place& at, std::int64_t lo,
                           std::int64_t hi) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty())
    throw Error(ErrorKind::Format, at, quoted_for_message(text) + " is not an integer");
  if (v < lo || v > hi) {
    Place with_value = at;
    with_value.value = std::to_string(v);
    throw Error(ErrorKind::InvalidInput, with_value,
                "must be within [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  return v;
}

}  // namespace podium::action::detail
