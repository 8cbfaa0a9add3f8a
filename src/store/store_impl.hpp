// Internal: what Store's two source files share (the connection and small helpers). store.cpp
// holds opening, athletes and settings; activities.cpp holds imports and activity queries.
#pragma once

#include <cstdint>
#include <string>

#include "podium/store/store.hpp"
#include "store/sqlite.hpp"

namespace podium::store {

struct Store::Impl {
  Db db;
};

std::int64_t now_utc_s();
// Appends an audit_log row; call inside the transaction of the change it records.
void audit(Db& db, const std::string& action, const std::string& detail);
// Error(NotFound, "<db>: athlete \"<id>\" not found") unless the athlete exists.
void require_athlete(const Db& db, const std::string& athlete);

}  // namespace podium::store
