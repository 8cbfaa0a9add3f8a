#include "podium/career/results.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "podium/core/calendar.hpp"

namespace podium::career {

std::optional<Day> day_from_ymd(int year, int month, int day) {
  constexpr int kMinYear = 1800;
  constexpr int kMaxYear = 2200;
  if (year < kMinYear || year > kMaxYear) return std::nullopt;
  return day_from_civil(year, month, day);
}

double age_years(Day birth, Day day) {
  constexpr double kDaysPerYear = 365.2425;
  return static_cast<double>(day - birth) / kDaysPerYear;
}

const char* status_name(Status status) {
  switch (status) {
    case Status::Ranked:
      return "ranked";
    case Status::Dnf:
      return "DNF";
    case Status::Dns:
      return "DNS";
    case Status::Otl:
      return "OTL";
    case Status::Dsq:
      return "DSQ";
    case Status::Unranked:
      return "unranked";
  }
  return "unranked";
}

const char* race_type_name(RaceType type) {
  switch (type) {
    case RaceType::OneDay:
      return "one_day";
    case RaceType::GeneralClassification:
      return "gc";
    case RaceType::Stage:
      return "stage";
    case RaceType::Points:
      return "points";
    case RaceType::Mountains:
      return "mountains";
    case RaceType::TimeTrial:
      return "time_trial";
    case RaceType::Other:
      return "other";
  }
  return "other";
}

RaceType race_type(const Event& event) {
  if (event.time_trial) return RaceType::TimeTrial;
  switch (event.kind) {
    case EventKind::OneDay:
      return RaceType::OneDay;
    case EventKind::Stage:
      return RaceType::Stage;
    case EventKind::StageRace:
      return RaceType::Other;
    case EventKind::Classification:
      switch (event.classification) {
        case Classification::General:
          return RaceType::GeneralClassification;
        case Classification::Points:
          return RaceType::Points;
        case Classification::Mountains:
          return RaceType::Mountains;
        default:
          return RaceType::Other;
      }
  }
  return RaceType::Other;
}

namespace {

bool youth_class(std::string_view c) {
  constexpr std::array<std::string_view, 8> kClasses = {"JR",     "1.2U",   "2.2U",   "1.2U23",
                                                        "2.2U23", "1.Ncup", "2.Ncup", "JOJ"};
  return std::find(kClasses.begin(), kClasses.end(), c) != kClasses.end();
}

bool youth_name(std::string_view name) {
  constexpr std::array<std::string_view, 7> kTokens = {"mj",  "wj",  "mu",     "wu",
                                                       "u23", "u19", "espoirs"};
  std::string lower(name);
  for (char& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.find("junior") != std::string::npos) return true;
  std::size_t i = 0;
  while (i < lower.size()) {
    while (i < lower.size() && !std::isalnum(static_cast<unsigned char>(lower[i])))
      ++i;
    std::size_t j = i;
    while (j < lower.size() && std::isalnum(static_cast<unsigned char>(lower[j])))
      ++j;
    const std::string_view token(lower.data() + i, j - i);
    if (std::find(kTokens.begin(), kTokens.end(), token) != kTokens.end()) return true;
    i = j;
  }
  return false;
}

bool youth_event(const Event& e) {
  return youth_class(e.event_class) || youth_name(e.name);
}

}  // namespace

std::vector<bool> youth_events(const ResultsTable& table) {
  std::vector<bool> out(table.events.size(), false);
  for (std::size_t i = 0; i < table.events.size(); ++i) {
    const Event& e = table.events[i];
    const bool parent_youth = e.parent >= 0 &&
                              static_cast<std::size_t>(e.parent) < table.events.size() &&
                              youth_event(table.events[static_cast<std::size_t>(e.parent)]);
    out[i] = parent_youth || youth_event(e);
  }
  return out;
}

std::int32_t ResultsTable::find_athlete(std::string_view id) const {
  if (athlete_index_.size() != athletes.size()) {
    athlete_index_.clear();
    for (std::size_t i = 0; i < athletes.size(); ++i) {
      athlete_index_.emplace(athletes[i].id, static_cast<std::int32_t>(i));
    }
  }
  const auto it = athlete_index_.find(std::string(id));
  return it == athlete_index_.end() ? -1 : it->second;
}

}  // namespace podium::career
