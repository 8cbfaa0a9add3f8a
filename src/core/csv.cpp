// RFC 4180 tokenizer (csv.hpp). One pass over the bytes: unquoted fields and quoted fields
// without doubled quotes are views into the input; only a field with '""' is copied (into
// unescaped_), so a 126 MB results file tokenizes without a string per field.
#include "podium/core/csv.hpp"

#include <cstring>
#include <string>

#include "podium/core/error.hpp"

namespace podium {

CsvReader::CsvReader(std::string_view bytes, std::string name, CsvOptions options)
    : bytes_(bytes), name_(std::move(name)), delimiter_(options.delimiter) {
  if (bytes_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
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
  const char delimiter = delimiter_;
  for (;;) {
    // One field starting at pos_.
    if (pos_ < n && begin[pos_] == '"') {
      const std::int64_t start_line = line_;
      std::size_t p = pos_ + 1;
      std::size_t run_start = p;
      bool copied = false;
      std::size_t copy_offset = 0;
      for (;;) {
        const void* q = p < n ? std::memchr(begin + p, '"', n - p) : nullptr;
        if (q == nullptr) {
          throw Error(ErrorKind::Format,
                      Place{.source = name_, .line = static_cast<std::uint64_t>(start_line)},
                      "unterminated quoted field");
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
        while (tail_end < n && begin[tail_end] != delimiter && begin[tail_end] != '\n' &&
               !(begin[tail_end] == '\r' && tail_end + 1 < n && begin[tail_end + 1] == '\n'))
          ++tail_end;
        std::size_t tail_stop = tail_end;  // a lone CR ending the input is not data
        if (tail_stop == n && tail_stop > after && begin[tail_stop - 1] == '\r') --tail_stop;
        if (!copied && tail_stop == after) {
          spans_.push_back({pos_ + 1, qpos - pos_ - 1, false});
        } else {
          if (!copied) copy_offset = unescaped_.size();
          unescaped_.append(begin + run_start, qpos - run_start);
          unescaped_.append(begin + after, tail_stop - after);
          spans_.push_back({copy_offset, unescaped_.size() - copy_offset, true});
        }
        pos_ = tail_end;
        break;
      }
    } else {
      std::size_t p = pos_;
      while (p < n && begin[p] != delimiter && begin[p] != '\n')
        ++p;
      std::size_t end = p;
      if (end > pos_ && end < n && begin[end] == '\n' && begin[end - 1] == '\r') --end;
      if (p == n && end > pos_ && begin[end - 1] == '\r') --end;
      spans_.push_back({pos_, end - pos_, false});
      pos_ = p;
    }
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
