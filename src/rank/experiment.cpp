#include "podium/rank/experiment.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "podium/core/error.hpp"

namespace podium::rank {
namespace {

// Fewer training races than this leaves early stopping nothing to hold back.
constexpr std::size_t kMinTrainingRaces = 5;
// Training seasons before the test season when no first season is given.
constexpr int kDefaultTrainingSeasons = 15;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

std::optional<TestRaces> parse_test_races(std::string_view name) {
  if (name == "default") return TestRaces::Default;
  if (name == "worldtour") return TestRaces::WorldTour;
  if (name == "classics") return TestRaces::Classics;
  if (name == "all") return TestRaces::AllOneDay;
  return std::nullopt;
}

int first_training_season(const Experiment& e) {
  return e.train_from > 0 ? e.train_from : e.year - kDefaultTrainingSeasons;
}

const std::vector<std::string>& classics_race_keys() {
  static const std::vector<std::string> keys = {
      "omloop-het-nieuwsblad", "kuurne-brussel-kuurne", "milano-sanremo",       "e3-harelbeke",
      "gent-wevelgem",         "dwars-door-vlaanderen", "ronde-van-vlaanderen", "paris-roubaix",
      "amstel-gold-race",      "la-fleche-wallonne",    "liege-bastogne-liege"};
  return keys;
}

std::vector<std::int32_t> training_races(const career::ResultsTable& table, const Experiment& e) {
  return one_day_races(table, first_training_season(e), e.year - 1,
                       one_day_classes(e.train_classes));
}

std::vector<std::int32_t> test_races(const career::ResultsTable& table, const Experiment& e) {
  const std::vector<std::int32_t> one_day =
      one_day_races(table, e.year, e.year, one_day_classes(RaceClassSet::All));
  std::vector<std::int32_t> out;
  if (!e.race.empty()) {
    // A race_key first, else a case-insensitive part of the name; one race_key only.
    const std::string want = lower(e.race);
    std::set<std::string> keys;
    for (const std::int32_t r : one_day) {
      if (table.events[r].race_key == want) keys.insert(want);
    }
    if (keys.empty()) {
      for (const std::int32_t r : one_day) {
        if (lower(table.events[r].name).find(want) != std::string::npos) {
          keys.insert(table.events[r].race_key);
        }
      }
    }
    if (keys.empty()) {
      throw Error(ErrorKind::NotFound, "--race \"" + e.race + "\": no one-day race of " +
                                           std::to_string(e.year) + " matches");
    }
    if (keys.size() > 1) {
      std::string list;
      for (const std::string& k : keys)
        list += (list.empty() ? "" : ", ") + k;
      throw Error(ErrorKind::InvalidInput, "--race \"" + e.race + "\" matches several races of " +
                                               std::to_string(e.year) + ": " + list +
                                               " (give a race_key)");
    }
    for (const std::int32_t r : one_day) {
      if (table.events[r].race_key == *keys.begin()) out.push_back(r);
    }
    return out;
  }
  const auto& classics = classics_race_keys();
  for (const std::int32_t r : one_day) {
    const career::Event& ev = table.events[r];
    const bool classic = std::find(classics.begin(), classics.end(), ev.race_key) != classics.end();
    const bool world_tour = ev.event_class == "1.UWT";
    const bool keep = e.test_races == TestRaces::AllOneDay   ? true
                      : e.test_races == TestRaces::Classics  ? classic
                      : e.test_races == TestRaces::WorldTour ? world_tour
                                                             : classic || world_tour;
    if (keep) out.push_back(r);
  }
  return out;
}

TrainingSets training_sets(const FeatureBuilder& builder, const Experiment& e,
                           std::string_view source) {
  const RankDataset all = build_dataset(builder, training_races(builder.table(), e), e.features);
  if (all.queries() < kMinTrainingRaces) {
    throw Error(ErrorKind::NotFound, std::string(source) + ": only " +
                                         std::to_string(all.queries()) + " training races before " +
                                         std::to_string(e.year) +
                                         " (need 5); import more seasons or widen --train-classes");
  }
  auto [fit, validation] = split_for_validation(all);
  return {std::move(fit), std::move(validation)};
}

RankDataset test_dataset(const FeatureBuilder& builder, const Experiment& e) {
  return build_dataset(builder, test_races(builder.table(), e), e.features);
}

std::string model_name(RankerKind kind, int year) {
  return std::string(ranker_kind_name(kind)) + "-" + std::to_string(year);
}

nlohmann::json experiment_card(const nlohmann::json& ranker_card, const Experiment& e,
                               RankerKind kind, const TrainingSets& sets) {
  nlohmann::json card = ranker_card;
  card["podium_model"] = model_name(kind, e.year);
  card["test_year"] = e.year;
  card["train_seasons"] = {first_training_season(e), e.year - 1};
  card["train_classes"] = race_class_set_name(e.train_classes);
  card["train_races"] = sets.fit.queries();
  card["validation_races"] = sets.validation.queries();
  card["train_rows"] = sets.fit.rows();
  card["leakage_rule"] = "features use only results known before each race's day";
  return card;
}

}  // namespace podium::rank
