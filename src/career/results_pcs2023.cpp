#include "podium/career/results_pcs2023.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <unordered_map>

#include "podium/career/results_csv.hpp"
#include "podium/core/csv.hpp"
#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/core/limits.hpp"

namespace podium::career {

namespace {

constexpr std::array<std::string_view, 12> kPcs2023Months = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};
constexpr std::array<std::string_view, kPcs2023Places> kPcs2023PlaceColumns = {
    "premier", "deuxieme", "troisieme", "quatrieme", "cinquieme",
    "sixieme", "septieme", "huitieme",  "neuvieme",  "dixieme"};

[[noreturn]] void pcs2023_fail(std::string_view source, std::int64_t line, std::string_view field,
                               std::string_view value, const std::string& problem) {
  throw Error(ErrorKind::Format,
              Place{.source = std::string(source),
                    .line = static_cast<std::uint64_t>(line),
                    .field = std::string(field),
                    .value = std::string(value.substr(0, 80))},
              problem);
}

std::string_view pcs2023_trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0)
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0)
    s.remove_suffix(1);
  return s;
}

std::string pcs2023_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "22 January 2023", "21st September 1998", "04 March 2023".
std::optional<Day> pcs2023_date(std::string_view text) {
  text = pcs2023_trim(text);
  const std::size_t a = text.find(' ');
  const std::size_t b = text.rfind(' ');
  if (a == std::string_view::npos || a == b) return std::nullopt;
  std::string_view day_text = text.substr(0, a);
  const std::string month = pcs2023_lower(pcs2023_trim(text.substr(a + 1, b - a - 1)));
  const std::string_view year_text = text.substr(b + 1);
  for (const std::string_view suffix : {"st", "nd", "rd", "th"}) {
    if (day_text.size() > suffix.size() && day_text.ends_with(suffix)) {
      day_text.remove_suffix(suffix.size());
      break;
    }
  }
  int day = 0;
  int year = 0;
  const auto parse = [](std::string_view s, int& out) {
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size() && !s.empty();
  };
  if (!parse(day_text, day) || !parse(year_text, year)) return std::nullopt;
  const auto m = std::find(kPcs2023Months.begin(), kPcs2023Months.end(), month);
  if (m == kPcs2023Months.end()) return std::nullopt;
  return day_from_ymd(year, static_cast<int>(m - kPcs2023Months.begin()) + 1, day);
}

// Column indices of `wanted` in the header record (Error naming the first missing one).
std::vector<std::size_t> pcs2023_columns(const CsvRecord& header, std::string_view source,
                                         std::span<const std::string_view> wanted) {
  std::vector<std::size_t> out;
  for (const std::string_view name : wanted) {
    std::size_t at = header.fields.size();
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
      if (pcs2023_trim(header.fields[i]) == name) {
        at = i;
        break;
      }
    }
    if (at == header.fields.size()) {
      pcs2023_fail(source, header.line, "header", name, "missing column");
    }
    out.push_back(at);
  }
  return out;
}

// Reads the header and calls `row(record)` for every data record with the header's field count.
template <typename Row>
void pcs2023_records(std::string_view bytes, std::string_view source, char delimiter,
                     std::span<const std::string_view> wanted, Row&& row) {
  CsvReader csv(bytes, std::string(source), {.delimiter = delimiter});
  CsvRecord header;
  if (!csv.next(header)) pcs2023_fail(source, 1, "header", "", "empty file: no header");
  const std::vector<std::size_t> columns = pcs2023_columns(header, source, wanted);
  CsvRecord record;
  std::size_t count = 0;
  while (csv.next(record)) {
    if (++count > kPcs2023MaxRecords) {
      throw limits::exceeded(
          Place{.source = std::string(source), .line = static_cast<std::uint64_t>(record.line)},
          "records", count, kPcs2023MaxRecords, "records per file");
    }
    if (record.fields.size() != header.fields.size()) {
      pcs2023_fail(source, record.line, "fields", std::to_string(record.fields.size()),
                   "expected " + std::to_string(header.fields.size()) + " fields like the header");
    }
    row(record, columns);
  }
}

// Words of a name: split at spaces and hyphens, folded to lower-case ASCII letters and digits.
std::vector<std::string> pcs2023_words(std::string_view name) {
  std::vector<std::string> words;
  std::size_t begin = 0;
  while (begin <= name.size()) {
    std::size_t end = name.find_first_of(" -\t", begin);
    if (end == std::string_view::npos) end = name.size();
    // race_key folds Latin accents and maps everything else to '-': drop those.
    std::string word;
    for (const char c : race_key(name.substr(begin, end - begin))) {
      if (c != '-') word.push_back(c);
    }
    const bool numeric =
        std::all_of(word.begin(), word.end(), [](char c) { return std::isdigit(c) != 0; });
    if (!word.empty() && !numeric) words.push_back(std::move(word));
    begin = end + 1;
  }
  return words;
}

}  // namespace

std::vector<Pcs2023Rider> read_pcs2023_riders(std::string_view bytes, std::string_view source) {
  constexpr std::array<std::string_view, 4> kColumns = {"Rank", "Rider", "Team", "Date_of_birth"};
  std::vector<Pcs2023Rider> riders;
  pcs2023_records(bytes, source, ';', kColumns, [&](const CsvRecord& r, const auto& c) {
    Pcs2023Rider rider;
    rider.line = r.line;
    const std::string_view rank = pcs2023_trim(r.fields[c[0]]);
    const auto [end, ec] = std::from_chars(rank.data(), rank.data() + rank.size(), rider.uci_rank);
    if (ec != std::errc() || end != rank.data() + rank.size() || rider.uci_rank < 1 ||
        rider.uci_rank > static_cast<int>(kPcs2023MaxRecords)) {
      pcs2023_fail(source, r.line, "Rank", rank, "expected a whole number 1..100000");
    }
    rider.name = pcs2023_trim(r.fields[c[1]]);
    if (rider_name_key(rider.name).empty()) {
      pcs2023_fail(source, r.line, "Rider", rider.name, "empty rider name");
    }
    rider.team = pcs2023_trim(r.fields[c[2]]);
    const std::string_view born = pcs2023_trim(r.fields[c[3]]);
    if (!born.empty()) {
      rider.birth_day = pcs2023_date(born);
      if (!rider.birth_day) {
        pcs2023_fail(source, r.line, "Date_of_birth", born,
                     "expected a date like \"21st September 1998\"");
      }
    }
    riders.push_back(std::move(rider));
  });
  return riders;
}

std::vector<Pcs2023Race> read_pcs2023_races(std::string_view bytes, std::string_view source) {
  std::vector<std::string_view> wanted = {"nom", "circuit", "date", "categorie2"};
  wanted.insert(wanted.end(), kPcs2023PlaceColumns.begin(), kPcs2023PlaceColumns.end());
  std::vector<Pcs2023Race> races;
  pcs2023_records(bytes, source, ',', wanted, [&](const CsvRecord& r, const auto& c) {
    Pcs2023Race race;
    race.line = r.line;
    race.name = pcs2023_trim(r.fields[c[0]]);
    if (race_key(race.name).empty()) pcs2023_fail(source, r.line, "nom", race.name, "empty name");
    race.race_class = pcs2023_trim(r.fields[c[1]]);
    for (std::size_t p = 0; p < kPcs2023Places; ++p)
      race.top[p] = pcs2023_trim(r.fields[c[4 + p]]);
    const std::string_view date = pcs2023_trim(r.fields[c[2]]);
    // The scrape lists a race it got nothing for (Tour of Antalya): no date, no places.
    if (date.empty() && std::all_of(race.top.begin(), race.top.end(),
                                    [](const std::string& name) { return name.empty(); })) {
      race.kind = Pcs2023Kind::Empty;
      races.push_back(std::move(race));
      return;
    }
    const std::optional<Day> day = pcs2023_date(date);
    if (!day)
      pcs2023_fail(source, r.line, "date", date, "expected a date like \"22 January 2023\"");
    race.day = *day;
    if (race.race_class.starts_with("1.") || race.race_class == "NC" || race.race_class == "WC") {
      race.kind = Pcs2023Kind::OneDay;
    } else if (race.race_class.starts_with("2.")) {
      race.kind = Pcs2023Kind::Stage;
    } else {
      race.kind = Pcs2023Kind::Other;
    }
    const std::string_view category = pcs2023_trim(r.fields[c[3]]);
    race.time_trial =
        is_time_trial_name(race.name) || category.ends_with("TT") || category.ends_with("TTT");
    races.push_back(std::move(race));
  });
  return races;
}

Pcs2023Season read_pcs2023_folder(const std::string& dir) {
  const std::filesystem::path d(dir);
  const std::string riders = (d / "coureurs2023.csv").string();
  const std::string races = (d / "courses2023.csv").string();
  return {.riders = read_pcs2023_riders(read_file(riders), riders),
          .races = read_pcs2023_races(read_file(races), races)};
}

std::string rider_name_key(std::string_view name) {
  std::vector<std::string> words = pcs2023_words(name);
  std::sort(words.begin(), words.end());
  std::string key;
  for (const std::string& w : words)
    key.append(key.empty() ? "" : "-").append(w);
  return key;
}

const char* rider_match_name(RiderMatch m) {
  switch (m) {
    case RiderMatch::Name:
      return "name";
    case RiderMatch::NameAndBirthDay:
      return "name+birth_day";
    case RiderMatch::WordsAndBirthDay:
      return "words+birth_day";
    case RiderMatch::Ambiguous:
      return "ambiguous";
    case RiderMatch::BirthDayDiffers:
      return "birth_day_differs";
    case RiderMatch::None:
      return "none";
  }
  return "none";
}

std::size_t RiderMatches::matched() const {
  return static_cast<std::size_t>(
      std::count_if(athlete.begin(), athlete.end(), [](std::int32_t a) { return a >= 0; }));
}

RiderMatches match_riders(const ResultsTable& table, std::span<const Pcs2023Rider> riders) {
  std::unordered_map<std::string, std::vector<std::int32_t>> by_key;
  // Second pass: athletes by birth day, for names spelled otherwise or with an extra word.
  std::unordered_map<Day, std::vector<std::int32_t>> by_birth_day;
  for (std::size_t i = 0; i < table.athletes.size(); ++i) {
    by_key[rider_name_key(table.athletes[i].id)].push_back(static_cast<std::int32_t>(i));
    if (table.athletes[i].birth_day) {
      by_birth_day[*table.athletes[i].birth_day].push_back(static_cast<std::int32_t>(i));
    }
  }
  // Every word of the shorter name begins a word of the longer one: "Vingegaard Jonas" and
  // jonas-vingegaard-rasmussen, "Barta Will" and william-barta; twins born the same day (Simon
  // and Adam Yates) share only their surname and do not match.
  const auto names_cover = [&table](const std::vector<std::string>& words, std::int32_t a) {
    const std::vector<std::string> other = pcs2023_words(table.athletes[a].id);
    const bool rider_shorter = words.size() <= other.size();
    const std::vector<std::string>& shorter = rider_shorter ? words : other;
    const std::vector<std::string>& longer = rider_shorter ? other : words;
    return !shorter.empty() &&
           std::all_of(shorter.begin(), shorter.end(), [&longer](const std::string& w) {
             return std::any_of(longer.begin(), longer.end(),
                                [&w](const std::string& l) { return l.starts_with(w); });
           });
  };
  RiderMatches out;
  for (const Pcs2023Rider& rider : riders) {
    std::int32_t athlete = -1;
    RiderMatch how = RiderMatch::None;
    const auto it = by_key.find(rider_name_key(rider.name));
    if (it != by_key.end() && it->second.size() == 1) {
      const std::optional<Day>& born = table.athletes[it->second[0]].birth_day;
      if (born && rider.birth_day && *born != *rider.birth_day) {
        how = RiderMatch::BirthDayDiffers;
      } else {
        athlete = it->second[0];
        how = RiderMatch::Name;
      }
    } else if (it != by_key.end()) {
      how = RiderMatch::Ambiguous;
      std::vector<std::int32_t> same_day;
      for (const std::int32_t a : it->second) {
        if (rider.birth_day && table.athletes[a].birth_day == rider.birth_day)
          same_day.push_back(a);
      }
      if (same_day.size() == 1) {
        athlete = same_day[0];
        how = RiderMatch::NameAndBirthDay;
      }
    }
    if (athlete < 0 && how != RiderMatch::Ambiguous && rider.birth_day) {
      const std::vector<std::string> words = pcs2023_words(rider.name);
      std::vector<std::int32_t> same;
      if (const auto born = by_birth_day.find(*rider.birth_day); born != by_birth_day.end()) {
        for (const std::int32_t a : born->second) {
          if (names_cover(words, a)) same.push_back(a);
        }
      }
      if (same.size() == 1) {
        athlete = same[0];
        how = RiderMatch::WordsAndBirthDay;
      }
    }
    out.athlete.push_back(athlete);
    out.how.push_back(how);
  }
  return out;
}

}  // namespace podium::career
