// Bytes as the 2023 scrape (career/results_pcs2023.hpp): before the first 0 byte the riders file
// (coureurs2023.csv), after it the races file (courses2023.csv); without a 0 byte both readers get
// the whole input. Either reader throws podium::Error or returns records whose lines are past the
// header, whose names have a non-empty key and whose dates are real; the riders are then
// reconciled against a table of their own names, every match in range.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "podium/career/results_pcs2023.hpp"
#include "podium/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string_view riders_bytes = bytes;
  std::string_view races_bytes = bytes;
  if (const std::size_t zero = bytes.find('\0'); zero != std::string_view::npos) {
    riders_bytes = bytes.substr(0, zero);
    races_bytes = bytes.substr(zero + 1);
  }
  namespace career = podium::career;
  try {
    const std::vector<career::Pcs2023Rider> riders =
        career::read_pcs2023_riders(riders_bytes, "coureurs2023.csv");
    career::ResultsTable table;
    for (const career::Pcs2023Rider& r : riders) {
      if (r.line < 2 || r.uci_rank < 1 || career::rider_name_key(r.name).empty()) std::abort();
      table.athletes.push_back({.id = r.name, .birth_day = r.birth_day});
    }
    const career::RiderMatches m = career::match_riders(table, riders);
    if (m.athlete.size() != riders.size() || m.how.size() != riders.size()) std::abort();
    for (const std::int32_t a : m.athlete) {
      if (a < -1 || a >= static_cast<std::int32_t>(table.athletes.size())) std::abort();
    }
  } catch (const podium::Error&) {
  }
  try {
    for (const career::Pcs2023Race& r : career::read_pcs2023_races(races_bytes, "courses.csv")) {
      if (r.line < 2 || career::race_key(r.name).empty()) std::abort();
      if (r.day < *career::day_from_ymd(1800, 1, 1) ||
          r.day > *career::day_from_ymd(2200, 12, 31)) {
        std::abort();
      }
    }
  } catch (const podium::Error&) {
  }
  return 0;
}
