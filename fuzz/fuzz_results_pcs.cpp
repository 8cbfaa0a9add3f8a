// Bytes as a PCS results file to career::read_results_pcs (the first line break splits off a
// riders_info part when the input holds a 0 byte: riders before it, results after), lenient and
// strict; the same accounting and consistency checks as fuzz_results_generic.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "podium/career/results_csv.hpp"
#include "podium/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string_view riders;
  const std::size_t zero = bytes.find('\0');
  if (zero != std::string_view::npos) {
    riders = bytes.substr(0, zero);
    bytes = bytes.substr(zero + 1);
  }
  podium::career::ResultsImport lenient;
  try {
    lenient = podium::career::read_results_pcs(bytes, "pcs.csv", riders, "riders.csv", {});
  } catch (const podium::Error&) {
    return 0;
  }
  const auto& t = lenient.table;
  std::int64_t results_file_bad = 0;
  for (const auto& b : lenient.bad_rows)
    results_file_bad += b.place.source == "pcs.csv" ? 1 : 0;
  const auto& c = lenient.counts;
  if (c.results + c.duplicates + c.header_rows + results_file_bad != c.rows) std::abort();
  for (const auto& r : t.results) {
    if (r.event < 0 || r.event >= static_cast<std::int32_t>(t.events.size())) std::abort();
    if (r.athlete < 0 || r.athlete >= static_cast<std::int32_t>(t.athletes.size())) std::abort();
    const auto& e = t.events[r.event];
    if (e.kind == podium::career::EventKind::StageRace) std::abort();  // headers hold no results
    if (e.kind == podium::career::EventKind::Classification && r.day != t.events[e.parent].end_day)
      std::abort();
  }
  try {
    podium::career::read_results_pcs(bytes, "pcs.csv", riders, "riders.csv", {.strict = true});
    if (!lenient.bad_rows.empty()) std::abort();
  } catch (const podium::Error&) {
    if (lenient.bad_rows.empty()) std::abort();
  }
  return 0;
}
