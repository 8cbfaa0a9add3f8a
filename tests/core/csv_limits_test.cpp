// CsvReader's limits (csv.hpp): each at its exact boundary (at the limit passes, one over is one
// located error naming the limit), the default limits, detection before the rest of a hostile
// record is read, and the limited reader against a naive one that checks every finished record
// on seeded random documents.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "podium/core/csv.hpp"
#include "podium/core/error.hpp"
#include "podium/core/limits.hpp"
#include "testkit/throws_error.hpp"

namespace {

using podium::CsvOptions;
using podium::CsvReader;
using podium::CsvRecord;
using podium::ErrorKind;
using podium::testkit::ThrowsError;
namespace limits = podium::limits;

std::vector<std::vector<std::string>> read_fields(std::string_view text, CsvOptions options = {}) {
  CsvReader reader(text, "t.csv", options);
  CsvRecord record;
  std::vector<std::vector<std::string>> rows;
  while (reader.next(record))
    rows.emplace_back(record.fields.begin(), record.fields.end());
  return rows;
}

// The error read_fields(text, options) throws: its place is checked field by field.
podium::Error error_of(std::string_view text, CsvOptions options = {}) {
  try {
    read_fields(text, options);
  } catch (const podium::Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error for " << text.substr(0, 80);
  return podium::Error(ErrorKind::Internal, "none");
}

void expect_limit(const podium::Error& e, std::uint64_t line, const std::string& what,
                  std::uint64_t limit) {
  EXPECT_EQ(e.kind(), ErrorKind::InvalidInput) << e.what();
  EXPECT_EQ(e.place().source, "t.csv");
  EXPECT_EQ(e.place().line, line) << e.what();
  EXPECT_EQ(e.place().field, what) << e.what();
  EXPECT_EQ(e.place().value, std::to_string(limit + 1)) << e.what();
}

TEST(CsvLimits, RecordBytesAtTheLimitPassOneMoreFails) {
  const CsvOptions o{.max_record_bytes = 10};
  EXPECT_EQ(read_fields("h\n0123,56789\n", o).size(), 2U);
  EXPECT_EQ(read_fields("h\r\n0123,56789\r\n", o).size(), 2U);  // the line end is not counted
  EXPECT_EQ(read_fields("h\n0123,56789", o).size(), 2U);
  EXPECT_EQ(read_fields("h\n\"12\"\"\",567\n", o).size(), 2U);  // quotes are counted
  expect_limit(error_of("h\n0123,567890\n", o), 2, "record bytes", 10);
  expect_limit(error_of("h\n0123,567890", o), 2, "record bytes", 10);
  expect_limit(error_of("h\n0123,56789,\n", o), 2, "record bytes", 10);
  expect_limit(error_of("h\n\"12\"\"\",5678\n", o), 2, "record bytes", 10);
  expect_limit(error_of("h\n\"1\n3\"\"\",5678\n", o), 2, "record bytes", 10);
  EXPECT_THAT([&] { read_fields("h\n01234567890\n", o); },
              ThrowsError(ErrorKind::InvalidInput,
                          "t.csv: line 2: record bytes = 11: more than podium's limit of 10 bytes "
                          "per record (docs/limits.md)"));
}

TEST(CsvLimits, FieldsAtTheLimitPassOneMoreFails) {
  const CsvOptions o{.max_fields = 3};
  EXPECT_EQ(read_fields("a,b,c\n,,\n\"\",\"\",\"\"\n", o).size(), 3U);
  expect_limit(error_of("a,b,c\nx\n1,2,3,4\n", o), 3, "fields", 3);
  expect_limit(error_of("a,b,c,\n", o), 1, "fields", 3);
  EXPECT_THAT([&] { read_fields("a,b,c,d\n", o); },
              ThrowsError(ErrorKind::InvalidInput,
                          "t.csv: line 1: fields = 4: more than podium's limit of 3 fields per "
                          "record (docs/limits.md)"));
}

TEST(CsvLimits, FieldBytesAtTheLimitPassOneMoreFails) {
  const CsvOptions o{.max_field_bytes = 4};
  EXPECT_EQ(read_fields("abcd,x\n\"ab\"\"c\",\"a,b\n\"\nabcd\r\n\"ab\"cd\n", o),
            (std::vector<std::vector<std::string>>{
                {"abcd", "x"}, {"ab\"c", "a,b\n"}, {"abcd"}, {"abcd"}}));
  expect_limit(error_of("abcd\nx,abcde\n", o), 2, "field bytes", 4);
  expect_limit(error_of("abcd\nx,abcde", o), 2, "field bytes", 4);
  expect_limit(error_of("\"abc\"\"d\"\n", o), 1, "field bytes", 4);
  expect_limit(error_of("\"ab\"cde\n", o), 1, "field bytes", 4);
  expect_limit(error_of("\"a\nb\"\n\"abcde\"\n", o), 3, "field bytes", 4);
  EXPECT_THAT([&] { read_fields("abcdefgh\n", o); },
              ThrowsError(ErrorKind::InvalidInput,
                          "t.csv: line 1: field bytes = 5: more than podium's limit of 4 bytes per "
                          "field (docs/limits.md)"));
}

TEST(CsvLimits, DefaultsAreTheLimitsOfCoreLimits) {
  const CsvOptions defaults;
  EXPECT_EQ(defaults.max_record_bytes, limits::kCsvRecordBytes);
  EXPECT_EQ(defaults.max_fields, limits::kCsvFields);
  EXPECT_EQ(defaults.max_field_bytes, limits::kCsvFieldBytes);

  const std::string commas(limits::kCsvFields - 1, ',');
  EXPECT_EQ(read_fields(commas + "\n")[0].size(), limits::kCsvFields);
  expect_limit(error_of(commas + ",\n"), 1, "fields", limits::kCsvFields);

  const std::string field(limits::kCsvFieldBytes, 'x');
  EXPECT_EQ(read_fields(field + "," + field)[0][1].size(), limits::kCsvFieldBytes);
  expect_limit(error_of(field + ",x" + field), 1, "field bytes", limits::kCsvFieldBytes);
  expect_limit(error_of("\"" + field + "x\""), 1, "field bytes", limits::kCsvFieldBytes);

  // A record of exactly kCsvRecordBytes: 256 fields, each within the field limit.
  std::string record;
  while (record.size() + limits::kCsvFieldBytes + 1 <= limits::kCsvRecordBytes)
    record += std::string(limits::kCsvFieldBytes, 'y') + ",";
  record += std::string(limits::kCsvRecordBytes - record.size(), 'z');
  ASSERT_EQ(record.size(), limits::kCsvRecordBytes);
  EXPECT_EQ(read_fields("h\n" + record + "\r\n").size(), 2U);
  expect_limit(error_of("h\n" + record + "z\r\n"), 2, "record bytes", limits::kCsvRecordBytes);
}

TEST(CsvLimits, AHostileRecordStopsAtTheLimitNotAtItsEnd) {
  // Read to its end, each record would be an unterminated quote; the limit is found first.
  expect_limit(error_of(std::string(10'000'000, ',') + "\"open"), 1, "fields", limits::kCsvFields);
  expect_limit(error_of("\"" + std::string(10'000'000, 'x')), 1, "field bytes",
               limits::kCsvFieldBytes);
  std::string fields;
  while (fields.size() < 2 * limits::kCsvRecordBytes)
    fields += std::string(limits::kCsvFieldBytes, 'y') + ",";
  expect_limit(error_of(fields + "\"open"), 1, "record bytes", limits::kCsvRecordBytes);
}

// The same rules applied to finished records: a naive split, then every limit checked on it.
struct NaiveRecord {
  std::vector<std::string> fields;
  std::size_t bytes = 0;  // from its first byte to its line end
};

// The records of `text`, or nothing (and `failed`) when a quote is left open.
std::vector<NaiveRecord> naive_records(std::string_view text, bool& failed) {
  std::vector<NaiveRecord> out;
  failed = false;
  std::size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (i < text.size()) {
    if (text[i] == '\n' || text.substr(i, 2) == "\r\n") {
      i += text[i] == '\n' ? 1 : 2;
      continue;
    }
    const std::size_t start = i;
    NaiveRecord record{{""}, 0};
    bool quoted = false;
    bool at_field_start = true;
    for (;;) {
      if (i >= text.size()) {
        if (quoted) failed = true;
        record.bytes = i - start;
        break;
      }
      const char c = text[i];
      if (quoted) {
        if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
          record.fields.back() += '"';
          i += 2;
        } else {
          if (c == '"') quoted = false;
          if (c != '"') record.fields.back() += c;
          ++i;
        }
        continue;
      }
      if (c == '"' && at_field_start) {
        quoted = true;
        at_field_start = false;
        ++i;
      } else if (c == ',') {
        record.fields.emplace_back();
        at_field_start = true;
        ++i;
      } else if (c == '\n' || text.substr(i, 2) == "\r\n" || (c == '\r' && i + 1 == text.size())) {
        record.bytes = i - start;
        i += text.substr(i, 2) == "\r\n" ? 2 : 1;
        break;
      } else {
        record.fields.back() += c;
        at_field_start = false;
        ++i;
      }
    }
    if (failed) return {};
    out.push_back(std::move(record));
  }
  return out;
}

TEST(CsvLimits, MatchNaiveChecksOnSeededRandomDocuments) {
  std::mt19937 rng(20240611);
  const std::string alphabet = "ab,,\"\n\rxyz";
  const CsvOptions o{.max_record_bytes = 24, .max_fields = 5, .max_field_bytes = 6};
  int refused = 0;
  for (int doc = 0; doc < 4000; ++doc) {
    const std::size_t length = doc % 97 + doc % 13;
    std::string text;
    for (std::size_t i = 0; i < length; ++i)
      text += alphabet[rng() % alphabet.size()];
    bool unterminated = false;
    const std::vector<NaiveRecord> records = naive_records(text, unterminated);
    // The first record over a limit is the one refused; an open quote only counts when every
    // record before it is within the limits.
    std::int64_t over = -1;
    for (std::size_t r = 0; r < records.size() && over < 0; ++r) {
      bool bad = records[r].bytes > o.max_record_bytes || records[r].fields.size() > o.max_fields;
      for (const std::string& f : records[r].fields)
        bad = bad || f.size() > o.max_field_bytes;
      if (bad) over = static_cast<std::int64_t>(r);
    }
    if (unterminated || over >= 0) {
      ++refused;
      EXPECT_THROW(read_fields(text, o), podium::Error) << "document " << doc << ": " << text;
      continue;
    }
    std::vector<std::vector<std::string>> expected;
    for (const NaiveRecord& r : records)
      expected.push_back(r.fields);
    EXPECT_EQ(read_fields(text, o), expected) << "document " << doc;
  }
  EXPECT_GT(refused, 500);
  EXPECT_LT(refused, 3500);
}

}  // namespace
