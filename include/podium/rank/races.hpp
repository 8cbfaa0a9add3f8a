// Which races a ranking model trains and is tested on: one-day races of given seasons and UCI
// classes, editions of one race by race_key. Pure selections over a ResultsTable.
//
// Contract: a "one-day race" is an event of kind OneDay that is not a time trial and has at least
// one result row; races come back sorted by (start_day, event index). Classes are compared with
// Event::event_class exactly; an empty class list selects every class. Class presets name the
// top level of each era of the UCI calendar as PCS writes it (one_day_classes()).
//
//   auto test = one_day_races(table, 2019, 2019, one_day_classes(RaceClassSet::WorldTour));
//   auto train = one_day_races(table, 2005, 2018, one_day_classes(RaceClassSet::Top));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "podium/career/results.hpp"

namespace podium::rank {

enum class RaceClassSet {
  WorldTour,     // 1.UWT (2017-): the WorldTour one-day races
  Top,           // WorldTour and its predecessors: 1.UWT, WT, 1.PT, PT, CDM, plus 1.HC, 1.Pro
  Professional,  // Top plus 1.1, NC, WC, CC, Olympics
  All,           // every class (the empty list)
};
std::vector<std::string> one_day_classes(RaceClassSet set);
// "worldtour" | "top" | "pro" | "all"; nullopt otherwise.
std::optional<RaceClassSet> parse_race_class_set(std::string_view name);
const char* race_class_set_name(RaceClassSet set);  // inverse of parse_race_class_set

// One-day races of seasons [from_season, to_season] in `classes`.
std::vector<std::int32_t> one_day_races(const career::ResultsTable& table, int from_season,
                                        int to_season, const std::vector<std::string>& classes);
// Events with this race_key in `season` that have result rows (any kind), sorted like above.
std::vector<std::int32_t> races_by_key(const career::ResultsTable& table, std::string_view race_key,
                                       int season);

}  // namespace podium::rank
