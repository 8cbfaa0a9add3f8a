#include "podium/rank/seasons_outside.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "podium/core/calendar.hpp"
#include "podium/core/error.hpp"

namespace podium::rank {

namespace {

// Recent seasons whose points scale the imputed points follow (PCS changed its scales over time).
constexpr int kOutsidePointsFromSeason = 2019;

struct OutsideAlias {
  std::string_view from;
  std::string_view to;
};
// Names of this scrape that race_key() does not map to the history's key of the same race.
constexpr std::array kOutsideAliases = {
    OutsideAlias{"e3-saxo-classic", "e3-harelbeke"},
    OutsideAlias{"bemer-cyclassics", "cyclassics-hamburg"},
};

std::string outside_race_key(std::string_view name) {
  std::string key = career::race_key(name);
  for (const OutsideAlias& a : kOutsideAliases) {
    if (key == a.from) return std::string(a.to);
  }
  return key;
}

// (class, one-day?, rank) -> median PCS points of the history's recent Ranked rows.
using OutsidePointsKey = std::tuple<std::string, bool, std::int32_t>;
std::map<OutsidePointsKey, double> outside_points_scale(const career::ResultsTable& t) {
  std::map<OutsidePointsKey, std::vector<double>> samples;
  for (const career::Result& r : t.results) {
    const career::Event& e = t.events[static_cast<std::size_t>(r.event)];
    const bool one_day = e.kind == career::EventKind::OneDay;
    if (r.status != career::Status::Ranked || r.rank < 1 ||
        r.rank > static_cast<std::int32_t>(career::kPcs2023Places) ||
        e.season < kOutsidePointsFromSeason || (!one_day && e.kind != career::EventKind::Stage)) {
      continue;
    }
    samples[{e.event_class, one_day, r.rank}].push_back(r.points);
  }
  std::map<OutsidePointsKey, double> scale;
  for (auto& [key, v] : samples) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    scale[key] = n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  }
  return scale;
}

}  // namespace

OutsideSeason append_pcs2023(const career::ResultsTable& history,
                             const career::Pcs2023Season& season) {
  OutsideSeason out;
  out.table = history;
  career::ResultsTable& t = out.table;
  out.riders = career::match_riders(history, season.riders);

  // Top-500 riders: their athlete (matched or new), by name key.
  std::unordered_map<std::string, std::int32_t> by_key;
  const auto new_athlete = [&t](const std::string& key, std::optional<career::Day> born) {
    std::string id = "pcs2023:";
    id.append(key);
    if (const std::int32_t known = t.find_athlete(id); known >= 0) return known;
    t.athletes.push_back({.id = std::move(id), .birth_day = born});
    return static_cast<std::int32_t>(t.athletes.size() - 1);
  };
  std::unordered_set<std::int32_t> candidates;
  for (std::size_t i = 0; i < season.riders.size(); ++i) {
    const std::string key = career::rider_name_key(season.riders[i].name);
    const std::int32_t a = out.riders.athlete[i] >= 0
                               ? out.riders.athlete[i]
                               : new_athlete(key, season.riders[i].birth_day);
    // Two top-500 riders with one name key: a place naming it cannot say which (-1).
    const auto [it, fresh] = by_key.try_emplace(key, a);
    if (!fresh && it->second != a) it->second = -1;
    candidates.insert(a);
  }
  // History athletes by key, for finishers outside the top 500 (a unique key only).
  std::unordered_map<std::string, std::int32_t> history_key;
  for (std::size_t i = 0; i < history.athletes.size(); ++i) {
    const auto [it, fresh] = history_key.try_emplace(career::rider_name_key(history.athletes[i].id),
                                                     static_cast<std::int32_t>(i));
    if (!fresh) it->second = -1;
  }
  const std::int32_t history_athletes = static_cast<std::int32_t>(history.athletes.size());
  const auto finisher = [&](const std::string& name) {
    const std::string key = career::rider_name_key(name);
    if (const auto it = by_key.find(key); it != by_key.end()) return it->second;
    if (const auto it = history_key.find(key); it != history_key.end()) return it->second;
    return new_athlete(key, std::nullopt);
  };

  const std::map<OutsidePointsKey, double> scale = outside_points_scale(history);
  std::map<std::string, std::int32_t> stage_races;
  for (const career::Pcs2023Race& race : season.races) {
    if (race.kind == career::Pcs2023Kind::Other || race.kind == career::Pcs2023Kind::Empty) {
      ++out.races_skipped;
      continue;
    }
    const bool one_day = race.kind == career::Pcs2023Kind::OneDay;
    const int year = civil_from_day(race.day).year;
    career::Event event{.name = race.name,
                        .race_key = one_day ? outside_race_key(race.name) : "",
                        .event_class = race.race_class,
                        .kind = one_day ? career::EventKind::OneDay : career::EventKind::Stage,
                        .time_trial = race.time_trial,
                        .start_day = race.day,
                        .end_day = race.day,
                        .season = year};
    if (!one_day) {
      auto [it, fresh] = stage_races.try_emplace(race.name, -1);
      if (fresh) {
        it->second = static_cast<std::int32_t>(t.events.size());
        t.events.push_back({.name = race.name,
                            .race_key = outside_race_key(race.name),
                            .event_class = race.race_class,
                            .kind = career::EventKind::StageRace,
                            .start_day = race.day,
                            .end_day = race.day,
                            .season = year});
      }
      career::Event& header = t.events[static_cast<std::size_t>(it->second)];
      header.start_day = std::min(header.start_day, race.day);
      header.end_day = std::max(header.end_day, race.day);
      event.parent = it->second;
    }
    const auto index = static_cast<std::int32_t>(t.events.size());
    t.events.push_back(std::move(event));
    std::unordered_set<std::int32_t> placed;
    for (std::size_t p = 0; p < race.top.size(); ++p) {
      if (race.top[p].empty()) continue;
      const std::int32_t a = finisher(race.top[p]);
      if (a < 0) {
        ++out.finishers_unresolved;
        continue;
      }
      if (!placed.insert(a).second) continue;
      const auto rank = static_cast<std::int32_t>(p + 1);
      const auto s = scale.find({race.race_class, one_day, rank});
      const double points = s == scale.end() ? 0.0 : s->second;
      t.results.push_back({.event = index,
                           .athlete = a,
                           .day = race.day,
                           .status = career::Status::Ranked,
                           .rank = rank,
                           .points = points});
      ++out.finishers;
      out.finishers_in_history += a < history_athletes ? 1 : 0;
      out.finishers_candidates += candidates.contains(a) ? 1 : 0;
      out.points_imputed += points > 0.0 ? 1 : 0;
    }
  }
  out.candidates.assign(candidates.begin(), candidates.end());
  std::sort(out.candidates.begin(), out.candidates.end());
  return out;
}

}  // namespace podium::rank
