#include "podium/career/results.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace podium::career {

// Howard Hinnant's days-from-civil: exact for the proleptic Gregorian calendar.
std::optional<Day> day_from_ymd(int year, int month, int day) {
  constexpr int kMinYear = 1800;
  constexpr int kMaxYear = 2200;
  if (year < kMinYear || year > kMaxYear || month < 1 || month > 12 || day < 1) return std::nullopt;
  static constexpr int kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int month_days = kDaysInMonth[month - 1] + (month == 2 && leap ? 1 : 0);
  if (day > month_days) return std::nullopt;
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Ymd ymd_from_day(Day day) {
  const int z = day + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp < 10 ? mp + 3 : mp - 9;
  return Ymd{yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
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
