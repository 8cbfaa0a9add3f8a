// The database schema as an ordered list of migrations, and the code that brings a database up to
// date. docs/store.md describes the resulting schema table by table.
//
// Contract: migration i (1-based) takes a database at version i - 1 to version i; the version is
// the highest row of `schema_migrations`. Each migration runs in its own transaction together with
// its `schema_migrations` row, so a crash leaves the database at a whole version. `migrate` throws
// Error(Unsupported) naming both versions when the database is newer than this code, and
// Error(Format) when the file holds tables but is not a podium database. Migrations are never
// edited once released: a change is a new migration appended to the list.
//
//   Db db = Db::open(path);  migrate(db);  // schema_version(db) == kSchemaVersion
#pragma once

#include "store/sqlite.hpp"

namespace podium::store {

extern const int kSchemaVersion;

int schema_version(const Db& db);
void migrate(Db& db);

}  // namespace podium::store
