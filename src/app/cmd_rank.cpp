// `podium rank train|evaluate`: learn-to-rank race outcomes from stored results (issue 5).
// predict, explain and strategies are in cmd_rank_explain.cpp.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "commands.hpp"
#include "podium/core/calendar.hpp"
#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/core/threads.hpp"
#include "podium/rank/evaluate.hpp"
#include "podium/rank/experiment.hpp"
#include "podium/rank/ranker.hpp"
#include "podium/rank/seasons.hpp"
#include "podium/rank/seasons_outside.hpp"
#include "rank_args.hpp"
#include "rank_pipeline.hpp"
#include "rank_seasons_view.hpp"
#include "store_access.hpp"

namespace podium::app {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::string fixed(double v, int decimals) {
  if (!std::isfinite(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

void run_train(const RankArgs& a) {
  const rank::Experiment e = a.experiment();
  const rank::RankerKind kind = a.kind();
  if (rank::is_baseline(kind)) {
    throw Error(ErrorKind::InvalidInput,
                "--model " + a.model + ": baselines and the rating system need no training");
  }
  store::Store db = open_store(a.db);
  const auto in = load_rank_inputs(db);
  auto t0 = Clock::now();
  const rank::TrainingSets sets = rank::training_sets(*in->builder, e, db.path());
  const rank::RankDataset& fit = sets.fit;
  const double features_s = seconds_since(t0);

  t0 = Clock::now();
  const std::unique_ptr<rank::Ranker> ranker = make_ranker(kind);
  ranker->train(fit, &sets.validation,
                {.seed = e.seed, .threads = checked_threads(a.threads), .rounds = a.rounds});
  const std::string bytes = ranker->save();
  json card = rank::experiment_card(ranker->card(), e, kind, sets);
  card["dropped_feature_groups"] = rank::dropped_feature_groups(e.features);
  const double train_s = seconds_since(t0);

  const std::string name = stored_model_name(kind, e.year, e.features);
  const int from = rank::first_training_season(e);
  db.save_rank_model(name, rank::ranker_kind_name(kind), card.dump(),
                     std::vector<std::uint8_t>(bytes.begin(), bytes.end()));

  if (a.json) {
    std::cout << json{{"model", name},
                      {"train_races", fit.queries()},
                      {"validation_races", sets.validation.queries()},
                      {"train_rows", fit.rows()},
                      {"features", fit.features()},
                      {"bytes", bytes.size()},
                      {"seconds",
                       {{"load", in->load_seconds},
                        {"index", in->index_seconds},
                        {"features", features_s},
                        {"train", train_s}}},
                      {"card", card}}
                     .dump(2)
              << "\n";
    return;
  }
  const bool linear = kind == rank::RankerKind::Linear;
  std::cout << "trained " << name << " on " << fit.queries() << " races (" << fit.rows()
            << " rider rows, " << fit.features() << " features) of " << from << "-" << e.year - 1
            << (linear ? ", " : ", early stopping on ") << sets.validation.queries()
            << (linear ? " held-back races unused (linear: no early stopping)\n"
                       : " held-back races\n")
            << "  load " << fixed(in->load_seconds + in->index_seconds, 2) << " s, features "
            << fixed(features_s, 2) << " s, training " << fixed(train_s, 2) << " s; saved as \""
            << name << "\" in " << db.path() << "\n";
}

json comparison_json(const rank::PairedComparison& c) {
  return {{"races", c.races},
          {"mean", c.mean_a},
          {"baseline_mean", c.mean_b},
          {"mean_difference", c.mean_difference},
          {"ci95", {c.ci_low, c.ci_high}},
          {"p_value", c.p_value},
          {"exact", c.exact},
          {"wins", c.wins},
          {"ties", c.ties},
          {"losses", c.losses}};
}

// One model's per-race rows against the baseline's, pooled over the seasons: the per-race
// table or JSON of the single-model command.
struct ModelRows {
  rank::RankerKind kind;
  std::string label;
  std::vector<rank::RaceEvaluation> rows;
};

json evaluate_json(const RankArgs& a, const RankInputs& in, const ModelRows& m,
                   const std::vector<rank::RaceEvaluation>& base_rows, std::size_t k) {
  const rank::EvaluationSummary sum = rank::summarize(m.rows, k);
  const rank::EvaluationSummary base_sum = rank::summarize(base_rows, k);
  json races = json::array();
  for (std::size_t i = 0; i < m.rows.size(); ++i) {
    const career::Event& ev = in.table.events[m.rows[i].event];
    races.push_back({{"race", m.rows[i].name},
                     {"season", m.rows[i].season},
                     {"race_key", ev.race_key},
                     {"class", ev.event_class},
                     {"date", iso_from_day(ev.start_day)},
                     {"riders", m.rows[i].riders},
                     {"relevant", m.rows[i].relevant},
                     {"ndcg10", m.rows[i].ndcg},
                     {"correct_top10", m.rows[i].correct},
                     {"baseline_ndcg10", base_rows[i].ndcg},
                     {"baseline_correct_top10", base_rows[i].correct}});
  }
  return {
      {"years", a.years},
      {"model", rank::ranker_kind_name(m.kind)},
      {"dropped_feature_groups",
       rank::dropped_feature_groups(rank::parse_feature_groups(a.features))},
      {"baseline", "points_365d"},
      {"k", k},
      {"races", races},
      {"races_without_relevant", sum.races_without_relevant},
      {"mean_ndcg10", sum.mean_ndcg},
      {"mean_correct_top10", sum.mean_correct},
      {"baseline_mean_ndcg10", base_sum.mean_ndcg},
      {"baseline_mean_correct_top10", base_sum.mean_correct},
      {"comparison",
       {{"ndcg10", comparison_json(rank::compare(m.rows, base_rows, rank::Metric::Ndcg, a.seed))},
        {"correct_top10",
         comparison_json(rank::compare(m.rows, base_rows, rank::Metric::Correct, a.seed))}}}};
}

void print_evaluate(const RankArgs& a, const RankInputs& in, const ModelRows& m,
                    const std::vector<rank::RaceEvaluation>& base_rows, std::size_t k,
                    bool per_race) {
  const rank::EvaluationSummary sum = rank::summarize(m.rows, k);
  const rank::EvaluationSummary base_sum = rank::summarize(base_rows, k);
  const auto ndcg = rank::compare(m.rows, base_rows, rank::Metric::Ndcg, a.seed);
  const auto correct = rank::compare(m.rows, base_rows, rank::Metric::Correct, a.seed);
  std::string years;
  for (const int y : a.years)
    years.append(years.empty() ? "" : ",").append(std::to_string(y));
  if (per_race) {
    std::printf("%-44s %4s %-6s %6s %5s %8s %8s %7s %7s\n", "race", "year", "class", "riders",
                "top10", "NDCG@10", "base", "correct", "base");
    for (std::size_t i = 0; i < m.rows.size(); ++i) {
      const career::Event& ev = in.table.events[m.rows[i].event];
      std::printf("%-44.44s %4d %-6s %6zu %5zu %8s %8s %7d %7d\n", m.rows[i].name.c_str(),
                  m.rows[i].season, ev.event_class.c_str(), m.rows[i].riders, m.rows[i].relevant,
                  fixed(m.rows[i].ndcg, 3).c_str(), fixed(base_rows[i].ndcg, 3).c_str(),
                  m.rows[i].correct, base_rows[i].correct);
    }
  }
  std::printf(
      "\n%s on %zu races of %s (%zu without a top-10 rider left out): mean NDCG@10 %s "
      "(baseline points_365d %s), mean correct top-10 %s (%s)\n",
      m.label.c_str(), sum.races, years.c_str(), sum.races_without_relevant,
      fixed(sum.mean_ndcg, 3).c_str(), fixed(base_sum.mean_ndcg, 3).c_str(),
      fixed(sum.mean_correct, 2).c_str(), fixed(base_sum.mean_correct, 2).c_str());
  std::printf(
      "paired vs baseline: NDCG@10 %+.3f [%.3f, %.3f] p = %.3g (%zu/%zu/%zu wins/ties/losses); "
      "correct %+.2f [%.2f, %.2f] p = %.3g\n",
      ndcg.mean_difference, ndcg.ci_low, ndcg.ci_high, ndcg.p_value, ndcg.wins, ndcg.ties,
      ndcg.losses, correct.mean_difference, correct.ci_low, correct.ci_high, correct.p_value);
}

void run_evaluate(const RankArgs& a) {
  const std::vector<rank::RankerKind> kinds = a.kinds();
  const store::Store db = open_store(a.db);
  // --pcs2023: the out-of-sample season appended to the store, its own candidate rule.
  const bool outside = !a.pcs2023.empty();
  if (outside && a.years != std::vector<int>{2023}) {
    reject_option("", "--year", std::to_string(a.years.front()),
                  "--pcs2023 holds season 2023 only");
  }
  rank::OutsideSeason season;
  const auto in = outside ? load_pcs2023_inputs(db, a.pcs2023, season) : load_rank_inputs(db);
  const auto test_set = [&](const rank::Experiment& e) {
    return outside ? rank::candidate_dataset(*in->builder, rank::test_races(in->table, e),
                                             season.candidates, e.features)
                   : rank::test_dataset(*in->builder, e);
  };
  constexpr std::size_t kTop = 10;
  const std::vector<std::string> dropped =
      rank::dropped_feature_groups(rank::parse_feature_groups(a.features));
  std::vector<ModelRows> models;
  for (const rank::RankerKind kind : kinds) {
    std::string label = rank::ranker_kind_name(kind);
    for (std::size_t i = 0; i < dropped.size(); ++i)
      label.append(i == 0 ? " without " : ",").append(dropped[i]);
    models.push_back({.kind = kind, .label = label, .rows = {}});
  }
  std::vector<rank::RaceEvaluation> base_rows;
  for (const int year : a.years) {
    const rank::Experiment e = a.experiment(year);
    const rank::RankDataset test = test_set(e);
    if (test.queries() == 0) {
      throw Error(ErrorKind::NotFound, db.path() + ": no test races in " + std::to_string(year));
    }
    for (ModelRows& m : models) {
      const std::vector<float> scores =
          open_ranker(db, *in, m.kind, year, test.feature_names)->score(test);
      for (auto& r : rank::evaluate_races(in->table, test, scores, kTop))
        m.rows.push_back(std::move(r));
    }
    // The baseline reads points_365d whatever the ablation: the same races with every column.
    rank::Experiment full = e;
    full.features = {};
    const rank::RankDataset base_test = dropped.empty() ? test : test_set(full);
    const std::vector<float> base =
        open_ranker(db, *in, rank::RankerKind::BaselinePoints, year, base_test.feature_names)
            ->score(base_test);
    for (auto& r : rank::evaluate_races(in->table, test, base, kTop))
      base_rows.push_back(std::move(r));
  }
  // Seasons are the unit of replication (rank/seasons.hpp): one Holm family over every model's
  // per-season and leave-one-season-out comparisons.
  std::vector<rank::SeasonReport> reports;
  std::vector<std::string> labels;
  for (const ModelRows& m : models) {
    reports.push_back(rank::season_report(m.rows, base_rows, rank::Metric::Ndcg, a.seed));
    labels.push_back(m.label);
  }
  const std::size_t family = rank::holm_over(reports);

  if (a.json) {
    json out;
    if (models.size() == 1) {
      out = evaluate_json(a, *in, models[0], base_rows, kTop);
    } else {
      out = {{"years", a.years}, {"models", json::array()}};
      for (const ModelRows& m : models)
        out["models"].push_back(evaluate_json(a, *in, m, base_rows, kTop));
    }
    out["seasons"] = seasons_json(labels, reports, family);
    if (outside) out["outside_season"] = outside_json(a.pcs2023, season);
    std::cout << out.dump(2) << "\n";
    return;
  }
  if (outside) print_outside(a.pcs2023, season);
  for (const ModelRows& m : models)
    print_evaluate(a, *in, m, base_rows, kTop, models.size() == 1);
  print_seasons(labels, reports, family);
}

}  // namespace

void add_rank_commands(CLI::App& group) {
  CLI::App* rank = &group;
  rank->require_subcommand(1);

  auto train = std::make_shared<RankArgs>();
  CLI::App* t = rank->add_subcommand("train", "Train a ranker on the seasons before --year");
  train->add_common(*t);
  t->add_option("--rounds", train->rounds, "XGBoost boosting rounds (upper bound; early stopping)");
  t->callback([train] { run_train(*train); });

  auto eval = std::make_shared<RankArgs>();
  CLI::App* e = rank->add_subcommand("evaluate",
                                     "NDCG@10 and correct top-10 on --year's races against the "
                                     "points baseline: pooled, per season "
                                     "and leaving each season out (Holm over those)");
  eval->add_common(*e, /*several_years=*/true);
  e->add_option("--pcs2023", eval->pcs2023,
                "Evaluate on the 2023 scrape in this folder (coureurs2023.csv, courses2023.csv) "
                "appended to the store: candidates are its UCI top 500 (docs/science.md)");
  e->callback([eval] { run_evaluate(*eval); });

  add_rank_explain_commands(*rank);
}

}  // namespace podium::app
