// FeatureBuilder against an obvious full-scan reference on seeded random tables; candidates,
// labels, race selection, options, errors, determinism and speed.
#include "podium/rank/features.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>

#include "podium/career/performance.hpp"
#include "podium/core/calendar.hpp"
#include "podium/core/error.hpp"
#include "podium/rank/races.hpp"
#include "rank/synthetic.hpp"

namespace podium::rank {
namespace {

using career::Day;
using career::EventKind;
using career::Status;

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

// Every feature by scanning the whole table, written from docs/rank-features.md.
std::vector<double> reference(const career::ResultsTable& t, std::int32_t athlete,
                              std::int32_t race) {
  const career::Event& ev = t.events[static_cast<std::size_t>(race)];
  const Day d = ev.start_day;
  const int season = civil_from_day(d).year;
  std::vector<const career::Result*> past;
  for (const career::Result& r : t.results) {
    if (r.athlete == athlete && r.day < d) past.push_back(&r);
  }
  const auto event_of = [&t](const career::Result* r) -> const career::Event& {
    return t.events[static_cast<std::size_t>(r->event)];
  };
  const auto points = [&](Day lo, Day hi, int type) {
    double s = 0.0;
    for (const auto* r : past) {
      if (r->day >= lo && r->day < hi &&
          (type < 0 || static_cast<int>(career::race_type(event_of(r))) == type)) {
        s += r->points;
      }
    }
    return s;
  };
  std::vector<Day> race_days;
  for (const auto* r : past) {
    const EventKind k = event_of(r).kind;
    const bool started = r->status != Status::Dns;  // a DNS is no race day
    if (started && (k == EventKind::OneDay || k == EventKind::Stage)) race_days.push_back(r->day);
  }
  std::sort(race_days.begin(), race_days.end());
  race_days.erase(std::unique(race_days.begin(), race_days.end()), race_days.end());
  const auto days_in = [&](Day lo) {
    return static_cast<double>(
        std::count_if(race_days.begin(), race_days.end(), [&](Day x) { return x >= lo; }));
  };
  const auto jan1 = [](int y) { return *career::day_from_ymd(y, 1, 1); };
  const auto ranked = [](const career::Result* r) {
    return r->status == Status::Ranked && r->rank >= 1;
  };

  std::vector<double> f;
  const auto& birth = t.athletes[static_cast<std::size_t>(athlete)].birth_day;
  f.push_back(birth ? (d - *birth) / 365.2425 : kNan);
  Day first = std::numeric_limits<Day>::max();
  for (const auto* r : past)
    first = std::min(first, r->day);
  f.push_back(past.empty() ? kNan : (d - first) / 365.2425);
  f.push_back(points(d - 42, d, -1));
  f.push_back(days_in(d - 42));
  double best42 = kNan;
  for (const auto* r : past) {
    const career::Event& e = event_of(r);
    const bool placing = e.kind == EventKind::OneDay || e.kind == EventKind::Stage ||
                         (e.kind == EventKind::Classification &&
                          e.classification == career::Classification::General);
    if (r->day >= d - 42 && ranked(r) && placing && !(r->rank >= best42)) best42 = r->rank;
  }
  f.push_back(best42);
  f.push_back(race_days.empty() ? kNan : d - race_days.back());
  f.push_back(days_in(d - 14));
  f.push_back(days_in(d - 28));
  f.push_back(points(jan1(season), d, -1));
  f.push_back(points(d - 365, d, -1));
  const double p1 = points(jan1(season - 1), jan1(season), -1);
  const double p2 = points(jan1(season - 2), jan1(season - 1), -1);
  const double p3 = points(jan1(season - 3), jan1(season - 2), -1);
  f.insert(f.end(), {p1, p2, p3, (p1 - p3) / 2});
  const int first_season = past.empty() ? season : civil_from_day(first).year;
  f.push_back(first_season < season
                  ? points(jan1(first_season), jan1(season), -1) / (season - first_season)
                  : kNan);
  f.push_back(points(d - 365, d, 0));
  double tops = 0;
  for (const auto* r : past) {
    tops += r->day >= d - 365 && ranked(r) && r->rank <= 10 &&
            career::race_type(event_of(r)) == career::RaceType::OneDay;
  }
  f.push_back(tops);
  f.push_back(points(d - 42, d, -1) - points(d - 84, d - 42, -1));
  const double career_points = points(std::numeric_limits<Day>::min(), d, -1);
  f.push_back(career_points);
  // Earlier editions: same race_key, kind and classification, known before d.
  const auto same_race = [&](std::size_t e) {
    const career::Event& o = t.events[e];
    return !ev.race_key.empty() && o.race_key == ev.race_key && o.kind == ev.kind &&
           o.classification == ev.classification && static_cast<std::int32_t>(e) != race;
  };
  std::int32_t last_edition = -1;
  Day last_day = std::numeric_limits<Day>::min();
  for (const career::Result& r : t.results) {
    if (r.day < d && same_race(static_cast<std::size_t>(r.event))) {
      const career::Event& o = t.events[static_cast<std::size_t>(r.event)];
      (void)o;
      Day first_row = std::numeric_limits<Day>::max();
      for (const career::Result& q : t.results) {
        if (q.event == r.event) first_row = std::min(first_row, q.day);
      }
      if (first_row > last_day || (first_row == last_day && r.event > last_edition)) {
        last_day = first_row;
        last_edition = r.event;
      }
    }
  }
  std::vector<std::int32_t> editions;
  double race_tops = 0, best = kNan, best_day = 0, last_rank = kNan;
  std::vector<std::int32_t> top_events;
  for (const auto* r : past) {
    if (!same_race(static_cast<std::size_t>(r->event))) continue;
    if (std::find(editions.begin(), editions.end(), r->event) == editions.end()) {
      editions.push_back(r->event);
    }
    if (ranked(r) && r->rank <= 10 &&
        std::find(top_events.begin(), top_events.end(), r->event) == top_events.end()) {
      top_events.push_back(r->event);
      ++race_tops;
    }
    if (ranked(r) &&
        (std::isnan(best) || r->rank < best || (r->rank == best && r->day > best_day))) {
      best = r->rank;
      best_day = r->day;
    }
    if (ranked(r) && r->event == last_edition && !(r->rank >= last_rank)) last_rank = r->rank;
  }
  f.insert(f.end(), {static_cast<double>(editions.size()), race_tops, best,
                     std::isnan(best) ? kNan : (d - best_day) / 365.2425, last_rank});
  for (int type = 0; type < career::kRaceTypeCount; ++type) {
    f.push_back(career_points != 0
                    ? points(std::numeric_limits<Day>::min(), d, type) / career_points
                    : kNan);
  }
  double class_points = 0, class_tops = 0;
  for (const auto* r : past) {
    const career::Event& e = event_of(r);
    if (r->day < d - 365 || e.kind != EventKind::OneDay || e.event_class != ev.event_class) {
      continue;
    }
    class_points += r->points;
    class_tops += ranked(r) && r->rank <= 10;
  }
  f.insert(f.end(), {class_points, class_tops});
  return f;
}

TEST(RankFeatures, MatchTheFullScanReference) {
  std::size_t checked = 0;
  for (std::uint64_t seed = 11; seed <= 14; ++seed) {
    const career::ResultsTable t = test::synthetic_table(seed);
    const FeatureBuilder builder(t);
    std::vector<std::int32_t> races;
    for (std::size_t e = 0; e < t.events.size(); e += 3)
      races.push_back(static_cast<int>(e));
    const RankDataset d = build_dataset(builder, races, {});
    ASSERT_EQ(d.features(), feature_names({}).size());
    for (std::size_t q = 0; q < d.queries(); ++q) {
      for (std::size_t i = d.query_offsets[q]; i < d.query_offsets[q + 1]; ++i) {
        const std::vector<double> want = reference(t, d.athletes[i], d.events[q]);
        ASSERT_EQ(want.size(), d.features());
        for (std::size_t c = 0; c < want.size(); ++c) {
          const float got = d.row(i)[c];
          if (std::isnan(want[c])) {
            EXPECT_TRUE(std::isnan(got)) << d.feature_names[c] << " row " << i;
          } else {
            EXPECT_NEAR(got, want[c], 1e-4 * (1 + std::abs(want[c])))
                << d.feature_names[c] << " row " << i << " seed " << seed;
          }
        }
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 1000u);
}

// Issue 15: a DNS row is no race day, for the rank features as for careers (one definition,
// career::is_race_day). One rider: a finish, a DNF, a DNS, a DNS'd stage and a classification.
TEST(RankFeatures, DnsRowsAreNoRaceDaysInFeaturesAndCareers) {
  career::ResultsTable t;
  t.athletes.push_back({"rider", std::nullopt});
  const Day jan1 = *career::day_from_ymd(2020, 1, 1);
  const auto add = [&t](EventKind kind, Day day, Status status, std::int32_t rank) {
    career::Event e;
    e.name = "race-" + std::to_string(t.events.size());
    e.kind = kind;
    e.start_day = e.end_day = day;
    e.season = 2020;
    if (kind == EventKind::Classification) e.classification = career::Classification::General;
    t.events.push_back(e);
    const auto event = static_cast<std::int32_t>(t.events.size() - 1);
    t.results.push_back({.event = event, .athlete = 0, .day = day, .status = status, .rank = rank});
    return event;
  };
  add(EventKind::OneDay, jan1 + 10, Status::Ranked, 3);
  add(EventKind::OneDay, jan1 + 12, Status::Dnf, 0);
  add(EventKind::OneDay, jan1 + 14, Status::Dns, 0);
  add(EventKind::Stage, jan1 + 15, Status::Dns, 0);
  add(EventKind::Classification, jan1 + 16, Status::Ranked, 1);
  const std::int32_t race = add(EventKind::OneDay, jan1 + 20, Status::Ranked, 1);

  const RankDataset d = build_dataset(FeatureBuilder(t), {race}, {});
  ASSERT_EQ(d.rows(), 1u);
  const auto column = [&d](std::string_view name) {
    const auto it = std::find(d.feature_names.begin(), d.feature_names.end(), name);
    return d.row(0)[it - d.feature_names.begin()];
  };
  EXPECT_EQ(column("race_days_14d"), 2.0F);  // the finish and the DNF
  EXPECT_EQ(column("race_days_28d"), 2.0F);
  EXPECT_EQ(column("race_days_42d"), 2.0F);
  EXPECT_EQ(column("days_since_last_race"), 8.0F);  // the DNF on day 12, not the DNS on 14/15

  // Careers count the same days: 3 race days entered in 2020 (the race itself included).
  const std::vector<career::AthleteSeason> seasons =
      career::yearly_performance(t, {.from_season = 2020, .to_season = 2020, .min_points = 0});
  ASSERT_EQ(seasons.size(), 1u);
  EXPECT_EQ(seasons[0].race_days, 3);
  int race_days = 0;
  for (const career::Result& r : t.results)
    race_days += career::is_race_day(t.events[static_cast<std::size_t>(r.event)], r);
  EXPECT_EQ(race_days, 3);
}

TEST(RankFeatures, CandidatesAreEveryRowOfTheRaceAndLabelsTheirRelevance) {
  const career::ResultsTable t = test::synthetic_table(21);
  const FeatureBuilder builder(t);
  const auto race = one_day_races(t, 2012, 2012, {}).front();
  const RankDataset d = build_dataset(builder, {race}, {});
  std::vector<std::int32_t> want;
  for (const career::Result& r : t.results) {
    if (r.event == race) want.push_back(r.athlete);
  }
  std::sort(want.begin(), want.end());
  EXPECT_EQ(d.athletes, want);
  for (std::size_t i = 0; i < d.rows(); ++i) {
    for (const career::Result& r : t.results) {
      if (r.event == race && r.athlete == d.athletes[i]) {
        EXPECT_EQ(d.labels[i], r.status == Status::Ranked ? relevance_from_rank(r.rank) : 0.0F);
      }
    }
  }
}

TEST(RankFeatures, RacesWithoutRowsAreSkippedAndBadIndicesNamed) {
  const career::ResultsTable t = test::synthetic_table(22);
  const FeatureBuilder builder(t);
  std::int32_t header = -1;
  for (std::size_t e = 0; e < t.events.size(); ++e) {
    if (t.events[e].kind == EventKind::StageRace) header = static_cast<std::int32_t>(e);
  }
  const RankDataset d = build_dataset(builder, {header, 0}, {});
  EXPECT_EQ(d.events, (std::vector<std::int32_t>{0}));
  try {
    build_dataset(builder, {0, 100000}, {});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
    EXPECT_NE(std::string(e.what()).find("races[1] = 100000"), std::string::npos) << e.what();
  }
  career::ResultsTable broken = t;
  broken.results[5].athlete = 999;
  EXPECT_THROW(FeatureBuilder{broken}, Error);
}

TEST(RankFeatures, OptionsSwitchColumnGroups) {
  const career::ResultsTable t = test::synthetic_table(23);
  const FeatureBuilder builder(t);
  const std::vector<std::int32_t> races = one_day_races(t, 2013, 2014, {});
  const RankDataset all = build_dataset(builder, races, {});
  const RankDataset core = build_dataset(builder, races, {false, false, false});
  EXPECT_EQ(all.features(), 33u);
  EXPECT_EQ(core.features(), 19u);
  ASSERT_EQ(all.rows(), core.rows());
  for (std::size_t i = 0; i < all.rows(); ++i) {
    EXPECT_EQ(std::memcmp(all.row(i), core.row(i), core.features() * sizeof(float)), 0);
  }
  const RankDataset again = build_dataset(FeatureBuilder(t), races, {});
  EXPECT_EQ(std::memcmp(all.x.data(), again.x.data(), all.x.size() * sizeof(float)), 0);
}

TEST(RankRaces, SelectionBySeasonClassKindAndKey) {
  const career::ResultsTable t = test::synthetic_table(24);
  const auto wt = one_day_races(t, 2011, 2012, one_day_classes(RaceClassSet::WorldTour));
  // Classic 0 and 3 are 1.UWT (classes cycle over 3); two seasons.
  ASSERT_EQ(wt.size(), 4u);
  for (const auto e : wt) {
    const career::Event& ev = t.events[static_cast<std::size_t>(e)];
    EXPECT_EQ(ev.event_class, "1.UWT");
    EXPECT_TRUE(ev.season == 2011 || ev.season == 2012);
  }
  for (std::size_t i = 1; i < wt.size(); ++i) {
    EXPECT_LE(t.events[static_cast<std::size_t>(wt[i - 1])].start_day,
              t.events[static_cast<std::size_t>(wt[i])].start_day);
  }
  // All classes: 6 classics a season minus the time trial (classic 5).
  EXPECT_EQ(one_day_races(t, 2010, 2014, {}).size(), 25u);
  const auto tour = races_by_key(t, "tour-1", 2013);
  ASSERT_EQ(tour.size(), 2u);  // its general and points classifications have rows
  EXPECT_EQ(t.events[static_cast<std::size_t>(tour[0])].kind, EventKind::Classification);
  EXPECT_EQ(parse_race_class_set("top"), RaceClassSet::Top);
  EXPECT_FALSE(parse_race_class_set("wt").has_value());
  EXPECT_TRUE(one_day_classes(RaceClassSet::All).empty());
}

// Index plus features for ~110 k rows: prints the rates (docs/rank-features.md quotes them).
TEST(RankFeatures, SpeedOnALargeTable) {
  test::SyntheticOptions o;
  o.athletes = 400;
  o.seasons = 12;
  o.one_day_keys = 20;
  o.stage_races = 3;
  o.start_share = 0.6;
  const career::ResultsTable t = test::synthetic_table(31, o);
  const auto start = std::chrono::steady_clock::now();
  const FeatureBuilder builder(t);
  const auto indexed = std::chrono::steady_clock::now();
  const RankDataset d = build_dataset(builder, one_day_races(t, 2010, 2030, {}), {});
  const auto done = std::chrono::steady_clock::now();
  const double index_s = std::chrono::duration<double>(indexed - start).count();
  const double build_s = std::chrono::duration<double>(done - indexed).count();
  std::printf(
      "results %zu: index %.3f s (%.0f rows/s); dataset %zu rows x %zu in %.3f s "
      "(%.0f rows/s)\n",
      t.results.size(), index_s, t.results.size() / index_s, d.rows(), d.features(), build_s,
      d.rows() / build_s);
  EXPECT_GT(t.results.size(), 100000u);
}

}  // namespace
}  // namespace podium::rank
