#include "rank_seasons_view.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

#include "podium/career/results_pcs2023.hpp"

namespace podium::app {

namespace {

constexpr const char* kOutsideRule =
    "candidates: every rider of the scrape's UCI top 500 (no start lists; a season-end ranking); "
    "relevance from the race's top 10; features from the store and the scrape's earlier 2023 "
    "top 10s (points imputed), nothing from the race day on";

constexpr const char* kSeasonsCorrection =
    "Holm (step-down, family-wise error rate) over every per-season and leave-one-season-out "
    "NDCG@10 comparison listed";

std::string seasons_fixed(double v, const char* format) {
  if (!std::isfinite(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

void seasons_print_row(const std::string& label, const std::string& what,
                       const rank::SeasonComparison& s) {
  const rank::PairedComparison& c = s.comparison;
  std::printf("%-28.28s %-12s %5zu %7s %7s %8s [%s, %s] %8s %8s %4zu/%zu/%zu\n", label.c_str(),
              what.c_str(), c.races, seasons_fixed(c.mean_a, "%.3f").c_str(),
              seasons_fixed(c.mean_b, "%.3f").c_str(),
              seasons_fixed(c.mean_difference, "%+.3f").c_str(),
              seasons_fixed(c.ci_low, "%+.3f").c_str(), seasons_fixed(c.ci_high, "%+.3f").c_str(),
              seasons_fixed(c.p_value, "%.2g").c_str(), seasons_fixed(s.p_holm, "%.2g").c_str(),
              c.wins, c.ties, c.losses);
}

nlohmann::json seasons_row_json(const rank::SeasonComparison& s, const char* season_key) {
  const rank::PairedComparison& c = s.comparison;
  const auto number = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nullptr; };
  return {{season_key, s.season},
          {"races", c.races},
          {"mean", number(c.mean_a)},
          {"baseline_mean", number(c.mean_b)},
          {"mean_difference", number(c.mean_difference)},
          {"ci95", {number(c.ci_low), number(c.ci_high)}},
          {"p_value", number(c.p_value)},
          {"p_holm", number(s.p_holm)},
          {"exact", c.exact},
          {"wins", c.wins},
          {"ties", c.ties},
          {"losses", c.losses}};
}

}  // namespace

void print_seasons(const std::vector<std::string>& labels,
                   const std::vector<rank::SeasonReport>& reports, std::size_t family) {
  std::printf(
      "\nSeasons as the unit of replication (NDCG@10 vs baseline points_365d; 95 %% bootstrap "
      "interval over races, two-sided sign-flip p; p_holm: %s, %zu comparisons)\n",
      kSeasonsCorrection, family);
  std::printf("%-28s %-12s %5s %7s %7s %8s %17s %8s %8s %s\n", "model", "season", "races", "NDCG",
              "base", "diff", "95 % CI", "p", "p_holm", "w/t/l");
  for (std::size_t i = 0; i < reports.size(); ++i) {
    for (const rank::SeasonComparison& s : reports[i].per_season)
      seasons_print_row(labels[i], std::to_string(s.season), s);
    for (const rank::SeasonComparison& s : reports[i].leave_one_out)
      seasons_print_row(labels[i], "without " + std::to_string(s.season), s);
  }
}

nlohmann::json seasons_json(const std::vector<std::string>& labels,
                            const std::vector<rank::SeasonReport>& reports, std::size_t family) {
  nlohmann::json models = nlohmann::json::array();
  for (std::size_t i = 0; i < reports.size(); ++i) {
    nlohmann::json per_season = nlohmann::json::array();
    nlohmann::json loso = nlohmann::json::array();
    for (const rank::SeasonComparison& s : reports[i].per_season)
      per_season.push_back(seasons_row_json(s, "season"));
    for (const rank::SeasonComparison& s : reports[i].leave_one_out)
      loso.push_back(seasons_row_json(s, "left_out"));
    models.push_back(
        {{"model", labels[i]}, {"per_season", per_season}, {"leave_one_season_out", loso}});
  }
  return {{"metric", "ndcg10"},
          {"baseline", "points_365d"},
          {"correction", kSeasonsCorrection},
          {"family", family},
          {"models", models}};
}

std::unique_ptr<RankInputs> load_pcs2023_inputs(const store::Store& db, const std::string& dir,
                                                rank::OutsideSeason& season) {
  const career::Pcs2023Season scrape = career::read_pcs2023_folder(dir);
  std::unique_ptr<RankInputs> stored = load_rank_inputs(db);
  const auto t0 = std::chrono::steady_clock::now();
  season = rank::append_pcs2023(stored->table, scrape);
  auto in = std::make_unique<RankInputs>();
  in->table = std::move(season.table);
  season.table = {};
  in->builder.emplace(in->table);
  in->load_seconds = stored->load_seconds;
  in->index_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return in;
}

nlohmann::json outside_json(const std::string& dir, const rank::OutsideSeason& season) {
  std::map<std::string, std::size_t> how;
  for (const career::RiderMatch m : season.riders.how)
    ++how[career::rider_match_name(m)];
  return {{"source", dir},
          {"candidate_rule", kOutsideRule},
          {"riders", season.riders.athlete.size()},
          {"riders_matched", season.riders.matched()},
          {"match", how},
          {"candidates", season.candidates.size()},
          {"finishers", season.finishers},
          {"finishers_in_history", season.finishers_in_history},
          {"finishers_candidates", season.finishers_candidates},
          {"finishers_unresolved", season.finishers_unresolved},
          {"races_skipped", season.races_skipped},
          {"points_imputed", season.points_imputed}};
}

void print_outside(const std::string& dir, const rank::OutsideSeason& season) {
  std::printf(
      "out-of-sample season from %s: %zu of %zu top-500 riders matched to the store's riders; "
      "%zu candidates per race; %zu top-10 places appended (%zu to store riders, %zu to "
      "candidates, %zu with imputed points), %zu left out (a name several riders share), %zu "
      "rows of no known kind skipped\n%s\n\n",
      dir.c_str(), season.riders.matched(), season.riders.athlete.size(), season.candidates.size(),
      season.finishers, season.finishers_in_history, season.finishers_candidates,
      season.points_imputed, season.finishers_unresolved, season.races_skipped, kOutsideRule);
}

}  // namespace podium::app
