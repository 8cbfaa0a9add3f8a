// Seeded random results tables for the rank tests: yearly one-day races with a race_key and a
// UCI class (some time trials), stage races with stages and classifications, riders starting
// a random subset, ranks, DNF/DNS rows and fractional points.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "podium/career/results.hpp"
#include "podium/core/random.hpp"

namespace podium::rank::test {

struct SyntheticOptions {
  int athletes = 40;
  int first_season = 2010;
  int seasons = 5;
  int one_day_keys = 6;
  int stage_races = 2;       // per season
  double start_share = 0.5;  // chance a rider starts an event
};

inline career::ResultsTable synthetic_table(std::uint64_t seed, const SyntheticOptions& o = {}) {
  Rng rng(seed);
  const auto uniform = [&rng] { return static_cast<double>(rng.next() >> 11) * 0x1.0p-53; };
  career::ResultsTable t;
  for (int a = 0; a < o.athletes; ++a) {
    career::Athlete athlete{"rider-" + std::to_string(a), std::nullopt};
    if (a % 3 != 0)
      athlete.birth_day = *career::day_from_ymd(1980 + a % 15, 1 + a % 12, 1 + a % 28);
    t.athletes.push_back(athlete);
  }
  const std::vector<std::string> classes = {"1.UWT", "1.HC", "1.1"};
  // Riders of an event: a random subset, then random finishing order and statuses.
  const auto add_results = [&](std::int32_t event, career::Day day, bool with_points) {
    std::vector<std::int32_t> riders;
    for (int a = 0; a < o.athletes; ++a) {
      if (uniform() < o.start_share) riders.push_back(a);
    }
    for (std::size_t i = riders.size(); i > 1; --i)
      std::swap(riders[i - 1], riders[rng.below(i)]);
    std::int32_t rank = 0;
    for (const std::int32_t a : riders) {
      career::Result r{event, a, day, career::Status::Ranked, 0, 0.0};
      const double u = uniform();
      if (u < 0.1) {
        r.status = career::Status::Dnf;
      } else if (u < 0.14) {
        r.status = career::Status::Dns;
      } else {
        r.rank = ++rank;
        if (with_points && rank <= 15) r.points = 0.5 * std::round(200.0 / rank * uniform());
      }
      t.results.push_back(r);
    }
  };
  for (int s = 0; s < o.seasons; ++s) {
    const int season = o.first_season + s;
    const career::Day jan1 = *career::day_from_ymd(season, 1, 1);
    for (int k = 0; k < o.one_day_keys; ++k) {
      career::Event e;
      e.name = "Classic " + std::to_string(k);
      e.race_key = "classic-" + std::to_string(k);
      e.event_class = classes[static_cast<std::size_t>(k) % classes.size()];
      e.time_trial = k == o.one_day_keys - 1;
      e.start_day = e.end_day = jan1 + 40 + 25 * k + static_cast<career::Day>(rng.below(5));
      e.season = season;
      t.events.push_back(e);
      add_results(static_cast<std::int32_t>(t.events.size() - 1), e.start_day, true);
    }
    for (int r = 0; r < o.stage_races; ++r) {
      career::Event header;
      header.name = "Tour " + std::to_string(r);
      header.race_key = "tour-" + std::to_string(r);
      header.event_class = "2.UWT";
      header.kind = career::EventKind::StageRace;
      header.start_day = jan1 + 50 + 60 * r + static_cast<career::Day>(rng.below(10));
      header.end_day = header.start_day + 3;
      header.season = season;
      t.events.push_back(header);
      const auto parent = static_cast<std::int32_t>(t.events.size() - 1);
      for (int stage = 0; stage < 4; ++stage) {
        career::Event e;
        e.name = "Stage " + std::to_string(stage + 1);
        e.kind = career::EventKind::Stage;
        e.time_trial = stage == 0;
        e.start_day = e.end_day = header.start_day + stage;
        e.season = season;
        e.parent = parent;
        t.events.push_back(e);
        add_results(static_cast<std::int32_t>(t.events.size() - 1), e.start_day, stage % 2 == 0);
      }
      for (const auto c : {career::Classification::General, career::Classification::Points}) {
        career::Event e;
        e.name = c == career::Classification::General ? "General classification"
                                                      : "Points classification";
        e.race_key = header.race_key;
        e.kind = career::EventKind::Classification;
        e.classification = c;
        e.start_day = header.start_day;
        e.end_day = header.end_day;
        e.season = season;
        e.parent = parent;
        t.events.push_back(e);
        add_results(static_cast<std::int32_t>(t.events.size() - 1), header.end_day, true);
      }
    }
  }
  return t;
}

}  // namespace podium::rank::test
