// An RFC 4180 CSV tokenizer over bytes in memory: records of fields, each record knowing the
// physical line it starts on.
//
// Contract: fields are separated by `delimiter` (',' by default; ';' for many European exports),
// records by LF or CRLF. A field may be quoted with '"'; inside quotes the delimiter, CR and LF
// are data and '""' is one quote. A UTF-8 byte-order mark at the start is skipped. Lenient where
// RFC 4180 is silent: a quote inside an unquoted field is data, text after a closing quote is
// appended to the field, and blank lines are skipped (not returned as records). Errors, each
// placed at the line the record (or the open quote's field) starts on:
//   - a quote left open at the end of the input: Error(Format, "NAME: line N: unterminated quoted
//     field");
//   - a record of more than `max_record_bytes` (its bytes as they are in the input, quotes and
//     embedded line breaks included, its own line end not), more than `max_fields` fields, or a
//     field of more than `max_field_bytes` (its value, quotes undone): limits::exceeded, "NAME:
//     line N: field bytes = 4097: more than podium's limit of 4096 bytes per field
//     (docs/limits.md)" (field "record bytes", "fields" or "field bytes"). The reader stops
//     counting one past the limit, so the value shown is always limit + 1, and no record makes it
//     scan or copy more than max_record_bytes + 1 bytes or hold more than max_fields fields: a
//     100 MB record of commas stops at field 1001. At the limit passes.
// Field views point into the input (or, for a field with doubled quotes, into the reader) and stay
// valid until the next call to next(). Bytes are not checked for valid UTF-8.
//
//   CsvReader csv(text, "results.csv");
//   CsvRecord record;
//   while (csv.next(record)) use(record.line, record.fields[0]);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/core/limits.hpp"

namespace podium {

struct CsvOptions {
  char delimiter = ',';
  std::uint64_t max_record_bytes = limits::kCsvRecordBytes;
  std::uint64_t max_fields = limits::kCsvFields;
  std::uint64_t max_field_bytes = limits::kCsvFieldBytes;
};

struct CsvRecord {
  std::int64_t line = 0;  // 1-based physical line of the record's first byte
  std::vector<std::string_view> fields;
};

class CsvReader {
 public:
  CsvReader(std::string_view bytes, std::string name, CsvOptions options = {});

  // Fills `record` with the next record; false at the end of the input.
  bool next(CsvRecord& record);
  // 1-based physical line the reader is at (the line after the last record read).
  std::int64_t line() const { return line_; }
  const std::string& name() const { return name_; }

 private:
  struct Span {
    std::size_t offset;  // into bytes_, or into unescaped_ when `unescaped`
    std::size_t size;
    bool unescaped;
  };
  Error too_long(std::int64_t line, const char* what, std::uint64_t limit, const char* unit) const;

  std::string_view bytes_;
  std::string name_;
  CsvOptions options_;
  std::size_t pos_ = 0;
  std::int64_t line_ = 1;
  std::vector<Span> spans_;
  std::string unescaped_;
};

}  // namespace podium
