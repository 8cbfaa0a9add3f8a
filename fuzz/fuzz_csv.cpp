// libFuzzer target: the CSV tokenizer (podium::CsvReader) with small limits. The first input byte
// picks the delimiter and limits (record bytes 16..4096, fields 1..64, field bytes 1..256), the
// rest is the CSV text, so short inputs reach every limit the way a 100 MB record reaches
// limits::kCsvRecordBytes. Any input must tokenize or throw podium::Error; a record with more
// fields than the limit (or none), a field longer than the limit, or a record that does not start
// on a later line than the one before it, is a bug. Build and run: fuzz/run.sh (see
// fuzz/README.md).
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "podium/core/csv.hpp"
#include "podium/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned pick = data[0];
  podium::CsvOptions options;
  options.delimiter = (pick & 1) != 0 ? ';' : ',';
  constexpr std::array<std::uint64_t, 4> kRecordBytes = {16, 64, 512, 4096};
  constexpr std::array<std::uint64_t, 4> kFields = {1, 3, 8, 64};
  constexpr std::array<std::uint64_t, 4> kFieldBytes = {1, 8, 32, 256};
  options.max_record_bytes = kRecordBytes[(pick >> 1) & 3];
  options.max_fields = kFields[(pick >> 3) & 3];
  options.max_field_bytes = kFieldBytes[(pick >> 5) & 3];
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    podium::CsvReader csv(text, "fuzz.csv", options);
    podium::CsvRecord record;
    std::int64_t last_line = 0;
    while (csv.next(record)) {
      if (record.line <= last_line) std::abort();
      last_line = record.line;
      if (record.fields.empty() || record.fields.size() > options.max_fields) std::abort();
      for (const std::string_view field : record.fields) {
        if (field.size() > options.max_field_bytes) std::abort();
        if (field.size() > options.max_record_bytes) std::abort();
      }
    }
  } catch (const podium::Error&) {
  }
  return 0;
}
