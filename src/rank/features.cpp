// The feature values of one rider before one race, and the dataset of many races. Definitions
// (and why each window) are in docs/rank-features.md; the order here is the column order.
#include "podium/rank/features.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>

#include "podium/core/calendar.hpp"
#include "podium/core/error.hpp"

namespace podium::rank {

namespace {

using career::Day;
using career::EventKind;

constexpr Day kFormDays = 42;  // six weeks: the papers' "form" window
constexpr Day kShortDays = 14;
constexpr Day kMonthDays = 28;
constexpr Day kYearDays = 365;
constexpr double kDaysPerYear = 365.2425;
constexpr std::int32_t kTopRanks = 10;
constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();
constexpr Day kDayMin = std::numeric_limits<Day>::min();

constexpr const char* kCoreNames[] = {
    "age_years",
    "career_years",
    "points_42d",
    "race_days_42d",
    "best_rank_42d",
    "days_since_last_race",
    "race_days_14d",
    "race_days_28d",
    "points_season_to_date",
    "points_365d",
    "points_prev_season_1",
    "points_prev_season_2",
    "points_prev_season_3",
    "points_slope_per_season",
    "points_mean_per_season",
    "one_day_points_365d",
    "one_day_top10s_365d",
    "trend_points_42d",
    "points_career",
};
// Group of each core column (kCoreNames order), an index into kGroupNames.
enum FeatureGroup : int { kAge, kForm, kPoints, kOneDay, kHistory, kType, kClass, kGroupCount };
constexpr FeatureGroup kCoreGroup[] = {
    kAge,    kAge,    kForm,   kForm,   kForm,   kForm,   kForm,   kForm, kPoints, kPoints,
    kPoints, kPoints, kPoints, kPoints, kPoints, kOneDay, kOneDay, kForm, kPoints,
};
static_assert(std::size(kCoreGroup) == std::size(kCoreNames));
constexpr std::size_t kCoreCount = std::size(kCoreNames);
constexpr const char* kGroupNames[] = {"age",     "form", "points", "one_day",
                                       "history", "type", "class"};
static_assert(std::size(kGroupNames) == kGroupCount);

bool& group_flag(FeatureOptions& o, int group) {
  bool* flags[] = {&o.age,          &o.form,        &o.points,    &o.one_day,
                   &o.race_history, &o.type_shares, &o.same_class};
  return *flags[group];
}
bool group_on(const FeatureOptions& o, int group) {
  const bool flags[] = {o.age,          o.form,        o.points,    o.one_day,
                        o.race_history, o.type_shares, o.same_class};
  return flags[group];
}

std::string group_list() {
  std::string list;
  for (const char* g : kGroupNames)
    list.append(list.empty() ? "" : ", ").append(g);
  return list;
}

constexpr const char* kRaceHistoryNames[] = {
    "race_editions",          "race_top10s", "race_best_rank", "race_years_since_best",
    "race_last_edition_rank",
};
constexpr const char* kSameClassNames[] = {"class_points_365d", "class_top10s_365d"};

// 1 January of `year`, clamped to the calendar range day_from_ymd accepts.
Day season_start(int year) {
  constexpr int kMinYear = 1800;
  constexpr int kMaxYear = 2200;
  return *career::day_from_ymd(std::clamp(year, kMinYear, kMaxYear), 1, 1);
}

// A placing worth comparing across races: one-day races, stages, general classifications.
bool is_placing(const career::Event& event) {
  return event.kind == EventKind::OneDay || event.kind == EventKind::Stage ||
         (event.kind == EventKind::Classification &&
          event.classification == career::Classification::General);
}

bool is_top(const career::Result& r) {
  return r.status == career::Status::Ranked && r.rank >= 1 && r.rank <= kTopRanks;
}

float as_float(double value) {
  return static_cast<float>(value);
}

}  // namespace

const std::vector<std::string>& feature_group_names() {
  static const std::vector<std::string> names(std::begin(kGroupNames), std::end(kGroupNames));
  return names;
}

FeatureOptions parse_feature_groups(std::string_view spec) {
  FeatureOptions options;
  const auto fail = [&](std::string_view problem) {
    throw Error(ErrorKind::InvalidInput, std::string("--features \"")
                                             .append(spec)
                                             .append("\": ")
                                             .append(problem)
                                             .append(" (groups: ")
                                             .append(group_list())
                                             .append(")"));
  };
  std::size_t begin = 0;
  while (!spec.empty() && begin <= spec.size()) {
    const std::size_t comma = std::min(spec.find(',', begin), spec.size());
    const std::string_view item = spec.substr(begin, comma - begin);
    if (item.size() < 2 || item[0] != '-') {
      fail(std::string("\"").append(item).append("\" is not -<group>"));
    }
    const auto* it = std::find(std::begin(kGroupNames), std::end(kGroupNames), item.substr(1));
    if (it == std::end(kGroupNames)) {
      fail(std::string("unknown feature group \"").append(item.substr(1)).append("\""));
    }
    group_flag(options, static_cast<int>(it - std::begin(kGroupNames))) = false;
    begin = comma + 1;
  }
  if (dropped_feature_groups(options).size() == kGroupCount) fail("no feature group left");
  return options;
}

std::vector<std::string> dropped_feature_groups(const FeatureOptions& options) {
  std::vector<std::string> out;
  for (int g = 0; g < kGroupCount; ++g) {
    if (!group_on(options, g)) out.emplace_back(kGroupNames[g]);
  }
  return out;
}

FeatureOptions feature_options_from_names(const std::vector<std::string>& names) {
  // Each group's first column says whether it is there; the full comparison below checks the rest.
  FeatureOptions options;
  const auto has = [&](std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  const char* first[kGroupCount] = {};
  for (std::size_t c = kCoreCount; c-- > 0;)
    first[kCoreGroup[c]] = kCoreNames[c];
  first[kHistory] = kRaceHistoryNames[0];
  first[kType] = "share_points_one_day";
  first[kClass] = kSameClassNames[0];
  for (int g = 0; g < kGroupCount; ++g)
    group_flag(options, g) = has(first[g]);
  if (feature_names(options) != names) {
    throw Error(ErrorKind::InvalidInput,
                "rank features: the columns are no selection of feature groups (" +
                    std::to_string(names.size()) + " columns)");
  }
  return options;
}

std::vector<std::string> feature_names(const FeatureOptions& options) {
  std::vector<std::string> names;
  for (std::size_t c = 0; c < kCoreCount; ++c) {
    if (group_on(options, kCoreGroup[c])) names.emplace_back(kCoreNames[c]);
  }
  if (options.race_history) {
    names.insert(names.end(), std::begin(kRaceHistoryNames), std::end(kRaceHistoryNames));
  }
  if (options.type_shares) {
    for (int t = 0; t < career::kRaceTypeCount; ++t) {
      names.push_back(std::string("share_points_") +
                      career::race_type_name(static_cast<career::RaceType>(t)));
    }
  }
  if (options.same_class) {
    names.insert(names.end(), std::begin(kSameClassNames), std::end(kSameClassNames));
  }
  return names;
}

void FeatureBuilder::features(std::int32_t athlete, std::int32_t race,
                              const FeatureOptions& options, float* out) const {
  const career::ResultsTable& t = *table_;
  const auto a = static_cast<std::size_t>(athlete);
  const career::Event& event = t.events[static_cast<std::size_t>(race)];
  const Day d = event.start_day;
  const int season = civil_from_day(d).year;

  const Range rows{row_offsets_[a], row_offsets_[a + 1]};
  const Range points{point_offsets_[a], point_offsets_[a + 1]};
  const Range days{race_day_offsets_[a], race_day_offsets_[a + 1]};
  const Range past = window(row_day_, rows, kDayMin, d);
  const auto sum = [&](Day lo, Day hi, int type = -1) {
    return points_sum(points, window(point_day_, points, lo, hi), type);
  };
  const auto race_days = [&](Day lo) {
    const Range w = window(race_day_, days, lo, d);
    return static_cast<float>(w.end - w.begin);
  };

  // The core columns are computed together (they share windows), the kept groups copied out.
  float* const dest = out;
  float core[kCoreCount];
  out = core;
  const std::optional<Day> birth = t.athletes[a].birth_day;
  *out++ = birth ? as_float(career::age_years(*birth, d)) : kMissing;
  *out++ = past.end > past.begin ? as_float((d - row_day_[past.begin]) / kDaysPerYear) : kMissing;
  const double form = sum(d - kFormDays, d);
  *out++ = as_float(form);
  *out++ = race_days(d - kFormDays);
  std::int32_t best_rank = 0;
  const Range form_rows = window(row_day_, rows, d - kFormDays, d);
  for (std::size_t i = form_rows.begin; i < form_rows.end; ++i) {
    const career::Result& r = t.results[static_cast<std::size_t>(row_result_[i])];
    if (r.status != career::Status::Ranked || r.rank < 1) continue;
    if (!is_placing(t.events[static_cast<std::size_t>(r.event)])) continue;
    best_rank = best_rank == 0 ? r.rank : std::min(best_rank, r.rank);
  }
  *out++ = best_rank > 0 ? static_cast<float>(best_rank) : kMissing;
  const Range all_days = window(race_day_, days, kDayMin, d);
  *out++ = all_days.end > all_days.begin ? static_cast<float>(d - race_day_[all_days.end - 1])
                                         : kMissing;
  *out++ = race_days(d - kShortDays);
  *out++ = race_days(d - kMonthDays);
  *out++ = as_float(sum(season_start(season), d));
  *out++ = as_float(sum(d - kYearDays, d));
  double previous[3];
  for (int k = 1; k <= 3; ++k) {
    previous[k - 1] = sum(season_start(season - k), season_start(season - k + 1));
    *out++ = as_float(previous[k - 1]);
  }
  // Least-squares slope through (-3, p3), (-2, p2), (-1, p1).
  *out++ = as_float((previous[0] - previous[2]) / 2.0);
  const int first_season =
      past.end > past.begin ? civil_from_day(row_day_[past.begin]).year : season;
  *out++ = first_season < season ? as_float(sum(kDayMin, season_start(season)) /
                                            static_cast<double>(season - first_season))
                                 : kMissing;
  *out++ = as_float(sum(d - kYearDays, d, static_cast<int>(career::RaceType::OneDay)));
  const Range year_rows = window(row_day_, rows, d - kYearDays, d);
  int one_day_tops = 0;
  for (std::size_t i = year_rows.begin; i < year_rows.end; ++i) {
    const career::Result& r = t.results[static_cast<std::size_t>(row_result_[i])];
    if (is_top(r) && career::race_type(t.events[static_cast<std::size_t>(r.event)]) ==
                         career::RaceType::OneDay) {
      ++one_day_tops;
    }
  }
  *out++ = static_cast<float>(one_day_tops);
  *out++ = as_float(form - sum(d - 2 * kFormDays, d - kFormDays));
  const double career_points = sum(kDayMin, d);
  *out++ = as_float(career_points);
  out = dest;
  for (std::size_t c = 0; c < kCoreCount; ++c) {
    if (group_on(options, kCoreGroup[c])) *out++ = core[c];
  }

  if (options.race_history) {
    int editions = 0;
    int tops = 0;
    std::int32_t best = 0;
    Day best_day = 0;
    std::int32_t last_edition = -1;
    float last_rank = kMissing;
    const std::int32_t key = event_key_[static_cast<std::size_t>(race)];
    const auto same_race = [&](std::int32_t e) {
      const career::Event& other = t.events[static_cast<std::size_t>(e)];
      return e != race && other.kind == event.kind && other.classification == event.classification;
    };
    if (key >= 0) {
      const auto k = static_cast<std::size_t>(key);
      for (std::size_t i = key_event_offsets_[k + 1]; i > key_event_offsets_[k]; --i) {
        const std::int32_t e = key_events_[i - 1];
        if (event_first_day_[static_cast<std::size_t>(e)] < d && same_race(e)) {
          last_edition = e;
          break;
        }
      }
      const auto first = key_athletes_.begin() + static_cast<std::ptrdiff_t>(key_offsets_[k]);
      const auto last = key_athletes_.begin() + static_cast<std::ptrdiff_t>(key_offsets_[k + 1]);
      const auto [lo, hi] = std::equal_range(first, last, athlete);
      std::int32_t previous_event = -1;
      bool previous_top = false;
      for (auto it = lo; it != hi; ++it) {
        const career::Result& r = t.results[static_cast<std::size_t>(
            key_results_[static_cast<std::size_t>(it - key_athletes_.begin())])];
        if (r.day >= d) break;
        if (!same_race(r.event)) continue;
        if (r.event != previous_event) {
          ++editions;
          previous_event = r.event;
          previous_top = false;
        }
        if (is_top(r) && !previous_top) {
          ++tops;
          previous_top = true;
        }
        if (r.status == career::Status::Ranked && r.rank >= 1) {
          if (best == 0 || r.rank <= best) {
            best = r.rank;
            best_day = r.day;
          }
          if (r.event == last_edition && (std::isnan(last_rank) || r.rank < last_rank)) {
            last_rank = static_cast<float>(r.rank);
          }
        }
      }
    }
    *out++ = static_cast<float>(editions);
    *out++ = static_cast<float>(tops);
    *out++ = best > 0 ? static_cast<float>(best) : kMissing;
    *out++ = best > 0 ? as_float((d - best_day) / kDaysPerYear) : kMissing;
    *out++ = last_rank;
  }
  if (options.type_shares) {
    for (int type = 0; type < career::kRaceTypeCount; ++type) {
      *out++ = career_points != 0.0 ? as_float(sum(kDayMin, d, type) / career_points) : kMissing;
    }
  }
  if (options.same_class) {
    const std::int32_t race_class = event_class_[static_cast<std::size_t>(race)];
    double class_points = 0.0;
    int class_tops = 0;
    for (std::size_t i = year_rows.begin; i < year_rows.end; ++i) {
      const career::Result& r = t.results[static_cast<std::size_t>(row_result_[i])];
      const auto e = static_cast<std::size_t>(r.event);
      if (event_class_[e] != race_class || t.events[e].kind != EventKind::OneDay) continue;
      class_points += r.points;
      class_tops += is_top(r) ? 1 : 0;
    }
    *out++ = as_float(class_points);
    *out++ = static_cast<float>(class_tops);
  }
}

RankDataset build_dataset(const FeatureBuilder& builder, const std::vector<std::int32_t>& races,
                          const FeatureOptions& options,
                          const std::optional<std::vector<std::int32_t>>& candidates) {
  const career::ResultsTable& table = builder.table();
  RankDataset data;
  data.feature_names = feature_names(options);
  const std::size_t width = data.feature_names.size();
  for (const std::int32_t athlete : candidates.value_or(std::vector<std::int32_t>{})) {
    if (athlete < 0 || static_cast<std::size_t>(athlete) >= table.athletes.size()) {
      throw Error(ErrorKind::InvalidInput, "build_dataset: candidate athlete " +
                                               std::to_string(athlete) + " is not in the table (" +
                                               std::to_string(table.athletes.size()) + ")");
    }
  }
  for (std::size_t q = 0; q < races.size(); ++q) {
    const std::int32_t race = races[q];
    if (race < 0 || static_cast<std::size_t>(race) >= table.events.size()) {
      throw Error(ErrorKind::InvalidInput,
                  "build_dataset: races[" + std::to_string(q) + "] = " + std::to_string(race) +
                      " is not an event (" + std::to_string(table.events.size()) + " events)");
    }
    const std::vector<std::int32_t> riders = candidates ? *candidates : builder.candidates(race);
    if (riders.empty()) continue;
    data.events.push_back(race);
    for (const std::int32_t athlete : riders) {
      data.x.resize(data.x.size() + width);
      builder.features(athlete, race, options, data.x.data() + data.x.size() - width);
      data.labels.push_back(builder.label(athlete, race));
      data.athletes.push_back(athlete);
    }
    data.query_offsets.push_back(data.labels.size());
  }
  return data;
}

}  // namespace podium::rank
