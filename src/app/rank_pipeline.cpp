#include "rank_pipeline.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <set>

#include "podium/core/error.hpp"
#include "podium/rank/baseline.hpp"
#include "podium/rank/neural_ranker.hpp"
#include "podium/rank/xgboost_ranker.hpp"
#include "results_store.hpp"

namespace podium::app {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

struct ModelName {
  const char* name;
  RankModelKind kind;
};
constexpr ModelName kModelNames[] = {
    {"xgboost-ndcg", RankModelKind::XgboostNdcg},
    {"xgboost-pairwise", RankModelKind::XgboostPairwise},
    {"neural", RankModelKind::Neural},
    {"baseline", RankModelKind::BaselinePoints},
    {"baseline-last-edition", RankModelKind::BaselineLastEdition},
};

}  // namespace

RankModelKind parse_rank_model(const std::string& name) {
  if (name == "xgboost") return RankModelKind::XgboostNdcg;
  for (const ModelName& m : kModelNames) {
    if (name == m.name) return m.kind;
  }
  throw Error(ErrorKind::InvalidInput,
              "--model \"" + name +
                  "\": expected xgboost, xgboost-ndcg, xgboost-pairwise, neural, baseline or "
                  "baseline-last-edition");
}

const char* rank_model_name(RankModelKind kind) {
  for (const ModelName& m : kModelNames) {
    if (m.kind == kind) return m.name;
  }
  return "baseline";
}

bool is_baseline(RankModelKind kind) {
  return kind == RankModelKind::BaselinePoints || kind == RankModelKind::BaselineLastEdition;
}

const std::vector<std::string>& classics_race_keys() {
  static const std::vector<std::string> keys = {
      "omloop-het-nieuwsblad", "kuurne-brussel-kuurne", "milano-sanremo",       "e3-harelbeke",
      "gent-wevelgem",         "dwars-door-vlaanderen", "ronde-van-vlaanderen", "paris-roubaix",
      "amstel-gold-race",      "la-fleche-wallonne",    "liege-bastogne-liege"};
  return keys;
}

std::vector<std::int32_t> training_races(const career::ResultsTable& table, const RankSetup& s) {
  const int from = s.train_from > 0 ? s.train_from : s.year - 15;
  return rank::one_day_races(table, from, s.year - 1, rank::one_day_classes(s.train_classes));
}

std::vector<std::int32_t> test_races(const career::ResultsTable& table, const RankSetup& s) {
  const std::vector<std::int32_t> one_day =
      rank::one_day_races(table, s.year, s.year, rank::one_day_classes(rank::RaceClassSet::All));
  std::vector<std::int32_t> out;
  if (!s.race.empty()) {
    // A race_key first, else a case-insensitive part of the name; one race_key only.
    const std::string want = lower(s.race);
    std::set<std::string> keys;
    for (const std::int32_t e : one_day) {
      if (table.events[e].race_key == want) keys.insert(want);
    }
    if (keys.empty()) {
      for (const std::int32_t e : one_day) {
        if (lower(table.events[e].name).find(want) != std::string::npos) {
          keys.insert(table.events[e].race_key);
        }
      }
    }
    if (keys.empty()) {
      throw Error(ErrorKind::NotFound, "--race \"" + s.race + "\": no one-day race of " +
                                           std::to_string(s.year) + " matches");
    }
    if (keys.size() > 1) {
      std::string list;
      for (const std::string& k : keys)
        list += (list.empty() ? "" : ", ") + k;
      throw Error(ErrorKind::InvalidInput, "--race \"" + s.race + "\" matches several races of " +
                                               std::to_string(s.year) + ": " + list +
                                               " (give a race_key)");
    }
    for (const std::int32_t e : one_day) {
      if (table.events[e].race_key == *keys.begin()) out.push_back(e);
    }
    return out;
  }
  const auto& classics = classics_race_keys();
  for (const std::int32_t e : one_day) {
    const career::Event& ev = table.events[e];
    const bool classic = std::find(classics.begin(), classics.end(), ev.race_key) != classics.end();
    const bool world_tour = ev.event_class == "1.UWT";
    const bool keep = s.test_set == RaceSet::AllOneDay   ? true
                      : s.test_set == RaceSet::Classics  ? classic
                      : s.test_set == RaceSet::WorldTour ? world_tour
                                                         : classic || world_tour;
    if (keep) out.push_back(e);
  }
  return out;
}

std::string stored_model_name(RankModelKind kind, int year) {
  return std::string(rank_model_name(kind)) + "-" + std::to_string(year);
}

std::unique_ptr<RankInputs> load_rank_inputs(const store::Store& db) {
  using Clock = std::chrono::steady_clock;
  auto in = std::make_unique<RankInputs>();
  const auto t0 = Clock::now();
  in->table = load_results(db);
  const auto t1 = Clock::now();
  if (in->table.results.empty()) {
    throw Error(ErrorKind::NotFound,
                db.path() + ": no results stored; run `podium results import` first");
  }
  in->builder.emplace(in->table);
  const auto t2 = Clock::now();
  in->load_seconds = std::chrono::duration<double>(t1 - t0).count();
  in->index_seconds = std::chrono::duration<double>(t2 - t1).count();
  return in;
}

std::string stored_model_bytes(const store::Store& db, RankModelKind kind, int year) {
  const std::string name = stored_model_name(kind, year);
  const std::optional<store::RankModelRow> row = db.rank_model(name);
  if (!row) {
    throw Error(ErrorKind::NotFound, db.path() + ": no model \"" + name +
                                         "\"; train it with `podium rank train --year " +
                                         std::to_string(year) + " --model " +
                                         rank_model_name(kind) + "`");
  }
  return std::string(row->blob.begin(), row->blob.end());
}

std::vector<float> score_dataset(const store::Store& db, RankModelKind kind, int year,
                                 const rank::RankDataset& data) {
  if (kind == RankModelKind::BaselinePoints) {
    return rank::baseline_scores(data, rank::Baseline::Points365d);
  }
  if (kind == RankModelKind::BaselineLastEdition) {
    return rank::baseline_scores(data, rank::Baseline::LastEdition);
  }
  const std::string bytes = stored_model_bytes(db, kind, year);
  if (kind == RankModelKind::Neural) {
    return rank::NeuralRanker::load(bytes, data.feature_names).score(data);
  }
  return rank::XgbRanker::load(bytes, data.feature_names).predict(data);
}

}  // namespace podium::app
