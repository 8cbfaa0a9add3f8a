// `podium rank predict|explain|strategies`: a race's predicted top N, why a rider is placed where
// they are (TreeSHAP for XGBoost, integrated gradients for the neural ranker, coefficient x
// standardised value for the linear ranker), what drives a set
// of races globally, and the preparation factors that go with top-10s.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <numeric>
#include <string>
#include <unordered_map>
#include <vector>

#include "podium/core/calendar.hpp"
#include "podium/core/error.hpp"
#include "podium/rank/experiment.hpp"
#include "podium/rank/metrics.hpp"
#include "podium/rank/ranker.hpp"
#include "podium/rank/strategies.hpp"
#include "rank_args.hpp"
#include "rank_pipeline.hpp"
#include "rank_view.hpp"
#include "store_access.hpp"

namespace podium::app {
namespace {

using nlohmann::json;

void require_race(const RankArgs& a, const char* command) {
  if (a.race.empty()) {
    throw Error(ErrorKind::InvalidInput, std::string("rank ") + command + ": --race is required");
  }
}

void run_predict(const RankArgs& a) {
  require_race(a, "predict");
  const rank::RankerKind kind = a.kind();
  const store::Store db = open_store(a.db);
  const Scored s = score_races(db, a, kind);
  const json out = predictions_json(s, a, false);
  if (a.json) {
    std::cout << out.dump(2) << "\n";
    return;
  }
  for (std::size_t q = 0; q < out.size(); ++q) {
    const json& race = out[q];
    std::printf("%s (%s, %s), %zu riders, %s:\n", race["race"].get<std::string>().c_str(),
                s.in->table.events[s.data.events[q]].event_class.c_str(),
                race["date"].get<std::string>().c_str(), race["riders"].get<std::size_t>(),
                rank::ranker_kind_name(kind));
    std::printf("%4s  %-32s %10s %8s\n", "pred", "athlete", "score", "actual");
    for (const json& p : race["top"]) {
      std::printf("%4zu  %-32.32s %10.4f %8s\n", p["position"].get<std::size_t>(),
                  p["athlete"].get<std::string>().c_str(), p["score"].get<double>(),
                  p["actual"].get<std::string>().c_str());
    }
  }
}

// Per-feature attributions of one row (SHAP or IG) with the values the rider had.
void print_attributions(const rank::RankDataset& d, std::size_t row,
                        const std::vector<double>& attr, double base, double total,
                        const char* method) {
  std::vector<std::size_t> idx(attr.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t i, std::size_t j) {
    return std::abs(attr[i]) > std::abs(attr[j]);
  });
  std::printf("%s (contributions to the score):\n", method);
  std::printf("  %-32s %12s %12s\n", "feature", "value", "contribution");
  for (const std::size_t f : idx) {
    const float v = d.row(row)[f];
    char value[32] = "missing";
    if (!std::isnan(v)) std::snprintf(value, sizeof value, "%.6g", static_cast<double>(v));
    std::printf("  %-32s %12s %+12.4f\n", d.feature_names[f].c_str(), value, attr[f]);
  }
  std::printf("  %-32s %12s %+12.4f\n  %-32s %12s %+12.4f\n", "base", "", base, "score", "", total);
}

void run_explain(const RankArgs& a) {
  const rank::RankerKind kind = a.kind();
  if (rank::is_baseline(kind)) {
    throw Error(ErrorKind::InvalidInput,
                "--model " + a.model + ": a baseline or a rating explains nothing (no features)");
  }
  if (!a.athlete.empty()) require_race(a, "explain --athlete");
  const store::Store db = open_store(a.db);
  const Scored s = score_races(db, a, kind);
  const std::size_t nf = s.data.features();
  const rank::ExplanationMethod method = s.ranker->explanation_method();
  const bool gradients = method == rank::ExplanationMethod::IntegratedGradients;
  const bool linear = method == rank::ExplanationMethod::Linear;

  if (a.athlete.empty()) {
    // Global: mean |attribution| per feature over every rider of the selected races.
    const std::vector<double> importance = s.ranker->importance(s.data);
    std::vector<std::size_t> idx(nf);
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(),
                     [&](std::size_t i, std::size_t j) { return importance[i] > importance[j]; });
    json rows = json::array();
    for (const std::size_t f : idx) {
      rows.push_back({{"feature", s.data.feature_names[f]}, {"mean_abs", importance[f]}});
    }
    if (a.json) {
      std::cout << json{{"model", rank::ranker_kind_name(kind)},
                        {"year", a.year},
                        {"races", s.data.queries()},
                        {"rows", s.data.rows()},
                        {"method", method_name(method)},
                        {"importance", rows}}
                       .dump(2)
                << "\n";
      return;
    }
    std::printf("%s, %zu races of %d, %zu rider rows: mean |%s| per feature\n",
                rank::ranker_kind_name(kind), s.data.queries(), a.year, s.data.rows(),
                gradients ? "integrated gradient"
                : linear  ? "coefficient x standardised value"
                          : "SHAP");
    for (const std::size_t f : idx) {
      std::printf("  %-32s %10.4f\n", s.data.feature_names[f].c_str(), importance[f]);
    }
    return;
  }

  const std::int32_t athlete = s.in->table.find_athlete(a.athlete);
  for (std::size_t q = 0; q < s.data.queries(); ++q) {
    const std::size_t begin = s.data.query_offsets[q];
    const std::size_t n = s.data.query_size(q);
    for (std::size_t i = 0; i < n; ++i) {
      if (s.data.athletes[begin + i] != athlete) continue;
      const std::size_t row = begin + i;
      const std::span<const float> scores(s.scores.data() + begin, n);
      const auto order = rank::predicted_order(scores);
      const std::size_t position =
          static_cast<std::size_t>(std::find(order.begin(), order.end(), i) - order.begin()) + 1;
      const std::int32_t event = s.data.events[q];
      const career::Event& ev = s.in->table.events[event];
      const rank::RowExplanation why = s.ranker->explain(std::span(s.data.row(row), nf));
      const std::vector<double>& attr = why.attributions;
      const double base = why.base;
      const double total = why.score;
      const double error = why.completeness_error;
      const std::string actual = actual_of(actual_results(s.in->table, event), athlete);
      if (a.json) {
        json features = json::array();
        for (std::size_t f = 0; f < nf; ++f) {
          const float v = s.data.row(row)[f];
          features.push_back({{"feature", s.data.feature_names[f]},
                              {"value", std::isnan(v) ? json(nullptr) : json(v)},
                              {"contribution", attr[f]}});
        }
        std::cout << json{{"race", ev.name},
                          {"date", iso_from_day(ev.start_day)},
                          {"athlete", a.athlete},
                          {"model", rank::ranker_kind_name(kind)},
                          {"method", method_name(method)},
                          {"predicted_position", position},
                          {"riders", n},
                          {"actual", actual},
                          {"score", total},
                          {"base", base},
                          {"completeness_error", error},
                          {"features", features}}
                         .dump(2)
                  << "\n";
        return;
      }
      std::printf("%s (%s), %s: predicted %zu of %zu, finished %s\n", ev.name.c_str(),
                  iso_from_day(ev.start_day).c_str(), a.athlete.c_str(), position, n,
                  actual.c_str());
      print_attributions(s.data, row, attr, base, total,
                         gradients ? "integrated gradients vs the training mean rider"
                         : linear
                             ? "coefficient x standardised value vs the training mean rider (exact)"
                             : "TreeSHAP");
      if (gradients) std::printf("  completeness error %.2g\n", error);
      return;
    }
  }
  throw Error(ErrorKind::NotFound, "athlete \"" + a.athlete + "\" has no result row for \"" +
                                       a.race + "\" in " + std::to_string(a.year));
}

void run_strategies(const RankArgs& a) {
  const rank::RankerKind kind = a.kind();
  if (kind != rank::RankerKind::XgboostNdcg && kind != rank::RankerKind::XgboostPairwise) {
    throw Error(
        ErrorKind::InvalidInput,
        "--model " + a.model + ": strategies need TreeSHAP: use xgboost or xgboost-pairwise");
  }
  const store::Store db = open_store(a.db);
  const Scored s = score_races(db, a, kind);
  const std::vector<float> shap = s.ranker->attributions(s.data);
  rank::StrategyOptions o;
  o.seed = a.seed;
  const auto deps = rank::shap_dependence(s.data, shap, o);
  if (a.json) {
    json factors = json::array();
    for (const auto& d : deps) {
      json bins = json::array();
      for (const auto& b : d.bins) {
        bins.push_back({{"bin", b.label},
                        {"lo", b.lo},
                        {"hi", b.hi},
                        {"n", b.n},
                        {"mean_shap", b.mean_shap},
                        {"ci95", {b.ci_low, b.ci_high}},
                        {"top10_share", b.top10_share}});
      }
      factors.push_back({{"factor", d.factor}, {"missing", d.missing}, {"bins", bins}});
    }
    std::cout << json{{"model", rank::ranker_kind_name(kind)},
                      {"year", a.year},
                      {"races", s.data.queries()},
                      {"rows", s.data.rows()},
                      {"factors", factors},
                      {"report", rank::strategy_report(deps)}}
                     .dump(2)
              << "\n";
    return;
  }
  for (const auto& d : deps) {
    std::printf("%s (%zu missing)\n  %-18s %6s %10s %22s %8s\n", d.factor.c_str(), d.missing, "bin",
                "n", "mean SHAP", "95% CI", "top-10");
    for (const auto& b : d.bins) {
      std::printf("  %-18s %6zu %+10.4f   [%+8.4f, %+8.4f] %7.1f%%\n", b.label.c_str(), b.n,
                  b.mean_shap, b.ci_low, b.ci_high, 100.0 * b.top10_share);
    }
  }
  std::cout << "\n" << rank::strategy_report(deps);
}

}  // namespace

void add_rank_explain_commands(CLI::App& rank) {
  auto predict = std::make_shared<RankArgs>();
  CLI::App* p = rank.add_subcommand("predict", "A race's predicted top N with scores and results");
  predict->add_common(*p);
  p->add_option("--top", predict->top, "How many riders to list (default 10)")
      ->check(CLI::Range(1, 1000));
  p->callback([predict] { run_predict(*predict); });

  auto explain = std::make_shared<RankArgs>();
  CLI::App* e = rank.add_subcommand(
      "explain", "Why a rider is ranked where they are (--athlete), or what drives the races");
  explain->add_common(*e);
  e->add_option("--athlete", explain->athlete, "Athlete id (the source's key)");
  e->callback([explain] { run_explain(*explain); });

  auto strat = std::make_shared<RankArgs>();
  CLI::App* s = rank.add_subcommand(
      "strategies", "Preparation factors (race days, rest, form build-up) that go with top-10s");
  strat->add_common(*s);
  s->callback([strat] { run_strategies(*strat); });
}

}  // namespace podium::app
