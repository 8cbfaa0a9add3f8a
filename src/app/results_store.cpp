// ResultsTable <-> store::ResultsRows (results_store.hpp): enums become the store's words, and
// events are reordered so a stage race is written before its stages (the store's rule).
#include "results_store.hpp"

#include "podium/core/error.hpp"

namespace podium::app {
namespace {

using career::Classification;
using career::EventKind;
using career::Status;

const char* kind_word(EventKind kind) {
  switch (kind) {
    case EventKind::OneDay:
      return "one_day";
    case EventKind::StageRace:
      return "stage_race";
    case EventKind::Stage:
      return "stage";
    case EventKind::Classification:
      return "classification";
  }
  return "one_day";
}

const char* classification_word(Classification c) {
  switch (c) {
    case Classification::None:
      return "";
    case Classification::General:
      return "general";
    case Classification::Points:
      return "points";
    case Classification::Mountains:
      return "mountains";
    case Classification::Youth:
      return "youth";
    case Classification::Other:
      return "other";
  }
  return "";
}

EventKind kind_from(const std::string& word) {
  for (EventKind k :
       {EventKind::OneDay, EventKind::StageRace, EventKind::Stage, EventKind::Classification})
    if (word == kind_word(k)) return k;
  throw Error(ErrorKind::Format, "stored event kind \"" + word + "\" is unknown");
}

Classification classification_from(const std::string& word) {
  for (Classification c : {Classification::None, Classification::General, Classification::Points,
                           Classification::Mountains, Classification::Youth, Classification::Other})
    if (word == classification_word(c)) return c;
  throw Error(ErrorKind::Format, "stored classification \"" + word + "\" is unknown");
}

Status status_from(const std::string& word) {
  for (Status s :
       {Status::Ranked, Status::Dnf, Status::Dns, Status::Otl, Status::Dsq, Status::Unranked})
    if (word == career::status_name(s)) return s;
  throw Error(ErrorKind::Format, "stored result status \"" + word + "\" is unknown");
}

// Appends `e` after its ancestors to `order` (each event once).
void emit(const career::ResultsTable& t, std::int32_t e, std::vector<char>& done,
          std::vector<std::int32_t>& order) {
  if (done[e] != 0) return;
  done[e] = 1;  // set first: a parent cycle (not a valid table) then cannot recurse forever
  const std::int32_t parent = t.events[e].parent;
  if (parent >= 0 && parent < static_cast<std::int32_t>(t.events.size()))
    emit(t, parent, done, order);
  order.push_back(e);
}

}  // namespace

store::ResultsRows to_rows(const career::ResultsTable& table) {
  store::ResultsRows rows;
  rows.athletes.reserve(table.athletes.size());
  for (const career::Athlete& a : table.athletes)
    rows.athletes.push_back({a.id, a.birth_day});
  std::vector<char> done(table.events.size(), 0);
  std::vector<std::int32_t> order;
  order.reserve(table.events.size());
  for (std::size_t e = 0; e < table.events.size(); ++e)
    emit(table, static_cast<std::int32_t>(e), done, order);
  std::vector<std::int32_t> position(table.events.size(), -1);
  for (std::size_t i = 0; i < order.size(); ++i)
    position[order[i]] = static_cast<std::int32_t>(i);
  rows.events.reserve(order.size());
  for (std::int32_t e : order) {
    const career::Event& ev = table.events[e];
    store::ResultEventRow r;
    r.name = ev.name;
    r.race_key = ev.race_key;
    r.event_class = ev.event_class;
    r.kind = kind_word(ev.kind);
    r.classification = classification_word(ev.classification);
    r.time_trial = ev.time_trial;
    r.start_day = ev.start_day;
    r.end_day = ev.end_day;
    r.season = ev.season;
    r.parent = ev.parent >= 0 ? position[ev.parent] : -1;
    rows.events.push_back(std::move(r));
  }
  rows.results.reserve(table.results.size());
  for (const career::Result& r : table.results) {
    rows.results.push_back(
        {position.at(r.event), r.athlete, r.day, career::status_name(r.status), r.rank, r.points});
  }
  return rows;
}

career::ResultsTable from_rows(const store::ResultsRows& rows) {
  career::ResultsTable t;
  t.athletes.reserve(rows.athletes.size());
  for (const store::ResultAthleteRow& a : rows.athletes)
    t.athletes.push_back({a.source_id, a.birth_day});
  t.events.reserve(rows.events.size());
  for (const store::ResultEventRow& r : rows.events) {
    career::Event ev;
    ev.name = r.name;
    ev.race_key = r.race_key;
    ev.event_class = r.event_class;
    ev.kind = kind_from(r.kind);
    ev.classification = classification_from(r.classification);
    ev.time_trial = r.time_trial;
    ev.start_day = r.start_day;
    ev.end_day = r.end_day;
    ev.season = r.season;
    ev.parent = r.parent;
    t.events.push_back(std::move(ev));
  }
  t.results.reserve(rows.results.size());
  for (const store::ResultRow& r : rows.results) {
    career::Result out;
    out.event = r.event;
    out.athlete = r.athlete;
    out.day = r.day;
    out.status = status_from(r.status);
    out.rank = r.rank;
    out.points = r.points;
    t.results.push_back(out);
  }
  career::sort_table(t);
  return t;
}

store::ResultsImportSummary save_results(store::Store& db, const career::ResultsTable& table,
                                         const std::string& source) {
  return db.import_results(to_rows(table), source);
}

career::ResultsTable load_results(const store::Store& db) {
  return from_rows(db.results());
}

}  // namespace podium::app
