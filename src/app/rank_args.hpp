// The options every `podium rank` subcommand shares, and their translation into a rank::Experiment
// and a ranker kind.
#pragma once

#include <CLI/CLI.hpp>
#include <algorithm>
#include <string>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/rank/experiment.hpp"
#include "podium/rank/ranker.hpp"
#include "store_access.hpp"

namespace podium::app {

struct RankArgs {
  std::string db;
  int year = 0;
  std::vector<int> years;  // evaluate only: several test seasons pooled
  std::string model = "xgboost";
  std::string race;
  std::string athlete;
  std::string races = "default";
  std::string train_classes = "pro";
  std::string features;  // feature groups dropped: "-form,-history"
  std::string pcs2023;   // evaluate only: the 2023 scrape's folder (out-of-sample season)
  int train_from = 0;
  int threads = 1;
  int rounds = 0;
  int top = 10;
  std::uint64_t seed = 42;
  bool json = false;

  // `several_years`: --year takes a comma list (evaluate pools the races of every season, each
  // scored by the model trained for it).
  void add_common(CLI::App& cmd, bool several_years = false) {
    if (several_years) {
      cmd.add_option("--year", years,
                     "Test season(s), comma-separated: each is scored by the model trained on "
                     "the seasons before it; races are pooled")
          ->required()
          ->delimiter(',')
          ->check(CLI::Range(1900, 2200));
    } else {
      cmd.add_option("--year", year, "Test season: models train on the seasons before it")
          ->required()
          ->check(CLI::Range(1900, 2200));
    }
    cmd.add_option(
        "--model", model,
        "xgboost (= xgboost-ndcg), xgboost-pairwise, neural, baseline (points in the "
        "previous 365 days), baseline-last-edition, trueskill (rating over every "
        "earlier result, no training), linear (pairwise logistic); evaluate: a comma list");
    cmd.add_option("--race", race, "One race: its race_key or part of its name");
    cmd.add_option("--races", races,
                   "Test races without --race: default (WorldTour one-day races and the 11 "
                   "spring classics), worldtour, classics, all (every one-day race of any class)")
        ->check(CLI::IsMember({"default", "worldtour", "classics", "all"}));
    cmd.add_option("--train-classes", train_classes,
                   "One-day race classes trained on: worldtour, top (WorldTour and its "
                   "predecessors, 1.HC, 1.Pro), pro (+ 1.1, championships; default), all")
        ->check(CLI::IsMember({"worldtour", "top", "pro", "all"}));
    cmd.add_option("--features", features,
                   "Feature groups to leave out (ablation), e.g. -form,-history; groups: age, "
                   "form, points, one_day, history (race_*), type (share_points_*), class "
                   "(class_*); models are stored per selection");
    cmd.add_option("--train-from", train_from, "First training season (default: --year - 15)");
    cmd.add_option("--threads", threads, "Training threads, 1..256 (1 keeps results bit-for-bit)");
    cmd.add_option("--seed", seed, "Seed for training and the paired tests");
    cmd.add_flag("--json", json, "JSON instead of a table");
    add_db_option(cmd, db);
  }

  rank::Experiment experiment() const { return experiment(year); }
  rank::Experiment experiment(int test_year) const {
    rank::Experiment e;
    e.year = test_year;
    e.train_from = train_from;
    e.train_classes = *rank::parse_race_class_set(train_classes);  // checked by CLI11
    e.test_races = *rank::parse_test_races(races);                 // checked by CLI11
    e.race = race;
    e.seed = seed;
    e.features = rank::parse_feature_groups(features);
    if (train_from != 0 && train_from >= test_year) {
      reject_option("", "--train-from", std::to_string(train_from),
                    "must be before --year " + std::to_string(test_year));
    }
    return e;
  }

  rank::RankerKind kind() const { return kind_of(model); }
  // evaluate: --model may be a comma list, each model compared with the points baseline.
  std::vector<rank::RankerKind> kinds() const {
    std::vector<rank::RankerKind> out;
    std::size_t begin = 0;
    while (begin <= model.size()) {
      const std::size_t end = std::min(model.find(',', begin), model.size());
      out.push_back(kind_of(model.substr(begin, end - begin)));
      begin = end + 1;
    }
    return out;
  }
  static rank::RankerKind kind_of(const std::string& name) {
    if (const auto k = rank::parse_ranker_kind(name)) return *k;
    throw Error(ErrorKind::InvalidInput,
                "--model \"" + name +
                    "\": expected xgboost, xgboost-ndcg, xgboost-pairwise, neural, baseline, "
                    "baseline-last-edition, trueskill or linear");
  }
};

// predict, explain, strategies (cmd_rank_explain.cpp).
void add_rank_explain_commands(CLI::App& rank);

}  // namespace podium::app
