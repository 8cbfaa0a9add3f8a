// Bytes as a generic results CSV to career::read_results_generic, lenient and strict. Lenient
// must account for every row (results + duplicates + bad rows = rows) and produce a consistent
// table; strict may only succeed when lenient found no bad row, and then agree with it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "podium/career/results_csv.hpp"
#include "podium/core/error.hpp"

namespace {

void check_table(const podium::career::ResultsTable& t) {
  for (const auto& r : t.results) {
    if (r.event < 0 || r.event >= static_cast<std::int32_t>(t.events.size())) std::abort();
    if (r.athlete < 0 || r.athlete >= static_cast<std::int32_t>(t.athletes.size())) std::abort();
    if (r.points < 0 || r.points > 1e6) std::abort();
    if ((r.status == podium::career::Status::Ranked) != (r.rank >= 1)) std::abort();
  }
  for (const auto& e : t.events)
    if (e.parent >= static_cast<std::int32_t>(t.events.size()) || e.end_day < e.start_day)
      std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  podium::career::ResultsImport lenient;
  try {
    lenient = podium::career::read_results_generic(bytes, "fuzz.csv", {});
  } catch (const podium::Error&) {
    return 0;
  }
  check_table(lenient.table);
  const auto& c = lenient.counts;
  if (c.results + c.duplicates + c.bad_rows != c.rows) std::abort();
  try {
    const auto strict = podium::career::read_results_generic(bytes, "fuzz.csv", {.strict = true});
    if (!lenient.bad_rows.empty()) std::abort();
    if (strict.table.results.size() != lenient.table.results.size()) std::abort();
  } catch (const podium::Error&) {
    if (lenient.bad_rows.empty()) std::abort();
  }
  return 0;
}
