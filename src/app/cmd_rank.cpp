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
#include "podium/core/threads.hpp"
#include "podium/rank/coverage.hpp"
#include "podium/rank/evaluate.hpp"
#include "podium/rank/experiment.hpp"
#include "podium/rank/ranker.hpp"
#include "rank_args.hpp"
#include "rank_pipeline.hpp"
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

// `rank evaluate` only: the paper-comparable selection and which ideal DCG the table shows.
struct EvaluateOptions {
  bool paper = false;         // the six classics of the re-implementation (coverage.hpp)
  std::string idcg = "race";  // "race": the race's own labels; "fixed": 29.97 (the paper's)
};

json paired_json(const rank::PairedEvaluation& p) {
  return {{"races", p.model.races - p.model.races_damaged - p.model.races_without_relevant},
          {"mean_ndcg10", p.model.mean_ndcg},
          {"mean_ndcg10_fixed_idcg", p.model.mean_ndcg_fixed},
          {"mean_correct_top10", p.model.mean_correct},
          {"baseline_mean_ndcg10", p.baseline.mean_ndcg},
          {"baseline_mean_ndcg10_fixed_idcg", p.baseline.mean_ndcg_fixed},
          {"baseline_mean_correct_top10", p.baseline.mean_correct},
          {"comparison",
           {{"ndcg10", comparison_json(p.ndcg)},
            {"ndcg10_fixed_idcg", comparison_json(p.ndcg_fixed)},
            {"correct_top10", comparison_json(p.correct)}}}};
}

void print_paired(const char* what, const rank::PairedEvaluation& p, bool fixed_idcg) {
  const double m = fixed_idcg ? p.model.mean_ndcg_fixed : p.model.mean_ndcg;
  const double b = fixed_idcg ? p.baseline.mean_ndcg_fixed : p.baseline.mean_ndcg;
  const rank::PairedComparison& n = fixed_idcg ? p.ndcg_fixed : p.ndcg;
  const rank::PairedComparison& c = p.correct;
  std::printf(
      "%s, %zu races: mean NDCG@10 %s (baseline %s), %+.3f [%.3f, %.3f] p = %.3g "
      "(%zu/%zu/%zu); correct top-10 %s (%s), %+.2f [%.2f, %.2f] p = %.3g\n",
      what, n.races, fixed(m, 3).c_str(), fixed(b, 3).c_str(), n.mean_difference, n.ci_low,
      n.ci_high, n.p_value, n.wins, n.ties, n.losses, fixed(p.model.mean_correct, 2).c_str(),
      fixed(p.baseline.mean_correct, 2).c_str(), c.mean_difference, c.ci_low, c.ci_high, c.p_value);
}

void run_evaluate(const RankArgs& a, const EvaluateOptions& o) {
  const rank::RankerKind kind = a.kind();
  const store::Store db = open_store(a.db);
  const auto in = load_rank_inputs(db);
  constexpr std::size_t kTop = 10;
  std::vector<rank::RaceEvaluation> rows, base_rows;
  for (const int year : a.years) {
    const rank::Experiment e = a.experiment(year);
    const rank::RankDataset test = rank::test_dataset(*in->builder, e);
    if (test.queries() == 0) {
      throw Error(ErrorKind::NotFound, db.path() + ": no test races in " + std::to_string(year));
    }
    const std::vector<float> scores =
        open_ranker(db, *in, kind, year, test.feature_names)->score(test);
    // The baseline reads points_365d whatever the ablation: the same races with every column.
    rank::Experiment full = e;
    full.features = {};
    const rank::RankDataset base_test = rank::dropped_feature_groups(e.features).empty()
                                            ? test
                                            : rank::test_dataset(*in->builder, full);
    const std::vector<float> base =
        open_ranker(db, *in, rank::RankerKind::BaselinePoints, year, base_test.feature_names)
            ->score(base_test);
    for (auto& r : rank::evaluate_races(in->table, test, scores, kTop))
      rows.push_back(r);
    for (auto& r : rank::evaluate_races(in->table, test, base, kTop))
      base_rows.push_back(r);
  }
  if (o.paper) {
    rows = rank::paper_races(rows, in->table);
    base_rows = rank::paper_races(base_rows, in->table);
    if (rows.empty()) {
      throw Error(ErrorKind::NotFound, db.path() +
                                           ": none of the six classics (--paper) among "
                                           "the test races of --races " +
                                           a.races);
    }
  }
  // The damage rule reads the data only (coverage.hpp), before any score is looked at.
  rank::mark_damaged(rows);
  rank::mark_damaged(base_rows);
  const bool fixed_idcg = o.idcg == "fixed";
  const rank::PairedEvaluation all = rank::paired_evaluation(rows, base_rows, kTop, a.seed);
  const rank::PairedEvaluation covered = rank::paired_evaluation(
      rank::at_least_top10(rows, rank::kSensitivityTop10),
      rank::at_least_top10(base_rows, rank::kSensitivityTop10), kTop, a.seed);
  const rank::EvaluationSummary& sum = all.model;
  const std::vector<std::string> dropped =
      rank::dropped_feature_groups(rank::parse_feature_groups(a.features));
  std::string label = rank::ranker_kind_name(kind);
  for (std::size_t i = 0; i < dropped.size(); ++i)
    label.append(i == 0 ? " without " : ",").append(dropped[i]);
  std::string years;
  for (const int y : a.years)
    years += (years.empty() ? "" : ",") + std::to_string(y);
  const std::string rule = "fewer than " + std::to_string(rank::kDamagedBelowTop10) +
                           " of the top-10 places have a row in the data";

  if (a.json) {
    json races = json::array();
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const career::Event& ev = in->table.events[rows[i].event];
      races.push_back({{"race", rows[i].name},
                       {"season", rows[i].season},
                       {"race_key", ev.race_key},
                       {"class", ev.event_class},
                       {"date", iso_from_day(ev.start_day)},
                       {"riders", rows[i].riders},
                       {"relevant", rows[i].relevant},
                       {"top10_in_data", rows[i].top10_present},
                       {"damaged", rows[i].damaged},
                       {"ndcg10", rows[i].ndcg},
                       {"ndcg10_fixed_idcg", rows[i].ndcg_fixed},
                       {"correct_top10", rows[i].correct},
                       {"baseline_ndcg10", base_rows[i].ndcg},
                       {"baseline_ndcg10_fixed_idcg", base_rows[i].ndcg_fixed},
                       {"baseline_correct_top10", base_rows[i].correct}});
    }
    std::cout << json{{"years", a.years},
                      {"model", rank::ranker_kind_name(kind)},
                      {"dropped_feature_groups", dropped},
                      {"baseline", "points_365d"},
                      {"k", kTop},
                      {"paper", o.paper},
                      {"idcg", o.idcg},
                      {"fixed_idcg", rank::fixed_ideal_dcg_at_k(kTop)},
                      {"races", races},
                      {"damage_rule",
                       {{"min_top10_in_data", rank::kDamagedBelowTop10}, {"rule", rule}}},
                      {"races_damaged", sum.races_damaged},
                      {"races_without_relevant", sum.races_without_relevant},
                      {"mean_ndcg10", sum.mean_ndcg},
                      {"mean_ndcg10_fixed_idcg", sum.mean_ndcg_fixed},
                      {"mean_correct_top10", sum.mean_correct},
                      {"baseline_mean_ndcg10", all.baseline.mean_ndcg},
                      {"baseline_mean_ndcg10_fixed_idcg", all.baseline.mean_ndcg_fixed},
                      {"baseline_mean_correct_top10", all.baseline.mean_correct},
                      {"comparison",
                       {{"ndcg10", comparison_json(all.ndcg)},
                        {"ndcg10_fixed_idcg", comparison_json(all.ndcg_fixed)},
                        {"correct_top10", comparison_json(all.correct)}}},
                      {"sensitivity",
                       {{"min_top10_in_data", rank::kSensitivityTop10},
                        {"result", paired_json(covered)}}}}
                     .dump(2)
              << "\n";
    return;
  }
  std::printf("%-44s %4s %-6s %6s %5s %8s %8s %7s %7s\n", "race", "year", "class", "riders",
              "top10", fixed_idcg ? "NDCGfix" : "NDCG@10", "base", "correct", "base");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const career::Event& ev = in->table.events[rows[i].event];
    const double m = fixed_idcg ? rows[i].ndcg_fixed : rows[i].ndcg;
    const double b = fixed_idcg ? base_rows[i].ndcg_fixed : base_rows[i].ndcg;
    std::printf("%-44.44s %4d %-6s %6zu %5d %8s %8s %7d %7d%s\n", rows[i].name.c_str(),
                rows[i].season, ev.event_class.c_str(), rows[i].riders, rows[i].top10_present,
                fixed(m, 3).c_str(), fixed(b, 3).c_str(), rows[i].correct, base_rows[i].correct,
                rows[i].damaged ? "  damaged" : "");
  }
  std::printf(
      "\ntop10 = places 1-10 with a row in the data; damaged (%s) left out: %zu; without a top-10 "
      "rider: %zu; NDCG@10 with the %s ideal DCG%s\n",
      rule.c_str(), sum.races_damaged, sum.races_without_relevant,
      fixed_idcg ? "fixed (29.97, a full top 10)" : "race's own",
      o.paper ? "; the six classics of the paper's re-implementation" : "");
  std::printf(
      "%s on %zu races of %s: mean NDCG@10 %s (baseline points_365d %s), mean correct top-10 %s "
      "(%s)\n",
      label.c_str(), sum.races, years.c_str(),
      fixed(fixed_idcg ? sum.mean_ndcg_fixed : sum.mean_ndcg, 3).c_str(),
      fixed(fixed_idcg ? all.baseline.mean_ndcg_fixed : all.baseline.mean_ndcg, 3).c_str(),
      fixed(sum.mean_correct, 2).c_str(), fixed(all.baseline.mean_correct, 2).c_str());
  print_paired("paired vs baseline", all, fixed_idcg);
  const std::string sensitivity =
      "sensitivity, >= " + std::to_string(rank::kSensitivityTop10) + " of the top 10 in the data";
  print_paired(sensitivity.c_str(), covered, fixed_idcg);
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
  auto eval_options = std::make_shared<EvaluateOptions>();
  CLI::App* e = rank->add_subcommand("evaluate", "NDCG@10 and correct top-10 on --year's races");
  eval->add_common(*e, /*several_years=*/true);
  CLI::Option* idcg =
      e->add_option("--idcg", eval_options->idcg,
                    "Ideal DCG of NDCG@10 in the table: race (the race's own top 10 among the "
                    "candidates, default) or fixed (29.97, a full top 10 whether or not those "
                    "riders are in the data, as the paper's re-implementation); JSON gives both")
          ->check(CLI::IsMember({"race", "fixed"}));
  e->add_flag("--paper", eval_options->paper,
              "The paper-comparable table: only the six classics of the re-implementation (E3, "
              "Gent-Wevelgem, Fleche Wallonne, Liege, Roubaix, Flanders) among the test races, "
              "with --idcg fixed unless given");
  e->callback([eval, eval_options, idcg] {
    EvaluateOptions o = *eval_options;
    if (o.paper && idcg->count() == 0) o.idcg = "fixed";
    run_evaluate(*eval, o);
  });

  add_rank_explain_commands(*rank);
}

}  // namespace podium::app
