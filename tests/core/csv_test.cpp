// CSV tokenizer: RFC 4180 cases by hand, line numbers, the one error, and the fast reader against
// a naive character-at-a-time reference on seeded random documents.
#include "podium/core/csv.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "podium/core/error.hpp"

namespace {

using podium::CsvOptions;
using podium::CsvReader;
using podium::CsvRecord;

struct Row {
  std::int64_t line;
  std::vector<std::string> fields;
  bool operator==(const Row&) const = default;
};

void PrintTo(const Row& row, std::ostream* os) {
  *os << "line " << row.line << ":";
  for (const std::string& f : row.fields) {
    *os << " [";
    for (char c : f)
      *os << (c == '\n' ? std::string("\\n") : c == '\r' ? std::string("\\r") : std::string(1, c));
    *os << "]";
  }
}

std::vector<Row> read_all(std::string_view text, CsvOptions options = {}) {
  CsvReader reader(text, "t.csv", options);
  CsvRecord record;
  std::vector<Row> rows;
  while (reader.next(record))
    rows.push_back({record.line, {record.fields.begin(), record.fields.end()}});
  return rows;
}

// The obvious state machine, one character at a time (same lenient rules as csv.hpp).
std::vector<Row> naive(std::string_view text, char delimiter) {
  std::vector<Row> rows;
  std::size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  std::int64_t line = 1;
  while (i < text.size()) {
    if (text[i] == '\n') {
      ++i, ++line;
      continue;
    }
    if (text.substr(i, 2) == "\r\n") {
      i += 2, ++line;
      continue;
    }
    Row row{line, {""}};
    bool quoted = false;
    bool at_field_start = true;
    for (;;) {
      if (i >= text.size()) {
        if (quoted) throw podium::Error(podium::ErrorKind::Format, "unterminated");
        break;
      }
      const char c = text[i];
      if (quoted) {
        if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
          row.fields.back() += '"';
          i += 2;
        } else if (c == '"') {
          quoted = false;
          ++i;
        } else {
          if (c == '\n') ++line;
          row.fields.back() += c;
          ++i;
        }
        at_field_start = false;
        continue;
      }
      if (c == '"' && at_field_start) {
        quoted = true;
        at_field_start = false;
        ++i;
        continue;
      }
      if (c == delimiter) {
        row.fields.emplace_back();
        at_field_start = true;
        ++i;
        continue;
      }
      if (c == '\n' || text.substr(i, 2) == "\r\n") {
        i += c == '\n' ? 1 : 2;
        ++line;
        break;
      }
      if (c == '\r' && i + 1 == text.size()) {  // a lone CR at the very end
        ++i;
        break;
      }
      row.fields.back() += c;
      at_field_start = false;
      ++i;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

TEST(Csv, PlainQuotedAndDoubledQuotes) {
  const auto rows = read_all("a,b,c\n1,\"x,y\",\"say \"\"hi\"\"\"\n");
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0], (Row{1, {"a", "b", "c"}}));
  EXPECT_EQ(rows[1], (Row{2, {"1", "x,y", "say \"hi\""}}));
}

TEST(Csv, EmbeddedNewlinesMoveTheLineOfLaterRecords) {
  const auto rows = read_all("h\n\"two\nlines\",x\n\"three\n\nlines\"\nlast");
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_EQ(rows[1], (Row{2, {"two\nlines", "x"}}));
  EXPECT_EQ(rows[2], (Row{4, {"three\n\nlines"}}));
  EXPECT_EQ(rows[3], (Row{7, {"last"}}));
}

TEST(Csv, CrlfBomBlankLinesAndEmptyFields) {
  const auto rows = read_all(
      "\xEF\xBB\xBF"
      "a,b\r\n\r\n,\r\n\"\",x\r\n");
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[0], (Row{1, {"a", "b"}}));
  EXPECT_EQ(rows[1], (Row{3, {"", ""}}));
  EXPECT_EQ(rows[2], (Row{4, {"", "x"}}));
}

TEST(Csv, SemicolonDelimiter) {
  const auto rows = read_all("a;b,c;\"d;e\"\n", {.delimiter = ';'});
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0], (Row{1, {"a", "b,c", "d;e"}}));
}

TEST(Csv, LenientQuotesInsideAndAfterFields) {
  const auto rows = read_all("ab\"c,\"q\"tail,x\n");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0], (Row{1, {"ab\"c", "qtail", "x"}}));
}

TEST(Csv, UnterminatedQuoteNamesFileAndStartLine) {
  try {
    read_all("a\nb\n\"open\nstill open\n");
    FAIL() << "no error";
  } catch (const podium::Error& e) {
    EXPECT_EQ(e.kind(), podium::ErrorKind::Format);
    EXPECT_EQ(std::string(e.what()), "t.csv: line 3: unterminated quoted field");
  }
}

TEST(Csv, EmptyInputHasNoRecords) {
  EXPECT_TRUE(read_all("").empty());
  EXPECT_TRUE(read_all("\xEF\xBB\xBF").empty());
  EXPECT_TRUE(read_all("\n\r\n").empty());
}

TEST(Csv, MatchesNaiveReaderOnSeededRandomDocuments) {
  std::mt19937 rng(20240501);
  const std::string alphabet = "ab,\"\n\r;x ";
  for (int doc = 0; doc < 3000; ++doc) {
    const std::size_t length = doc % 127 + (doc % 13);
    std::string text;
    for (std::size_t i = 0; i < length; ++i)
      text += alphabet[rng() % alphabet.size()];
    const char delimiter = doc % 2 == 0 ? ',' : ';';
    std::vector<Row> expected;
    bool expected_error = false;
    try {
      expected = naive(text, delimiter);
    } catch (const podium::Error&) {
      expected_error = true;
    }
    if (expected_error) {
      EXPECT_THROW(read_all(text, {.delimiter = delimiter}), podium::Error) << text;
    } else {
      EXPECT_EQ(read_all(text, {.delimiter = delimiter}), expected) << "document " << doc;
    }
  }
}

}  // namespace
