// career::ResultsTable <-> the store's results rows. The careers and rank commands call
// load_results; `podium results import` calls save_results.
//
// Contract: save_results writes the whole table in one store transaction (Store::import_results:
// re-saving the same table adds nothing) and returns what was added. load_results returns
// everything stored in the canonical order of career::sort_table, the order the readers give: the
// table loaded from a store of one import is the table the reader gave, index for index.
//
//   store::Store db = open_store(path);
//   career::ResultsTable table = load_results(db);
#pragma once

#include <string>

#include "podium/career/results.hpp"
#include "podium/store/store.hpp"

namespace podium::app {

store::ResultsImportSummary save_results(store::Store& db, const career::ResultsTable& table,
                                         const std::string& source);
career::ResultsTable load_results(const store::Store& db);

// The conversions on their own (tested without a database).
store::ResultsRows to_rows(const career::ResultsTable& table);
career::ResultsTable from_rows(const store::ResultsRows& rows);

}  // namespace podium::app
