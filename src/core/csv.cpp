// RFC 4180 tokenizer (csv.hpp). One pass over the bytes: unquoted fields and quoted fields
// without doubled quotes are views into the input; only a field with '""' is copied (into
// unescaped_), so a 126 MB results file tokenizes without a string per field.
//
// Limits (csv.hpp): every scan stops at the record's limit (record start + max_record_bytes + 1)
// and an unquoted field's scan also at its own, so a hostile record costs at most
// max_record_bytes of scanning and copying, however long it is; the field count is checked before
// a span is added.
#include "podium/core/csv.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "podium/core/error.hpp"
#include "podium/core/limits.hpp"

namespace podium {
namespace {

// start + limit + 1, or `end` when that is nearer: the first byte a scan from `start` under
// `limit` may not reach. Saturating, for a limit of UINT64_MAX.
std::size_t bound(std::size_t start, std::uint64_t limit, std::size_t end) {
  return limit >= end - start ? end : start + static_cast<std::size_t>(limit) + 1;
}

}  // namespace

CsvReader::CsvReader(std::string_view bytes, std::string name, CsvOptions options)
    : bytes_(bytes), name_(std::move(name)), options_(options) {
  if (bytes_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

Error CsvReader::too_long(std::int64_t line, const char* what, std::uint64_t limit,
                          const char* unit) const {
  return limits::exceeded(Place{.source = name_, .line = static_cast<std::uint64_t>(line)}, what,
                          limit + 1, limit, unit);
}

bool CsvReader::next(CsvRecord& record) {
  const char* const begin = bytes_.data();
  const std::size_t n = bytes_.size();
  // Blank lines (LF or CRLF alone) are not records.
  for (;;) {
    if (pos_ >= n) return false;
    if (begin[pos_] == '\n') {
      ++pos_;
      ++line_;
    } else if (begin[pos_] == '\r' && pos_ + 1 < n && begin[pos_ + 1] == '\n') {
      pos_ += 2;
      ++line_;
    } else {
      break;
    }
  }
  record.line = line_;
  spans_.clear();
  unescaped_.clear();
  const char delimiter = options_.delimiter;
  const std::size_t record_start = pos_;
  // No scan looks past `stop`: reaching it means the record is longer than its limit.
  const std::size_t stop = bound(record_start, options_.max_record_bytes, n);
  auto record_too_long = [&] {
    return too_long(record.line, "record bytes", options_.max_record_bytes, "bytes per record");
  };
  auto field_too_long = [&] {
    return too_long(record.line, "field bytes", options_.max_field_bytes, "bytes per field");
  };
  for (;;) {
    if (spans_.size() == options_.max_fields)
      throw too_long(record.line, "fields", options_.max_fields, "fields per record");
    // One field starting at pos_; `end` is where its content ends (before a CRLF's CR).
    std::size_t end = 0;
    if (pos_ < n && begin[pos_] == '"') {
      const std::int64_t start_line = line_;
      std::size_t p = pos_ + 1;
      std::size_t run_start = p;
      bool copied = false;
      std::size_t copy_offset = 0;
      for (;;) {
        const void* q = p < stop ? std::memchr(begin + p, '"', stop - p) : nullptr;
        if (q == nullptr) {
          if (stop == n) {
            throw Error(ErrorKind::Format,
                        Place{.source = name_, .line = static_cast<std::uint64_t>(start_line)},
                        "unterminated quoted field");
          }
          // A doubled quote may end just past `stop`.
          const std::size_t so_far = (copied ? unescaped_.size() - copy_offset : 0) +
                                     (stop > run_start ? stop - run_start : 0);
          throw so_far > options_.max_field_bytes ? field_too_long() : record_too_long();
        }
        const std::size_t qpos = static_cast<std::size_t>(static_cast<const char*>(q) - begin);
        for (std::size_t i = p; i < qpos; ++i)
          line_ += begin[i] == '\n' ? 1 : 0;
        if (qpos + 1 < n && begin[qpos + 1] == '"') {
          if (!copied) {
            copied = true;
            copy_offset = unescaped_.size();
          }
          unescaped_.append(begin + run_start, qpos + 1 - run_start);  // keeps one quote
          p = qpos + 2;
          run_start = p;
          continue;
        }
        // Closing quote; anything up to the delimiter or line end is appended (lenient).
        std::size_t after = qpos + 1;
        std::size_t tail_end = after;
        while (tail_end < stop && begin[tail_end] != delimiter && begin[tail_end] != '\n' &&
               !(begin[tail_end] == '\r' && tail_end + 1 < n && begin[tail_end + 1] == '\n'))
          ++tail_end;
        std::size_t tail_stop = tail_end;  // a lone CR ending the input is not data
        if (tail_stop == n && tail_stop > after && begin[tail_stop - 1] == '\r') --tail_stop;
        std::size_t size = 0;
        if (!copied && tail_stop == after) {
          size = qpos - pos_ - 1;
          spans_.push_back({pos_ + 1, size, false});
        } else {
          if (!copied) copy_offset = unescaped_.size();
          unescaped_.append(begin + run_start, qpos - run_start);
          unescaped_.append(begin + after, tail_stop - after);
          size = unescaped_.size() - copy_offset;
          spans_.push_back({copy_offset, size, true});
        }
        if (size > options_.max_field_bytes) throw field_too_long();
        end = tail_stop;
        pos_ = tail_end;
        break;
      }
    } else {
      const std::size_t field_stop = bound(pos_, options_.max_field_bytes, stop);
      std::size_t p = pos_;
      while (p < field_stop && begin[p] != delimiter && begin[p] != '\n')
        ++p;
      end = p;
      if (end > pos_ && end < n && begin[end] == '\n' && begin[end - 1] == '\r') --end;
      if (p == n && end > pos_ && begin[end - 1] == '\r') --end;
      if (end - pos_ > options_.max_field_bytes) throw field_too_long();
      spans_.push_back({pos_, end - pos_, false});
      pos_ = p;
    }
    if (end - record_start > options_.max_record_bytes) throw record_too_long();
    // pos_ is at a delimiter, a line end (LF or CRLF) or the end of the input.
    if (pos_ < n && begin[pos_] == delimiter) {
      ++pos_;
      continue;
    }
    if (pos_ < n && begin[pos_] == '\r') ++pos_;
    if (pos_ < n && begin[pos_] == '\n') {
      ++pos_;
      ++line_;
    }
    break;
  }
  record.fields.resize(spans_.size());
  for (std::size_t i = 0; i < spans_.size(); ++i) {
    const Span& s = spans_[i];
    record.fields[i] = s.unescaped ? std::string_view(unescaped_).substr(s.offset, s.size)
                                   : bytes_.substr(s.offset, s.size);
  }
  return true;
}

}  // namespace podium
