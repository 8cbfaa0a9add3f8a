// An out-of-sample season from another scrape (career/results_pcs2023.hpp: the 2023 UCI top 500
// and the top 10 of 472 races and stages), appended to the results a ranker was trained on, and
// its test queries under a stated candidate rule (issue 15: evaluated once, frozen defaults).
//
// Contract, append_pcs2023: returns a copy of `history` with the season appended. Riders of the
// top-500 list are reconciled with `history`'s athletes (career::match_riders); the unmatched get
// a new athlete "pcs2023:<name key>" with the file's birth day. A finisher name of a race resolves
// to the top-500 rider with its name key, else to the history athlete with that key, else to a
// new athlete "pcs2023:<key>" (no birth day); a key two top-500 riders (or, outside the list, two
// history athletes) share cannot say which one finished: the place is left out and counted
// (finishers_unresolved). Each one-day race (class 1.*, NC, WC) becomes an
// OneDay event, each stage (class 2.*) a Stage under one StageRace header per race name (its
// first and last stage day); the two "Final" rows of other classes and the empty records are
// skipped (counted). Events get season = the year of their day and race_key(name), with the
// renamings of this scrape mapped to the keys of the history ("E3 Saxo Classic" -> e3-harelbeke,
// "BEMER Cyclassics" -> cyclassics-hamburg). Each named place becomes a Ranked row (rank = place,
// day = race day; a name twice in one race keeps its first place). The scrape has no points: a row
// gets the median PCS points of the history's Ranked rows of seasons >= 2019 with the same class,
// kind (one-day or stage) and rank (0 when there are none), so that points features and the points
// baseline see the season; this imputation is the only invented quantity. Candidates: every top-500
// rider (the scrape has no start lists; the list is the season-end ranking, so it is selected
// partly on the outcomes being predicted — a mild, shared advantage for every ranker, stated
// wherever it is reported). Deterministic. The test queries are build_dataset(builder, races,
// options, candidates) (features.hpp): one row per candidate (ascending athlete index) in every
// race, labels from the race's rows; races with no candidate ranked in the top 10 are kept (their
// NDCG is NaN, evaluate.hpp counts them); features from results before the race day only.
//
//   career::Pcs2023Season s = career::read_pcs2023_folder(dir);
//   OutsideSeason o = append_pcs2023(history, s);
//   FeatureBuilder b(o.table);
//   RankDataset test = build_dataset(b, test_races(o.table, {.year = 2023}), {}, o.candidates);
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "podium/career/results.hpp"
#include "podium/career/results_pcs2023.hpp"
#include "podium/rank/dataset.hpp"
#include "podium/rank/features.hpp"

namespace podium::rank {

struct OutsideSeason {
  career::ResultsTable table;
  std::vector<std::int32_t> candidates;  // ascending athlete indices of `table`
  career::RiderMatches riders;           // the top-500 list against the history
  std::size_t finishers = 0;             // named places appended
  std::size_t finishers_in_history = 0;  // of them resolved to a history athlete
  std::size_t finishers_candidates = 0;  // of them a top-500 rider
  std::size_t finishers_unresolved = 0;  // places left out: a name key of several riders
  std::size_t races_skipped = 0;         // rows of no known kind
  std::size_t points_imputed = 0;        // rows given a median points value > 0
};

OutsideSeason append_pcs2023(const career::ResultsTable& history,
                             const career::Pcs2023Season& season);

}  // namespace podium::rank
