// The results readers' file side (results_csv.hpp *_path): folders, companion files beside the
// table, gzip. A companion (PCS riders_info, ATP atp_players) is read into its birth days and let
// go before the table's text is read, so the two texts are never held together: each may be up to
// limits::kInflatedBytes.
#include <filesystem>
#include <string>
#include <vector>

#include "career/results_builder.hpp"
#include "podium/career/results_csv.hpp"
#include "podium/core/error.hpp"
#include "podium/core/gzip.hpp"

namespace podium::career {

ResultsImport read_results_pcs_path(const std::string& path, const ReadOptions& options) {
  namespace fs = std::filesystem;
  fs::path results = path;
  std::error_code ec;
  if (fs::is_directory(results, ec)) results /= "pcs_rider_results.csv.gz";
  if (!fs::exists(results, ec)) {
    throw Error(ErrorKind::NotFound, Place{.source = results.string()},
                "no such file (a PCS folder holds pcs_rider_results.csv.gz)");
  }
  // The riders' text is let go before the results' is read: the two are never held together.
  ResultsImport out;
  detail::Births births;
  {
    std::string riders_name;
    const std::string riders = detail::read_companion(
        results.string(), {"riders_info.csv.gz", "riders_info.csv"}, riders_name);
    births = detail::read_pcs_riders(riders, riders_name, options, out);
  }
  detail::read_pcs_results(read_file_maybe_gzip(results.string()), results.string(), births,
                           options, out);
  return out;
}

ResultsImport read_results_atp_path(const std::string& path, const ReadOptions& options) {
  namespace fs = std::filesystem;
  fs::path matches = path;
  std::error_code ec;
  if (fs::is_directory(matches, ec)) {
    std::vector<fs::path> found;
    for (const fs::directory_entry& entry : fs::directory_iterator(matches, ec)) {
      const std::string file = entry.path().filename().string();
      if (file.rfind("atp_matches", 0) == 0 &&
          (file.ends_with(".csv") || file.ends_with(".csv.gz")))
        found.push_back(entry.path());
    }
    if (found.empty()) {
      throw Error(ErrorKind::NotFound, Place{.source = path},
                  "no atp_matches*.csv[.gz] in this folder (an ATP folder holds "
                  "atp_matches_1985_2024.csv.gz and atp_players.csv.gz)");
    }
    if (found.size() > 1) {
      throw Error(ErrorKind::InvalidInput, Place{.source = path},
                  std::to_string(found.size()) + " atp_matches files in this folder; name one");
    }
    matches = found.front();
  } else if (!fs::exists(matches, ec)) {
    throw Error(ErrorKind::NotFound, Place{.source = path}, "no such file");
  }
  // The players' text is let go before the matches' is read: the two are never held together.
  ResultsImport out;
  detail::Births births;
  {
    std::string players_name;
    const std::string players = detail::read_companion(
        matches.string(), {"atp_players.csv.gz", "atp_players.csv"}, players_name);
    births = detail::read_atp_players(players, players_name, options, out);
  }
  detail::read_atp_matches(read_file_maybe_gzip(matches.string()), matches.string(), births,
                           options, out);
  return out;
}

}  // namespace podium::career
