// An RFC 4180 CSV tokenizer over bytes in memory: records of fields, each record knowing the
// physical line it starts on.
//
// Contract: fields are separated by `delimiter` (',' by default; ';' for many European exports),
// records by LF or CRLF. A field may be quoted with '"'; inside quotes the delimiter, CR and LF
// are data and '""' is one quote. A UTF-8 byte-order mark at the start is skipped. Lenient where
// RFC 4180 is silent: a quote inside an unquoted field is data, text after a closing quote is
// appended to the field, and blank lines are skipped (not returned as records). The only error
// is a quote left open at the end of the input: Error(Format, "NAME: line N: unterminated quoted
// field") placed at the line the field starts on. Field views point into the input (or, for a
// field with doubled quotes, into the reader) and stay valid until the next call to next().
// Bytes are not checked for valid UTF-8.
//
//   CsvReader csv(text, "results.csv");
//   CsvRecord record;
//   while (csv.next(record)) use(record.line, record.fields[0]);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace podium {

struct CsvOptions {
  char delimiter = ',';
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
  std::string_view bytes_;
  std::string name_;
  char delimiter_;
  std::size_t pos_ = 0;
  std::int64_t line_ = 1;
  std::vector<Span> spans_;
  std::string unescaped_;
};

}  // namespace podium
