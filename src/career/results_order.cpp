// The canonical order of a results table (results.hpp sort_table).
#include <algorithm>
#include <numeric>
#include <tuple>

#include "podium/career/results.hpp"

namespace podium::career {
namespace {

// The parts of an event its identity is made of (the store's natural key), in sort order.
auto order_key(const std::vector<Event>& events, std::size_t e) {
  const Event& ev = events[e];
  static const Event no_parent{};
  const Event& parent = ev.parent >= 0 && static_cast<std::size_t>(ev.parent) < events.size()
                            ? events[static_cast<std::size_t>(ev.parent)]
                            : no_parent;
  return std::tie(ev.start_day, ev.name, ev.kind, ev.classification, ev.event_class,
                  parent.start_day, parent.name, parent.event_class);
}

}  // namespace

void sort_table(ResultsTable& table) {
  std::vector<std::int32_t> athlete_order(table.athletes.size());
  std::iota(athlete_order.begin(), athlete_order.end(), 0);
  std::stable_sort(athlete_order.begin(), athlete_order.end(), [&](std::int32_t a, std::int32_t b) {
    return table.athletes[static_cast<std::size_t>(a)].id <
           table.athletes[static_cast<std::size_t>(b)].id;
  });
  std::vector<std::int32_t> event_order(table.events.size());
  std::iota(event_order.begin(), event_order.end(), 0);
  std::stable_sort(event_order.begin(), event_order.end(), [&](std::int32_t a, std::int32_t b) {
    return order_key(table.events, static_cast<std::size_t>(a)) <
           order_key(table.events, static_cast<std::size_t>(b));
  });

  std::vector<std::int32_t> athlete_position(athlete_order.size());
  std::vector<Athlete> athletes;
  athletes.reserve(athlete_order.size());
  for (std::size_t i = 0; i < athlete_order.size(); ++i) {
    athlete_position[static_cast<std::size_t>(athlete_order[i])] = static_cast<std::int32_t>(i);
    athletes.push_back(std::move(table.athletes[static_cast<std::size_t>(athlete_order[i])]));
  }
  std::vector<std::int32_t> event_position(event_order.size());
  for (std::size_t i = 0; i < event_order.size(); ++i)
    event_position[static_cast<std::size_t>(event_order[i])] = static_cast<std::int32_t>(i);
  std::vector<Event> events;
  events.reserve(event_order.size());
  for (const std::int32_t e : event_order) {
    Event ev = std::move(table.events[static_cast<std::size_t>(e)]);
    if (ev.parent >= 0 && static_cast<std::size_t>(ev.parent) < event_position.size())
      ev.parent = event_position[static_cast<std::size_t>(ev.parent)];
    events.push_back(std::move(ev));
  }
  // A fresh table, so the athlete index cache of find_athlete starts empty.
  ResultsTable sorted;
  sorted.athletes = std::move(athletes);
  sorted.events = std::move(events);
  sorted.results = std::move(table.results);
  table = std::move(sorted);
  for (Result& r : table.results) {
    r.event = event_position.at(static_cast<std::size_t>(r.event));
    r.athlete = athlete_position.at(static_cast<std::size_t>(r.athlete));
  }
  std::stable_sort(table.results.begin(), table.results.end(),
                   [](const Result& a, const Result& b) {
                     return std::tie(a.event, a.athlete) < std::tie(b.event, b.athlete);
                   });
}

}  // namespace podium::career
