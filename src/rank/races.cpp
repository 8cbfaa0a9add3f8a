#include "podium/rank/races.hpp"

#include <algorithm>

namespace podium::rank {

namespace {

std::vector<bool> has_rows(const career::ResultsTable& table) {
  std::vector<bool> rows(table.events.size(), false);
  for (const career::Result& r : table.results) {
    if (r.event >= 0 && static_cast<std::size_t>(r.event) < rows.size()) {
      rows[static_cast<std::size_t>(r.event)] = true;
    }
  }
  return rows;
}

template <typename Keep>
std::vector<std::int32_t> select(const career::ResultsTable& table, Keep keep) {
  const std::vector<bool> rows = has_rows(table);
  std::vector<std::int32_t> races;
  for (std::size_t e = 0; e < table.events.size(); ++e) {
    if (rows[e] && keep(table.events[e])) races.push_back(static_cast<std::int32_t>(e));
  }
  std::stable_sort(races.begin(), races.end(), [&table](std::int32_t a, std::int32_t b) {
    return table.events[static_cast<std::size_t>(a)].start_day <
           table.events[static_cast<std::size_t>(b)].start_day;
  });
  return races;
}

}  // namespace

std::vector<std::string> one_day_classes(RaceClassSet set) {
  std::vector<std::string> top = {"1.UWT", "WT", "1.PT", "PT", "CDM", "1.HC", "1.Pro"};
  switch (set) {
    case RaceClassSet::WorldTour:
      return {"1.UWT"};
    case RaceClassSet::Top:
      return top;
    case RaceClassSet::Professional:
      top.insert(top.end(), {"1.1", "NC", "WC", "CC", "Olympics"});
      return top;
    case RaceClassSet::All:
      return {};
  }
  return {};
}

std::optional<RaceClassSet> parse_race_class_set(std::string_view name) {
  if (name == "worldtour") return RaceClassSet::WorldTour;
  if (name == "top") return RaceClassSet::Top;
  if (name == "pro") return RaceClassSet::Professional;
  if (name == "all") return RaceClassSet::All;
  return std::nullopt;
}

const char* race_class_set_name(RaceClassSet set) {
  switch (set) {
    case RaceClassSet::WorldTour:
      return "worldtour";
    case RaceClassSet::Top:
      return "top";
    case RaceClassSet::Professional:
      return "pro";
    case RaceClassSet::All:
      return "all";
  }
  return "all";
}

std::vector<std::int32_t> one_day_races(const career::ResultsTable& table, int from_season,
                                        int to_season, const std::vector<std::string>& classes) {
  return select(table, [&](const career::Event& e) {
    return e.kind == career::EventKind::OneDay && !e.time_trial && e.season >= from_season &&
           e.season <= to_season &&
           (classes.empty() ||
            std::find(classes.begin(), classes.end(), e.event_class) != classes.end());
  });
}

std::vector<std::int32_t> races_by_key(const career::ResultsTable& table, std::string_view race_key,
                                       int season) {
  return select(
      table, [&](const career::Event& e) { return e.race_key == race_key && e.season == season; });
}

}  // namespace podium::rank
