// Internal: what Store's two source files share (the connection and small helpers). store.cpp
// holds opening, athletes and settings; activities.cpp holds imports and activity queries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "podium/store/store.hpp"
#include "store/sqlite.hpp"

namespace podium::store {

struct Store::Impl {
  Db db;
  std::string actor = "cli";  // who the audit rows of this connection's changes name
};

std::int64_t now_utc_s();
// Appends an audit_log row naming `actor` and the athlete the change is about (none for public
// results and models); call inside the transaction of the change it records.
void audit(Db& db, const std::string& actor, const std::string& action,
           const std::optional<std::string>& athlete, const std::string& detail);
// Error(NotFound, "<db>: athlete \"<id>\" not found") unless the athlete exists.
void require_athlete(const Db& db, const std::string& athlete);

}  // namespace podium::store
