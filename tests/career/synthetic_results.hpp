// Test helper: a synthetic results table whose riders' yearly performance follows a known age
// curve (peak 26 for one-day riders, 29 for GC riders), for the peak-age study's tests and the
// server's careers endpoint.
#pragma once

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "podium/career/results.hpp"
#include "podium/core/calendar.hpp"

namespace podium::career {

// Per season 1990..2022: 8 one-day races and 4 stage races (2 stages + GC each). One-day riders
// score in every one-day race, GC riders on every GC classification, so points per race equal
// the simulated performance: 20 - 0.1 (age - peak)^2 + athlete effect + noise, peak 26 for
// one-day riders and 29 for GC riders.
inline ResultsTable synthetic_table(int per_type, std::uint32_t seed) {
  ResultsTable t;
  std::vector<std::vector<std::int32_t>> one_day(2023), gc(2023);
  for (int season = 1990; season <= 2022; ++season) {
    const Day day = *day_from_ymd(season, 4, 1);
    for (int r = 0; r < 8; ++r) {
      t.events.push_back({"classic", "classic", "1.UWT", EventKind::OneDay, Classification::None,
                          false, day, day, season, -1});
      one_day[static_cast<std::size_t>(season)].push_back(
          static_cast<std::int32_t>(t.events.size() - 1));
    }
    for (int r = 0; r < 4; ++r) {
      const auto parent = static_cast<std::int32_t>(t.events.size());
      t.events.push_back({"tour", "tour", "2.UWT", EventKind::StageRace, Classification::None,
                          false, day, day + 1, season, -1});
      for (int st = 0; st < 2; ++st)
        t.events.push_back({"stage", "", "2.UWT", EventKind::Stage, Classification::None, false,
                            day + st, day + st, season, parent});
      t.events.push_back({"General classification", "", "2.UWT", EventKind::Classification,
                          Classification::General, false, day + 1, day + 1, season, parent});
      gc[static_cast<std::size_t>(season)].push_back(
          static_cast<std::int32_t>(t.events.size() - 1));
    }
  }
  std::mt19937 gen(seed);
  std::normal_distribution<double> z(0.0, 1.0);
  std::uniform_int_distribution<int> birth(1968, 1985), first_age(20, 24), length(8, 13);
  for (int type = 0; type < 2; ++type) {
    for (int i = 0; i < per_type; ++i) {
      const int born = birth(gen);
      const auto athlete = static_cast<std::int32_t>(t.athletes.size());
      t.athletes.push_back({"rider-" + std::to_string(athlete), *day_from_ymd(born, 3, 15)});
      const double effect = 2.0 * z(gen);
      const int start = born + first_age(gen);
      const int end = std::min(2022, start + length(gen));
      for (int season = start; season <= end; ++season) {
        const double age = season - born + 0.3;
        const double peak = type == 0 ? 26.0 : 29.0;
        const double perf =
            std::max(0.0, 20.0 - 0.1 * (age - peak) * (age - peak) + effect + 1.5 * z(gen));
        if (type == 0) {
          for (auto e : one_day[static_cast<std::size_t>(season)])
            t.results.push_back({e, athlete, 0, Status::Ranked, 5, perf});
        } else {
          for (auto e : gc[static_cast<std::size_t>(season)]) {
            t.results.push_back({e - 2, athlete, 0, Status::Ranked, 5, 0.0});
            t.results.push_back({e - 1, athlete, 0, Status::Ranked, 5, 0.0});
            t.results.push_back({e, athlete, 0, Status::Ranked, 5, perf});
          }
        }
      }
    }
  }
  return t;
}

}  // namespace podium::career
