// Internal: what Store's two source files share (the connection and small helpers). store.cpp
// holds opening, athletes and settings; activities.cpp holds imports and activity queries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "podium/store/store.hpp"
#include "store/sqlite.hpp"

namespace podium::store {

// JSON columns (zones, warnings) are short lists that podium wrote; a database file is outside
// data all the same, so they are read with bounds (bytes: limits::kStoredJsonBytes).
inline constexpr std::size_t kMaxJsonColumnItems = std::size_t{1} << 20U;

struct Store::Impl {
  Db db;
};

std::int64_t now_utc_s();
// Appends an audit_log row; call inside the transaction of the change it records.
void audit(Db& db, const std::string& action, const std::string& detail);
// Error(NotFound, "<db>: athlete \"<id>\" not found") unless the athlete exists.
void require_athlete(const Db& db, const std::string& athlete);

}  // namespace podium::store
