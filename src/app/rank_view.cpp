#include "rank_view.hpp"

#include <algorithm>
#include <cmath>
#include <span>

#include "podium/core/calendar.hpp"
#include "podium/core/error.hpp"
#include "podium/rank/experiment.hpp"
#include "podium/rank/metrics.hpp"

namespace podium::app {

// Each rider's result in `event` ("3", "DNF"), from one pass over the table's results.
std::unordered_map<std::int32_t, std::string> actual_results(const career::ResultsTable& table,
                                                             std::int32_t event) {
  std::unordered_map<std::int32_t, std::string> out;
  for (const career::Result& r : table.results) {
    if (r.event != event) continue;
    out.try_emplace(r.athlete, r.status == career::Status::Ranked ? std::to_string(r.rank)
                                                                  : career::status_name(r.status));
  }
  return out;
}

std::string actual_of(const std::unordered_map<std::int32_t, std::string>& actual,
                      std::int32_t athlete) {
  const auto it = actual.find(athlete);
  return it == actual.end() ? "-" : it->second;
}

Scored score_races(const store::Store& db, const RankArgs& a, rank::RankerKind kind) {
  Scored s;
  const rank::Experiment e = a.experiment();
  s.in = load_rank_inputs(db);
  s.data = rank::test_dataset(*s.in->builder, e);
  if (s.data.queries() == 0) {
    throw Error(ErrorKind::NotFound, db.path() + ": no races to rank in " + std::to_string(a.year));
  }
  s.ranker = open_ranker(db, *s.in, kind, a.year, s.data.feature_names);
  s.scores = s.ranker->score(s.data);
  return s;
}

const char* method_name(rank::ExplanationMethod m) {
  if (m == rank::ExplanationMethod::Linear) return "coefficient_x_standardised_value";
  return m == rank::ExplanationMethod::IntegratedGradients ? "integrated_gradients" : "tree_shap";
}

nlohmann::json predictions_json(const Scored& s, const RankArgs& a, bool explain) {
  const rank::RankerKind kind = a.kind();
  const bool attributions = explain && !rank::is_baseline(kind);
  const std::size_t nf = s.data.features();
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t q = 0; q < s.data.queries(); ++q) {
    const std::size_t begin = s.data.query_offsets[q];
    const std::size_t n = s.data.query_size(q);
    const std::span<const float> scores(s.scores.data() + begin, n);
    const std::vector<std::size_t> order = rank::predicted_order(scores);
    const std::int32_t event = s.data.events[q];
    const career::Event& ev = s.in->table.events[event];
    const auto actual = actual_results(s.in->table, event);
    nlohmann::json top = nlohmann::json::array();
    for (std::size_t i = 0; i < std::min<std::size_t>(n, static_cast<std::size_t>(a.top)); ++i) {
      const std::size_t row = begin + order[i];
      const std::int32_t athlete = s.data.athletes[row];
      nlohmann::json pick = {{"position", i + 1},
                             {"athlete", s.in->table.athletes[athlete].id},
                             {"score", scores[order[i]]},
                             {"actual", actual_of(actual, athlete)}};
      if (attributions) {
        const rank::RowExplanation why = s.ranker->explain(std::span(s.data.row(row), nf));
        nlohmann::json features = nlohmann::json::array();
        for (std::size_t f = 0; f < nf; ++f) {
          const float v = s.data.row(row)[f];
          features.push_back(
              {{"feature", s.data.feature_names[f]},
               {"value", std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v)},
               {"contribution", why.attributions[f]}});
        }
        pick["base"] = why.base;
        pick["features"] = std::move(features);
      }
      top.push_back(std::move(pick));
    }
    nlohmann::json race = {{"race", ev.name},
                           {"race_key", ev.race_key},
                           {"date", iso_from_day(ev.start_day)},
                           {"riders", n},
                           {"model", rank::ranker_kind_name(kind)},
                           {"top", top}};
    if (attributions) race["method"] = method_name(s.ranker->explanation_method());
    out.push_back(std::move(race));
  }
  return out;
}

}  // namespace podium::app
