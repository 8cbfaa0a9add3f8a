// FeatureBuilder's indexes over a ResultsTable: per-athlete rows by day with prefix sums, race
// days, rows per event and per race_key. Everything a feature needs is a binary search away.
#include <algorithm>
#include <limits>
#include <numeric>
#include <string>
#include <unordered_map>

#include "podium/core/error.hpp"
#include "podium/rank/features.hpp"

namespace podium::rank {

namespace {

using career::Day;

// CSR offsets from per-bucket counts.
std::vector<std::size_t> offsets_from_counts(const std::vector<std::size_t>& counts) {
  std::vector<std::size_t> offsets(counts.size() + 1, 0);
  std::partial_sum(counts.begin(), counts.end(), offsets.begin() + 1);
  return offsets;
}

void check_indices(const career::ResultsTable& table) {
  const auto athletes = static_cast<std::int64_t>(table.athletes.size());
  const auto events = static_cast<std::int64_t>(table.events.size());
  for (std::size_t i = 0; i < table.results.size(); ++i) {
    const career::Result& r = table.results[i];
    if (r.athlete < 0 || r.athlete >= athletes || r.event < 0 || r.event >= events) {
      throw Error(ErrorKind::InvalidInput, "results table: result " + std::to_string(i) +
                                               ": athlete " + std::to_string(r.athlete) +
                                               " / event " + std::to_string(r.event) +
                                               " out of range (" + std::to_string(athletes) +
                                               " athletes, " + std::to_string(events) + " events)");
    }
  }
}

}  // namespace

FeatureBuilder::FeatureBuilder(const career::ResultsTable& table) : table_(&table) {
  check_indices(table);
  const std::size_t n_athletes = table.athletes.size();
  const std::size_t n_events = table.events.size();
  const std::size_t n_results = table.results.size();

  // Rows per athlete, sorted by (day, result index) so equal-day order never depends on rows
  // of later days (the leakage test deletes those).
  std::vector<std::size_t> counts(n_athletes, 0);
  for (const career::Result& r : table.results)
    ++counts[static_cast<std::size_t>(r.athlete)];
  row_offsets_ = offsets_from_counts(counts);
  row_result_.resize(n_results);
  {
    std::vector<std::size_t> next(row_offsets_.begin(), row_offsets_.end() - 1);
    for (std::size_t i = 0; i < n_results; ++i) {
      row_result_[next[static_cast<std::size_t>(table.results[i].athlete)]++] =
          static_cast<std::int32_t>(i);
    }
  }
  const auto by_day = [&table](std::int32_t a, std::int32_t b) {
    const Day da = table.results[static_cast<std::size_t>(a)].day;
    const Day db = table.results[static_cast<std::size_t>(b)].day;
    return da != db ? da < db : a < b;
  };
  for (std::size_t a = 0; a < n_athletes; ++a) {
    std::sort(row_result_.begin() + static_cast<std::ptrdiff_t>(row_offsets_[a]),
              row_result_.begin() + static_cast<std::ptrdiff_t>(row_offsets_[a + 1]), by_day);
  }
  row_day_.resize(n_results);
  for (std::size_t i = 0; i < n_results; ++i) {
    row_day_[i] = table.results[static_cast<std::size_t>(row_result_[i])].day;
  }

  // Point rows with per-athlete inclusive prefix sums, per race type and in total.
  constexpr std::size_t kCols = career::kRaceTypeCount + 1;
  std::vector<career::RaceType> event_type(n_events);
  for (std::size_t e = 0; e < n_events; ++e)
    event_type[e] = career::race_type(table.events[e]);
  point_offsets_.assign(n_athletes + 1, 0);
  race_day_offsets_.assign(n_athletes + 1, 0);
  for (std::size_t a = 0; a < n_athletes; ++a) {
    std::vector<double> running(kCols, 0.0);
    for (std::size_t i = row_offsets_[a]; i < row_offsets_[a + 1]; ++i) {
      const career::Result& r = table.results[static_cast<std::size_t>(row_result_[i])];
      const career::Event& event = table.events[static_cast<std::size_t>(r.event)];
      if (r.points != 0.0) {
        running[static_cast<std::size_t>(event_type[static_cast<std::size_t>(r.event)])] +=
            r.points;
        running[kCols - 1] += r.points;
        point_day_.push_back(r.day);
        point_cum_.insert(point_cum_.end(), running.begin(), running.end());
      }
      if (career::is_race_day(event, r) &&
          (race_day_.size() == race_day_offsets_[a] || race_day_.back() != r.day)) {
        race_day_.push_back(r.day);
      }
    }
    point_offsets_[a + 1] = point_day_.size();
    race_day_offsets_[a + 1] = race_day_.size();
  }

  // Rows per event, the day each event's first results were known, class ids.
  counts.assign(n_events, 0);
  for (const career::Result& r : table.results)
    ++counts[static_cast<std::size_t>(r.event)];
  event_offsets_ = offsets_from_counts(counts);
  event_results_.resize(n_results);
  event_first_day_.assign(n_events, std::numeric_limits<Day>::max());
  {
    std::vector<std::size_t> next(event_offsets_.begin(), event_offsets_.end() - 1);
    for (std::size_t i = 0; i < n_results; ++i) {
      const auto e = static_cast<std::size_t>(table.results[i].event);
      event_results_[next[e]++] = static_cast<std::int32_t>(i);
      event_first_day_[e] = std::min(event_first_day_[e], table.results[i].day);
    }
  }
  std::unordered_map<std::string, std::int32_t> class_ids;
  event_class_.resize(n_events);
  for (std::size_t e = 0; e < n_events; ++e) {
    const std::string& event_class = table.events[e].event_class;
    event_class_[e] =
        class_ids.emplace(event_class, static_cast<std::int32_t>(class_ids.size())).first->second;
  }

  // race_key ids, their events and their rows sorted by (athlete, day, index).
  std::unordered_map<std::string, std::int32_t> key_ids;
  event_key_.assign(n_events, -1);
  for (std::size_t e = 0; e < n_events; ++e) {
    const std::string& key = table.events[e].race_key;
    if (key.empty()) continue;
    event_key_[e] = key_ids.emplace(key, static_cast<std::int32_t>(key_ids.size())).first->second;
  }
  counts.assign(key_ids.size(), 0);
  std::vector<std::size_t> event_counts(key_ids.size(), 0);
  for (std::size_t e = 0; e < n_events; ++e) {
    if (event_key_[e] < 0) continue;
    const auto k = static_cast<std::size_t>(event_key_[e]);
    counts[k] += event_offsets_[e + 1] - event_offsets_[e];
    ++event_counts[k];
  }
  key_offsets_ = offsets_from_counts(counts);
  key_event_offsets_ = offsets_from_counts(event_counts);
  key_results_.resize(key_offsets_.back());
  key_events_.resize(key_event_offsets_.back());
  {
    std::vector<std::size_t> next(key_offsets_.begin(), key_offsets_.end() - 1);
    std::vector<std::size_t> next_event(key_event_offsets_.begin(), key_event_offsets_.end() - 1);
    for (std::size_t e = 0; e < n_events; ++e) {
      if (event_key_[e] < 0) continue;
      const auto k = static_cast<std::size_t>(event_key_[e]);
      key_events_[next_event[k]++] = static_cast<std::int32_t>(e);
      for (std::size_t i = event_offsets_[e]; i < event_offsets_[e + 1]; ++i) {
        key_results_[next[k]++] = event_results_[i];
      }
    }
  }
  const auto by_athlete_day = [&table](std::int32_t a, std::int32_t b) {
    const career::Result& ra = table.results[static_cast<std::size_t>(a)];
    const career::Result& rb = table.results[static_cast<std::size_t>(b)];
    if (ra.athlete != rb.athlete) return ra.athlete < rb.athlete;
    return ra.day != rb.day ? ra.day < rb.day : a < b;
  };
  const auto by_event_day = [this](std::int32_t a, std::int32_t b) {
    const Day da = event_first_day_[static_cast<std::size_t>(a)];
    const Day db = event_first_day_[static_cast<std::size_t>(b)];
    return da != db ? da < db : a < b;
  };
  for (std::size_t k = 0; k < key_ids.size(); ++k) {
    std::sort(key_results_.begin() + static_cast<std::ptrdiff_t>(key_offsets_[k]),
              key_results_.begin() + static_cast<std::ptrdiff_t>(key_offsets_[k + 1]),
              by_athlete_day);
    std::sort(key_events_.begin() + static_cast<std::ptrdiff_t>(key_event_offsets_[k]),
              key_events_.begin() + static_cast<std::ptrdiff_t>(key_event_offsets_[k + 1]),
              by_event_day);
  }
  key_athletes_.resize(key_results_.size());
  for (std::size_t i = 0; i < key_results_.size(); ++i) {
    key_athletes_[i] = table.results[static_cast<std::size_t>(key_results_[i])].athlete;
  }
}

std::vector<std::int32_t> FeatureBuilder::candidates(std::int32_t event) const {
  const auto e = static_cast<std::size_t>(event);
  std::vector<std::int32_t> athletes;
  for (std::size_t i = event_offsets_[e]; i < event_offsets_[e + 1]; ++i) {
    athletes.push_back(table_->results[static_cast<std::size_t>(event_results_[i])].athlete);
  }
  std::sort(athletes.begin(), athletes.end());
  athletes.erase(std::unique(athletes.begin(), athletes.end()), athletes.end());
  return athletes;
}

float FeatureBuilder::label(std::int32_t athlete, std::int32_t event) const {
  const auto e = static_cast<std::size_t>(event);
  float best = 0.0F;
  for (std::size_t i = event_offsets_[e]; i < event_offsets_[e + 1]; ++i) {
    const career::Result& r = table_->results[static_cast<std::size_t>(event_results_[i])];
    if (r.athlete == athlete && r.status == career::Status::Ranked) {
      best = std::max(best, relevance_from_rank(r.rank));
    }
  }
  return best;
}

FeatureBuilder::Range FeatureBuilder::window(const std::vector<career::Day>& days, Range athlete,
                                             career::Day lo, career::Day hi) {
  const auto first = days.begin() + static_cast<std::ptrdiff_t>(athlete.begin);
  const auto last = days.begin() + static_cast<std::ptrdiff_t>(athlete.end);
  const auto b = std::lower_bound(first, last, lo);
  const auto e = std::lower_bound(b, last, hi);
  return {static_cast<std::size_t>(b - days.begin()), static_cast<std::size_t>(e - days.begin())};
}

double FeatureBuilder::points_sum(Range athlete_points, Range rows, int type) const {
  constexpr std::size_t kCols = career::kRaceTypeCount + 1;
  const auto col = type < 0 ? kCols - 1 : static_cast<std::size_t>(type);
  const auto cum = [&](std::size_t end) {
    return end == athlete_points.begin ? 0.0 : point_cum_[(end - 1) * kCols + col];
  };
  return cum(rows.end) - cum(rows.begin);
}

}  // namespace podium::rank
