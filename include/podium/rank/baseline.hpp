// The two baseline rankers every model must beat, scoring a RankDataset from its own columns.
//
// Contract: one score per dataset row, higher = predicted better; within a query only the order
// matters. Both are deterministic and break ties explicitly, so no tie is left to metrics.hpp's
// row-order rule:
// - points_365d: PCS points in the 365 days before the race (column "points_365d"); equal
//   points keep row order (ascending athlete index).
// - last_edition: the rider's rank in the race's previous edition (column
//   "race_last_edition_rank"; better rank = higher score); riders without one (absent, DNF) come
//   after every ranked rider; ties and the unranked are ordered by points_365d, then row order.
// Scores are positions turned around (query size - position) for last_edition, points for
// points_365d. Throws Error(InvalidInput) naming the column when the dataset lacks it.
// make_baseline_ranker wraps one as a Ranker (ranker.hpp) that needs no training and no saved
// model: train, load and save are Error(InvalidInput); explain, importance and attributions
// Error(Unsupported) (a baseline is one column); its card names the baseline.
//
//   std::vector<float> s = baseline_scores(data, Baseline::Points365d);
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "podium/rank/dataset.hpp"
#include "podium/rank/ranker.hpp"

namespace podium::rank {

enum class Baseline { Points365d, LastEdition };
const char* baseline_name(Baseline baseline);                   // "points_365d", "last_edition"
std::optional<Baseline> parse_baseline(std::string_view name);  // inverse of baseline_name

std::vector<float> baseline_scores(const RankDataset& data, Baseline baseline);
std::unique_ptr<Ranker> make_baseline_ranker(Baseline baseline);

// Index of column `name` in data.feature_names; Error(InvalidInput) naming it when absent.
std::size_t feature_column(const RankDataset& data, std::string_view name);

}  // namespace podium::rank
