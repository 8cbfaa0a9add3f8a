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
#include "podium/rank/coverage.hpp"
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

// One model's per-race rows (paper selection and damage marks applied) against the baseline's.
struct ModelRows {
  rank::RankerKind kind;
  std::string label;
  std::vector<rank::RaceEvaluation> rows;
};

// The JSON of one model: per race, pooled, the sensitivity line.
json evaluate_json(const RankArgs& a, const EvaluateOptions& o, const RankInputs& in,
                   const ModelRows& m, const std::vector<rank::RaceEvaluation>& base_rows,
                   std::size_t k, const std::string& rule) {
  const std::vector<rank::RaceEvaluation>& rows = m.rows;
  const rank::PairedEvaluation all = rank::paired_evaluation(rows, base_rows, k, a.seed);
  const rank::PairedEvaluation covered =
      rank::paired_evaluation(rank::at_least_top10(rows, rank::kSensitivityTop10),
                              rank::at_least_top10(base_rows, rank::kSensitivityTop10), k, a.seed);
  const rank::EvaluationSummary& sum = all.model;
  json races = json::array();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const career::Event& ev = in.table.events[rows[i].event];
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
  return {{"years", a.years},
          {"model", rank::ranker_kind_name(m.kind)},
          {"dropped_feature_groups",
           rank::dropped_feature_groups(rank::parse_feature_groups(a.features))},
          {"baseline", "points_365d"},
          {"k", k},
          {"paper", o.paper},
          {"idcg", o.idcg},
          {"fixed_idcg", rank::fixed_ideal_dcg_at_k(k)},
          {"races", races},
          {"damage_rule", {{"min_top10_in_data", rank::kDamagedBelowTop10}, {"rule", rule}}},
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
           {{"min_top10_in_data", rank::kSensitivityTop10}, {"result", paired_json(covered)}}}};
}

// The table of one model: per race (with one model only), pooled, the sensitivity line.
void print_evaluate(const RankArgs& a, const EvaluateOptions& o, const RankInputs& in,
                    const ModelRows& m, const std::vector<rank::RaceEvaluation>& base_rows,
                    std::size_t k, const std::string& rule, bool per_race) {
  const std::vector<rank::RaceEvaluation>& rows = m.rows;
  const bool fixed_idcg = o.idcg == "fixed";
  const rank::PairedEvaluation all = rank::paired_evaluation(rows, base_rows, k, a.seed);
  const rank::PairedEvaluation covered =
      rank::paired_evaluation(rank::at_least_top10(rows, rank::kSensitivityTop10),
                              rank::at_least_top10(base_rows, rank::kSensitivityTop10), k, a.seed);
  const rank::EvaluationSummary& sum = all.model;
  std::string years;
  for (const int y : a.years)
    years.append(years.empty() ? "" : ",").append(std::to_string(y));
  if (per_race) {
    std::printf("%-44s %4s %-6s %6s %5s %8s %8s %7s %7s\n", "race", "year", "class", "riders",
                "top10", fixed_idcg ? "NDCGfix" : "NDCG@10", "base", "correct", "base");
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const career::Event& ev = in.table.events[rows[i].event];
      const double mv = fixed_idcg ? rows[i].ndcg_fixed : rows[i].ndcg;
      const double bv = fixed_idcg ? base_rows[i].ndcg_fixed : base_rows[i].ndcg;
      std::printf("%-44.44s %4d %-6s %6zu %5d %8s %8s %7d %7d%s\n", rows[i].name.c_str(),
                  rows[i].season, ev.event_class.c_str(), rows[i].riders, rows[i].top10_present,
                  fixed(mv, 3).c_str(), fixed(bv, 3).c_str(), rows[i].correct, base_rows[i].correct,
                  rows[i].damaged ? "  damaged" : "");
    }
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
      m.label.c_str(), sum.races, years.c_str(),
      fixed(fixed_idcg ? sum.mean_ndcg_fixed : sum.mean_ndcg, 3).c_str(),
      fixed(fixed_idcg ? all.baseline.mean_ndcg_fixed : all.baseline.mean_ndcg, 3).c_str(),
      fixed(sum.mean_correct, 2).c_str(), fixed(all.baseline.mean_correct, 2).c_str());
  print_paired("paired vs baseline", all, fixed_idcg);
  const std::string sensitivity =
      "sensitivity, >= " + std::to_string(rank::kSensitivityTop10) + " of the top 10 in the data";
  print_paired(sensitivity.c_str(), covered, fixed_idcg);
}

void run_evaluate(const RankArgs& a, const EvaluateOptions& o) {
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
    return outside ? rank::build_dataset(*in->builder, rank::test_races(in->table, e), e.features,
                                         season.candidates)
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
  if (o.paper) {
    for (ModelRows& m : models)
      m.rows = rank::paper_races(m.rows, in->table);
    base_rows = rank::paper_races(base_rows, in->table);
    if (base_rows.empty()) {
      throw Error(ErrorKind::NotFound, db.path() +
                                           ": none of the six classics (--paper) among "
                                           "the test races of --races " +
                                           a.races);
    }
  }
  // The damage rule reads the data only (coverage.hpp), before any score is looked at.
  for (ModelRows& m : models)
    rank::mark_damaged(m.rows);
  rank::mark_damaged(base_rows);
  const std::string rule = "fewer than " + std::to_string(rank::kDamagedBelowTop10) +
                           " of the top-10 places have a row in the data";
  // Seasons are the unit of replication (rank/seasons.hpp): one Holm family over every model's
  // per-season and leave-one-season-out comparisons, on the NDCG the table shows.
  const rank::Metric metric = o.idcg == "fixed" ? rank::Metric::NdcgFixedIdeal : rank::Metric::Ndcg;
  std::vector<rank::SeasonReport> reports;
  std::vector<std::string> labels;
  for (const ModelRows& m : models) {
    reports.push_back(rank::season_report(m.rows, base_rows, metric, a.seed));
    labels.push_back(m.label);
  }
  const std::size_t family = rank::holm_over(reports);

  if (a.json) {
    json out;
    if (models.size() == 1) {
      out = evaluate_json(a, o, *in, models[0], base_rows, kTop, rule);
    } else {
      out = {{"years", a.years}, {"models", json::array()}};
      for (const ModelRows& m : models)
        out["models"].push_back(evaluate_json(a, o, *in, m, base_rows, kTop, rule));
    }
    out["seasons"] = seasons_json(labels, reports, family);
    if (outside) out["outside_season"] = outside_json(a.pcs2023, season);
    std::cout << out.dump(2) << "\n";
    return;
  }
  if (outside) print_outside(a.pcs2023, season);
  for (const ModelRows& m : models)
    print_evaluate(a, o, *in, m, base_rows, kTop, rule, models.size() == 1);
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
  auto eval_options = std::make_shared<EvaluateOptions>();
  CLI::App* e = rank->add_subcommand("evaluate",
                                     "NDCG@10 and correct top-10 on --year's races against the "
                                     "points baseline: pooled, per season "
                                     "and leaving each season out (Holm over those)");
  eval->add_common(*e, /*several_years=*/true);
  e->add_option("--pcs2023", eval->pcs2023,
                "Evaluate on the 2023 scrape in this folder (coureurs2023.csv, courses2023.csv) "
                "appended to the store: candidates are its UCI top 500 (docs/science.md)");
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
