// Bytes as ATP matches to career::read_results_atp (a 0 byte splits off an atp_players part:
// players before it, matches after), lenient and strict. Lenient must account for every match
// row (kept, skipped or bad), give each kept match at most two results, and produce a consistent
// table with places >= 1 and points from the scale; strict may only succeed when lenient found
// no bad row, and then agree with it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>
#include <utility>

#include "podium/career/results_csv.hpp"
#include "podium/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string_view players;
  const std::size_t zero = bytes.find('\0');
  if (zero != std::string_view::npos) {
    players = bytes.substr(0, zero);
    bytes = bytes.substr(zero + 1);
  }
  podium::career::ResultsImport lenient;
  try {
    lenient = podium::career::read_results_atp(bytes, "m.csv", players, "p.csv", {});
  } catch (const podium::Error&) {
    return 0;
  }
  const auto& t = lenient.table;
  const auto& c = lenient.counts;
  std::int64_t matches_bad = 0;
  for (const auto& b : lenient.bad_rows)
    matches_bad += b.place.source == "m.csv" ? 1 : 0;
  const std::int64_t kept = c.rows - c.skipped - matches_bad;
  if (kept < 0 || c.results > 2 * kept || c.duplicates != 0) std::abort();
  if ((kept == 0) != t.results.empty()) std::abort();
  std::set<std::pair<std::int32_t, std::int32_t>> seen;
  for (const auto& r : t.results) {
    if (r.event < 0 || r.event >= static_cast<std::int32_t>(t.events.size())) std::abort();
    if (r.athlete < 0 || r.athlete >= static_cast<std::int32_t>(t.athletes.size())) std::abort();
    if (r.rank < 1 || r.points < 0 || r.points > 2000) std::abort();
    if (r.day != t.events[r.event].start_day) std::abort();
    if (!seen.insert({r.event, r.athlete}).second) std::abort();
  }
  try {
    const auto strict =
        podium::career::read_results_atp(bytes, "m.csv", players, "p.csv", {.strict = true});
    if (!lenient.bad_rows.empty()) std::abort();
    if (strict.table.results.size() != lenient.table.results.size()) std::abort();
  } catch (const podium::Error&) {
    if (lenient.bad_rows.empty()) std::abort();
  }
  return 0;
}
