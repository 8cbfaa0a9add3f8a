// Internal: what the accounts source files share. accounts.cpp holds users, teams and the access
// rules; accounts_sessions.cpp holds logins, sessions and every libsodium call.
//
// Contract: accounts_hash_password returns libsodium's Argon2id string (crypto_pwhash_str at the
// "interactive" limits); accounts_validate_password throws Error(InvalidInput) unless 8-1024
// bytes. last_insert_rowid / changes are SQLite's for the connection's last statement.
// user_athlete is the athlete id of a user of role athlete (nullopt otherwise), so that audit rows
// about that account are erased with the athlete.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/sqlite.hpp"

namespace podium::store {

void accounts_validate_password(const std::string& password);
std::string accounts_hash_password(const std::string& password);
std::int64_t last_insert_rowid(const Db& db);
std::int64_t changes(const Db& db);
std::optional<std::string> user_athlete(const Db& db, std::int64_t user_id);

}  // namespace podium::store
