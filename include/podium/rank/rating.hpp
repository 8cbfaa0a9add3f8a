// A rating-system baseline for race ranking: TrueSkill (Herbrich, Minka & Graepel, NIPS 2007)
// over every result known before a race, the kind of baseline a reviewer asks a learned ranker to
// beat (issue 15). No training, no features: the ratings come from the results table alone.
//
// Contract, one game (trueskill_update): single-player teams ranked by `ranks` (lower = better,
// equal = a draw), updated with the standard factor-graph approximation of the paper: Gaussian
// skills, performances with noise beta, a chain of difference factors between neighbours in
// finishing order with win / draw truncation factors, solved by expectation propagation (the
// chain schedule of the paper, until no message moves by more than 1e-4 or after 100 sweeps).
// Before the game every player's variance grows by tau^2 (the dynamics: a rider's rating decays
// once per race day he is ranked in, not per idle calendar day). Draw margin from draw_probability:
// eps = Phi^-1((p + 1) / 2) * sqrt(2) * beta. With the defaults (mu 25, sigma 25/3, beta 25/6, tau
// 25/300, draw probability 0.1) two new players give 29.396 / 20.604, sigma 7.171 (the published
// TrueSkill numbers). Fewer than 2 players: unchanged.
//
// Contract, history (trueskill_scores): the games are the one-day races and stages
// (career::is_race_day rows) with at least two ranked riders; a game's riders are its Ranked rows
// (rank >= 1; DNF, OTL, DSQ and unranked rows say nothing about the order and are left out, DNS
// rows are not starts), a rider with two rows keeping the better rank; every class counts (the
// whole history rates riders). Games are replayed in date order (the latest day of the game's
// rows, then event index). For a query (race R, start day D) of `data`, a rider's rating is the
// one after every game whose rows all have day < D (the leakage rule of career/results.hpp);
// riders without such a game are at the prior (mu0, sigma0). Score = mu - k * sigma (k = 3: the
// conservative rating, so an unknown rider ranks below a known average one); equal scores keep
// row order (metrics.hpp). Deterministic. `data`'s athletes and events must index `table`
// (Error(InvalidInput) naming the row otherwise); bad options are Error(InvalidInput) naming the
// option.
// make_trueskill_ranker wraps it as a Ranker (ranker.hpp, kind TrueSkill) bound to the table:
// train, load and save are Error(InvalidInput), explanations Error(Unsupported).
//
//   const std::vector<Rating> two(2);  const std::vector<std::int32_t> ranks{1, 2};
//   std::vector<Rating> after = trueskill_update(two, ranks, {});  // 29.396 / 20.604
//   std::vector<float> s = trueskill_scores(table, test, {});
//   std::unique_ptr<Ranker> r = make_trueskill_ranker(table);
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "podium/career/results.hpp"
#include "podium/rank/dataset.hpp"
#include "podium/rank/ranker.hpp"

namespace podium::rank {

struct TrueSkillOptions {
  double mu = 25.0;                // prior mean of a new rider
  double sigma = 25.0 / 3.0;       // prior standard deviation
  double beta = 25.0 / 6.0;        // performance noise: a beta skill gap wins ~76 % of duels
  double tau = 25.0 / 300.0;       // dynamics: standard deviation added per game
  double draw_probability = 0.10;  // of two equal riders tying; sets the draw margin
  double k = 3.0;                  // score = mu - k * sigma
};

struct Rating {
  double mu = 25.0;
  double sigma = 25.0 / 3.0;
};

// Posterior ratings of one game, in the order of `players`; `ranks` one per player.
std::vector<Rating> trueskill_update(std::span<const Rating> players,
                                     std::span<const std::int32_t> ranks,
                                     const TrueSkillOptions& options);

// One score per row of `data`: mu - k * sigma before the row's race.
std::vector<float> trueskill_scores(const career::ResultsTable& table, const RankDataset& data,
                                    const TrueSkillOptions& options);

// The table must outlive the ranker and stay unchanged.
std::unique_ptr<Ranker> make_trueskill_ranker(const career::ResultsTable& table,
                                              const TrueSkillOptions& options = {});

}  // namespace podium::rank
