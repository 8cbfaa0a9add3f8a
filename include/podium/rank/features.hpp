// Race features for learning to rank: for every rider who has a result row for a race, what their
// results before that race say about them (age, form, season and career points, earlier editions
// of this race, rider-type shares, same-class results). docs/rank-features.md defines each
// feature (definition, window, missing value).
//
// Contract: a feature for race R (start day D = R.start_day) uses only results with day < D (the
// leakage rule of career/results.hpp); R's own rows give the candidates and the labels, nothing
// else. Candidates = athletes with any result row for R (the data has no start lists, so DNF, DNS
// and unranked rows count as starters), in ascending athlete index. Label = relevance_from_rank
// of the rider's best ranked row for R (0 when none is ranked). Season = calendar year of D.
// Units are in the names (points_365d = PCS points in the 365 days before D); NaN = missing.
// The builder keeps a pointer to the table: the table must outlive it and stay unchanged.
// Building indexes the table once (sort per athlete, prefix sums): O(n log n) in result rows,
// then a rider-race feature row costs O(log n) plus a scan of the rider's last 365 days.
//
//   FeatureBuilder features(table);
//   RankDataset train = build_dataset(features, training_races(table, 2018, 2005, classes), {});
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "podium/career/results.hpp"
#include "podium/rank/dataset.hpp"

namespace podium::rank {

// Feature groups, switchable for ablation (docs/rank-features.md lists their columns): age (age,
// career length), form (the last 6 weeks: points, race days, best rank, rest, trend), points
// (season, 365-day, past-season and career points), one_day (one-day points and top 10s in 365
// days), history (race_*: earlier editions of this race), type (share_points_*: past points by
// career::race_type), class (class_*: one-day races of the race's own UCI class). Dropping a group
// removes its columns; the rest keep their order.
// The first three fields keep their places: callers initialise them by position.
struct FeatureOptions {
  bool race_history = true;  // "history"
  bool type_shares = true;   // "type"
  bool same_class = true;    // "class"
  bool age = true;
  bool form = true;
  bool points = true;
  bool one_day = true;
};

// Group names in column order: age, form, points, one_day, history, type, class.
const std::vector<std::string>& feature_group_names();
// "-form,-history" (or "" = every group): each item a '-' and a group name, comma-separated.
// Error(InvalidInput), one line naming the item and the groups: an unknown group, an item without
// '-', or no group left.
FeatureOptions parse_feature_groups(std::string_view spec);
// Groups switched off, in group order ({} for every group on).
std::vector<std::string> dropped_feature_groups(const FeatureOptions& options);
// The options whose feature_names are `names` (Error(InvalidInput) when no selection of groups
// gives them): lets a caller holding a dataset's columns name its ablation.
FeatureOptions feature_options_from_names(const std::vector<std::string>& names);

// Column names, in dataset order, for these options.
std::vector<std::string> feature_names(const FeatureOptions& options);

class FeatureBuilder {
 public:
  explicit FeatureBuilder(const career::ResultsTable& table);

  const career::ResultsTable& table() const { return *table_; }
  // Athletes with a result row for `event` (ascending, each once).
  std::vector<std::int32_t> candidates(std::int32_t event) const;
  // Relevance label of `athlete` in `event` (0 when not ranked there).
  float label(std::int32_t athlete, std::int32_t event) const;
  // Writes feature_names(options).size() values for `athlete` before `race` to `out`.
  void features(std::int32_t athlete, std::int32_t race, const FeatureOptions& options,
                float* out) const;

 private:
  struct Range {
    std::size_t begin = 0, end = 0;
  };
  // [first, last) of the athlete's rows (in `days`, sorted) with lo <= day < hi.
  static Range window(const std::vector<career::Day>& days, Range athlete, career::Day lo,
                      career::Day hi);
  double points_sum(Range athlete_points, Range rows, int type) const;

  const career::ResultsTable* table_;
  // All rows per athlete, sorted by (day, result index): CSR over athletes.
  std::vector<std::size_t> row_offsets_;
  std::vector<career::Day> row_day_;
  std::vector<std::int32_t> row_result_;
  // Rows with points != 0 per athlete, same order, with inclusive per-athlete prefix sums per
  // race type (kRaceTypeCount columns) and in total (last column).
  std::vector<std::size_t> point_offsets_;
  std::vector<career::Day> point_day_;
  std::vector<double> point_cum_;
  // Distinct race days (one-day races and stages) per athlete, ascending.
  std::vector<std::size_t> race_day_offsets_;
  std::vector<career::Day> race_day_;
  // Result rows per event.
  std::vector<std::size_t> event_offsets_;
  std::vector<std::int32_t> event_results_;
  // Earliest day of an event's rows (INT32_MAX without rows): an earlier edition counts for a
  // race on day D when it has a row known before D.
  std::vector<career::Day> event_first_day_;
  // Id of each event's event_class (equal strings, equal ids).
  std::vector<std::int32_t> event_class_;
  // Per race_key (id per distinct non-empty key): result rows sorted by (athlete, day, index).
  std::vector<std::int32_t> event_key_;
  std::vector<std::size_t> key_offsets_;
  std::vector<std::int32_t> key_results_;
  std::vector<std::int32_t> key_athletes_;
  // Per race_key: its events sorted by (event_first_day_, index).
  std::vector<std::size_t> key_event_offsets_;
  std::vector<std::int32_t> key_events_;
};

// One query per race in `races` order, skipping races without candidates (`events` says which
// remain). A race's candidates are its result rows (FeatureBuilder::candidates) or, when
// `candidates` is given, those athletes for every race (a season without start lists,
// seasons_outside.hpp). Throws Error(InvalidInput) naming the race index or the athlete when one
// is out of range.
RankDataset build_dataset(const FeatureBuilder& builder, const std::vector<std::int32_t>& races,
                          const FeatureOptions& options,
                          const std::optional<std::vector<std::int32_t>>& candidates = {});

}  // namespace podium::rank
