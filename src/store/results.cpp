// Store: public competition results and trained rank models (the Store class's results half).
// Bulk writes reuse one prepared statement per table inside the import's single transaction.
#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <unordered_map>

#include "podium/core/error.hpp"
#include "podium/core/limits.hpp"
#include "podium/core/message.hpp"
#include "podium/store/store.hpp"
#include "store/store_impl.hpp"

namespace podium::store {
namespace {

constexpr std::array<std::string_view, 4> kEventKinds = {"one_day", "stage_race", "stage",
                                                         "classification"};
constexpr std::array<std::string_view, 6> kClassifications = {"",          "general", "points",
                                                              "mountains", "youth",   "other"};
constexpr std::array<std::string_view, 6> kStatuses = {"ranked", "DNF", "DNS",
                                                       "OTL",    "DSQ", "unranked"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& allowed, const std::string& value) {
  for (std::string_view a : allowed)
    if (a == value) return true;
  return false;
}

// A field of the rows to import that breaks its rule: "import results: results[3].rank = -1: ...".
[[noreturn]] void invalid_results(Place field, const std::string& problem) {
  field.source = "import results";
  throw Error(ErrorKind::InvalidInput, std::move(field), problem);
}

void validate_rows(const ResultsRows& rows) {
  for (std::size_t i = 0; i < rows.athletes.size(); ++i) {
    try {
      validate_athlete_id(rows.athletes[i].source_id);
    } catch (const Error& e) {
      invalid_results({.field = "athletes[" + std::to_string(i) + "].source_id"}, e.what());
    }
  }
  for (std::size_t i = 0; i < rows.events.size(); ++i) {
    const ResultEventRow& e = rows.events[i];
    const std::string where = "events[" + std::to_string(i) + "]";
    if (!one_of(kEventKinds, e.kind))
      invalid_results({.field = where + ".kind"},
                      quoted_for_message(e.kind) + " is not a kind of event");
    if (!one_of(kClassifications, e.classification)) {
      invalid_results({.field = where + ".classification"},
                      quoted_for_message(e.classification) + " is not a classification");
    }
    if (e.parent < -1 || e.parent >= static_cast<std::int32_t>(i)) {
      invalid_results({.field = where + ".parent", .value = std::to_string(e.parent)},
                      "must be -1 or an earlier event");
    }
    if (e.end_day < e.start_day) invalid_results({.field = where + ".end_day"}, "before start_day");
  }
  for (std::size_t i = 0; i < rows.results.size(); ++i) {
    const ResultRow& r = rows.results[i];
    const std::string where = "results[" + std::to_string(i) + "]";
    if (r.event < 0 || r.event >= static_cast<std::int32_t>(rows.events.size()))
      invalid_results({.field = where + ".event", .value = std::to_string(r.event)},
                      "no such event");
    if (r.athlete < 0 || r.athlete >= static_cast<std::int32_t>(rows.athletes.size()))
      invalid_results({.field = where + ".athlete", .value = std::to_string(r.athlete)},
                      "no such athlete");
    if (!one_of(kStatuses, r.status))
      invalid_results({.field = where + ".status"},
                      quoted_for_message(r.status) + " is not a status");
    if (r.rank < 0)
      invalid_results({.field = where + ".rank", .value = std::to_string(r.rank)}, "must be >= 0");
    if (!std::isfinite(r.points) || r.points < 0) {
      invalid_results({.field = where + ".points", .value = number_text(r.points)},
                      "must be finite and >= 0");
    }
  }
}

// kind|classification|name|class|start day|parent's key: one edition of one race, however many
// riders' files mention it.
std::string natural_key(const ResultEventRow& e, const std::string& parent_key) {
  std::string key = e.kind;
  for (const std::string* part : {&e.classification, &e.name, &e.event_class}) {
    key += '|';
    key += *part;
  }
  key += '|' + std::to_string(e.start_day);
  if (!parent_key.empty()) key += "|<" + parent_key + ">";
  return key;
}

std::int64_t count(const Db& db, const char* table) {
  Statement s(db, std::string("SELECT COUNT(*) FROM ") + table, std::string("count ") + table);
  s.step();
  return s.int64(0);
}

}  // namespace

ResultsImportSummary Store::import_results(const ResultsRows& rows, const std::string& source) {
  validate_rows(rows);
  Db& db = impl_->db;
  Transaction tx(db, "import results");
  ResultsImportSummary summary;
  const std::int64_t athletes_before = count(db, "result_athletes");
  const std::int64_t events_before = count(db, "events");
  const std::int64_t results_before = count(db, "results");

  std::vector<std::int64_t> athlete_ids(rows.athletes.size());
  {
    Statement s(db,
                "INSERT INTO result_athletes (source_id, birth_day) VALUES (?, ?) "
                "ON CONFLICT (source_id) DO UPDATE SET "
                "birth_day = COALESCE(excluded.birth_day, result_athletes.birth_day) RETURNING id",
                "upsert result_athletes");
    for (std::size_t i = 0; i < rows.athletes.size(); ++i) {
      const ResultAthleteRow& a = rows.athletes[i];
      s.bind(1, std::string_view(a.source_id));
      if (a.birth_day) s.bind(2, std::int64_t{*a.birth_day});
      s.step();
      athlete_ids[i] = s.int64(0);
      s.reset();
    }
  }
  std::vector<std::int64_t> event_ids(rows.events.size());
  {
    std::vector<std::string> keys(rows.events.size());
    Statement s(db,
                "INSERT INTO events (natural_key, name, race_key, event_class, kind, "
                "classification, time_trial, start_day, end_day, season, parent_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (natural_key) DO UPDATE SET "
                "race_key = excluded.race_key, time_trial = excluded.time_trial, "
                "end_day = excluded.end_day, season = excluded.season RETURNING id",
                "upsert events");
    for (std::size_t i = 0; i < rows.events.size(); ++i) {
      const ResultEventRow& e = rows.events[i];
      keys[i] = natural_key(e, e.parent >= 0 ? keys[e.parent] : std::string());
      s.bind(1, std::string_view(keys[i]))
          .bind(2, std::string_view(e.name))
          .bind(3, std::string_view(e.race_key))
          .bind(4, std::string_view(e.event_class))
          .bind(5, std::string_view(e.kind))
          .bind(6, std::string_view(e.classification))
          .bind(7, std::int64_t{e.time_trial ? 1 : 0})
          .bind(8, std::int64_t{e.start_day})
          .bind(9, std::int64_t{e.end_day})
          .bind(10, std::int64_t{e.season});
      if (e.parent >= 0) s.bind(11, event_ids[e.parent]);
      s.step();
      event_ids[i] = s.int64(0);
      s.reset();
    }
  }
  {
    Statement s(db,
                "INSERT INTO results (event_id, athlete_id, day, status, rank, points) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id, athlete_id) DO UPDATE SET "
                "day = excluded.day, status = excluded.status, rank = excluded.rank, "
                "points = excluded.points",
                "upsert results");
    for (const ResultRow& r : rows.results) {
      s.bind(1, event_ids[r.event])
          .bind(2, athlete_ids[r.athlete])
          .bind(3, std::int64_t{r.day})
          .bind(4, std::string_view(r.status))
          .bind(5, std::int64_t{r.rank})
          .bind(6, r.points);
      s.run();
      s.reset();
    }
  }
  summary.athletes_added = count(db, "result_athletes") - athletes_before;
  summary.events_added = count(db, "events") - events_before;
  summary.results_added = count(db, "results") - results_before;
  summary.results_written = static_cast<std::int64_t>(rows.results.size());
  audit(db, impl_->actor, "results.import", std::nullopt,
        "source=" + source + " athletes=" + std::to_string(rows.athletes.size()) + " events=" +
            std::to_string(rows.events.size()) + " results=" + std::to_string(rows.results.size()) +
            " results_added=" + std::to_string(summary.results_added));
  tx.commit();
  return summary;
}

ResultsRows Store::results() const {
  const Db& db = impl_->db;
  ResultsRows rows;
  std::unordered_map<std::int64_t, std::int32_t> athlete_index;
  std::unordered_map<std::int64_t, std::int32_t> event_index;
  {
    Statement s(db, "SELECT id, source_id, birth_day FROM result_athletes ORDER BY id",
                "read result_athletes");
    while (s.step()) {
      athlete_index.emplace(s.int64(0), static_cast<std::int32_t>(rows.athletes.size()));
      ResultAthleteRow a;
      a.source_id = s.text(1);
      if (!s.is_null(2)) a.birth_day = static_cast<std::int32_t>(s.int64(2));
      rows.athletes.push_back(std::move(a));
    }
  }
  {
    Statement s(db,
                "SELECT id, name, race_key, event_class, kind, classification, time_trial, "
                "start_day, end_day, season, parent_id FROM events ORDER BY id",
                "read events");
    while (s.step()) {
      event_index.emplace(s.int64(0), static_cast<std::int32_t>(rows.events.size()));
      ResultEventRow e;
      e.name = s.text(1);
      e.race_key = s.text(2);
      e.event_class = s.text(3);
      e.kind = s.text(4);
      e.classification = s.text(5);
      e.time_trial = s.int64(6) != 0;
      e.start_day = static_cast<std::int32_t>(s.int64(7));
      e.end_day = static_cast<std::int32_t>(s.int64(8));
      e.season = static_cast<std::int32_t>(s.int64(9));
      if (!s.is_null(10)) {
        // Parents are inserted before their stages, so their id is already mapped.
        const auto it = event_index.find(s.int64(10));
        if (it == event_index.end()) {
          throw Error(ErrorKind::Format, db.path() + ": event " + std::to_string(s.int64(0)) +
                                             ": parent " + std::to_string(s.int64(10)) +
                                             " is not an earlier event");
        }
        e.parent = it->second;
      }
      rows.events.push_back(std::move(e));
    }
  }
  {
    rows.results.reserve(static_cast<std::size_t>(count(db, "results")));
    Statement s(db,
                "SELECT event_id, athlete_id, day, status, rank, points FROM results "
                "ORDER BY event_id, athlete_id",
                "read results");
    while (s.step()) {
      ResultRow r;
      r.event = event_index.at(s.int64(0));
      r.athlete = athlete_index.at(s.int64(1));
      r.day = static_cast<std::int32_t>(s.int64(2));
      r.status = s.text(3);
      r.rank = static_cast<std::int32_t>(s.int64(4));
      r.points = s.real(5);
      rows.results.push_back(std::move(r));
    }
  }
  return rows;
}

void Store::save_rank_model(const std::string& name, const std::string& kind,
                            const std::string& card_json, const std::vector<std::uint8_t>& bytes) {
  const bool printable = std::none_of(name.begin(), name.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
  });
  if (name.empty() || name.size() > limits::kStoredNameBytes || !printable) {
    throw Error(ErrorKind::InvalidInput, "save rank model: name \"" + name + "\": must be 1-" +
                                             std::to_string(limits::kStoredNameBytes) +
                                             " bytes without control characters");
  }
  if (kind.empty())
    throw Error(ErrorKind::InvalidInput, "save rank model \"" + name + "\": empty kind");
  Db& db = impl_->db;
  Transaction tx(db, "save rank model");
  Statement s(db,
              "INSERT INTO rank_models (name, kind, card_json, blob, created_at_utc_s) "
              "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, "
              "card_json = excluded.card_json, blob = excluded.blob, "
              "created_at_utc_s = excluded.created_at_utc_s",
              "save rank_models");
  s.bind(1, std::string_view(name))
      .bind(2, std::string_view(kind))
      .bind(3, std::string_view(card_json))
      .bind_blob(4, bytes)
      .bind(5, now_utc_s());
  s.run();
  audit(db, impl_->actor, "rank_model.save", std::nullopt,
        "name=" + name + " kind=" + kind + " bytes=" + std::to_string(bytes.size()));
  tx.commit();
}

std::optional<RankModelRow> Store::rank_model(const std::string& name) const {
  Statement s(
      impl_->db,
      "SELECT name, kind, card_json, blob, created_at_utc_s FROM rank_models WHERE name = ?",
      "read rank_models");
  s.bind(1, std::string_view(name));
  if (!s.step()) return std::nullopt;
  RankModelRow m;
  m.name = s.text(0);
  m.kind = s.text(1);
  m.card_json = s.text(2);
  const auto blob = s.blob(3);
  m.blob.assign(blob.begin(), blob.end());
  m.blob_bytes = static_cast<std::int64_t>(m.blob.size());
  m.created_at_utc_s = s.int64(4);
  return m;
}

std::vector<RankModelRow> Store::rank_models() const {
  Statement s(impl_->db,
              "SELECT name, kind, card_json, length(blob), created_at_utc_s FROM rank_models "
              "ORDER BY name",
              "list rank_models");
  std::vector<RankModelRow> out;
  while (s.step()) {
    RankModelRow m;
    m.name = s.text(0);
    m.kind = s.text(1);
    m.card_json = s.text(2);
    m.blob_bytes = s.int64(3);
    m.created_at_utc_s = s.int64(4);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace podium::store
