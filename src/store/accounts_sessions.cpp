// Logins and sessions (accounts.hpp), and every libsodium call of the accounts: Argon2id password
// hashes, random tokens, constant-time comparison.
#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <mutex>
#include <span>
#include <string>

#include "podium/core/error.hpp"
#include "podium/core/sha256.hpp"
#include "podium/store/accounts.hpp"
#include "store/accounts_impl.hpp"
#include "store/store_impl.hpp"

namespace podium::store {
namespace {

constexpr std::size_t kSessionPasswordMinBytes = 8;
constexpr std::size_t kSessionPasswordMaxBytes = 1024;
constexpr std::size_t kSessionTokenBytes = 32;
constexpr std::size_t kSessionTokenChars = 43;  // base64url of 32 bytes, no padding
constexpr std::int64_t kSessionMinTtlS = 60;
constexpr std::int64_t kSessionMaxTtlS = std::int64_t{30} * 24 * 3600;

void sessions_sodium_init() {
  static std::once_flag once;
  static int rc = 0;
  std::call_once(once, [] { rc = sodium_init(); });
  // 1 means already initialised (by another library in the process): fine.
  if (rc < 0) throw Error(ErrorKind::Internal, "libsodium: sodium_init failed");
}

std::string sessions_random_token() {
  sessions_sodium_init();
  std::array<unsigned char, kSessionTokenBytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, sodium_base64_ENCODED_LEN(kSessionTokenBytes,
                                             sodium_base64_VARIANT_URLSAFE_NO_PADDING)>
      text{};
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(bytes.data(), bytes.size());
  return std::string(text.data());
}

bool sessions_token_well_formed(const std::string& token) {
  return token.size() == kSessionTokenChars && std::all_of(token.begin(), token.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
         });
}

std::string sessions_token_hash(const std::string& token) {
  return sha256_hex(std::as_bytes(std::span(token.data(), token.size())));
}

bool sessions_verify(const std::string& hash, const std::string& password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

struct SessionRow {
  Session session;
  bool disabled = false;
};

std::optional<SessionRow> sessions_find(const Db& db, const std::string& token) {
  if (!sessions_token_well_formed(token)) return std::nullopt;
  Statement s(db,
              "SELECT s.user_id, s.csrf_token, s.expires_at_utc_s, u.disabled FROM sessions s "
              "JOIN users u ON u.id = s.user_id WHERE s.token_sha256 = ?",
              "look up session");
  s.bind(1, sessions_token_hash(token));
  if (!s.step()) return std::nullopt;
  SessionRow row{.session = {.token = "",
                             .csrf_token = s.text(1),
                             .user_id = s.int64(0),
                             .expires_at_utc_s = s.int64(2)},
                 .disabled = s.int64(3) != 0};
  if (row.disabled || row.session.expires_at_utc_s <= now_utc_s()) return std::nullopt;
  return row;
}

}  // namespace

void accounts_validate_password(const std::string& password) {
  if (password.size() >= kSessionPasswordMinBytes && password.size() <= kSessionPasswordMaxBytes)
    return;
  throw Error(ErrorKind::InvalidInput, "password: must be 8-1024 bytes (this one is " +
                                           std::to_string(password.size()) + ")");
}

std::string accounts_hash_password(const std::string& password) {
  sessions_sodium_init();
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str(out.data(), password.data(), password.size(),
                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw Error(ErrorKind::Io, "password hash: out of memory (Argon2id needs 64 MiB)");
  }
  return std::string(out.data());
}

std::int64_t last_insert_rowid(const Db& db) {
  return sqlite3_last_insert_rowid(db.handle());
}

std::int64_t changes(const Db& db) {
  return sqlite3_changes(db.handle());
}

std::optional<std::string> user_athlete(const Db& db, std::int64_t user_id) {
  Statement s(db, "SELECT athlete_id FROM users WHERE id = ?", "look up user athlete");
  s.bind(1, user_id);
  if (!s.step() || s.is_null(0)) return std::nullopt;
  return s.text(0);
}

std::optional<Session> Accounts::login(const std::string& name, const std::string& password,
                                       std::int64_t ttl_s) {
  // Hashed on the first login whoever logs in, so that the first unknown name costs no more
  // than the first known one.
  static const std::string dummy_hash = accounts_hash_password("podium-no-such-user");
  if (ttl_s < kSessionMinTtlS || ttl_s > kSessionMaxTtlS) {
    throw Error(ErrorKind::InvalidInput,
                "session ttl " + std::to_string(ttl_s) + " s: must be 60 s to 30 days (2592000 s)");
  }
  Db& db = store_->impl_->db;
  std::optional<std::int64_t> user_id;
  std::string hash = dummy_hash;
  bool disabled = false;
  {
    Statement s(db, "SELECT id, password_hash, disabled FROM users WHERE name = ?",
                "look up login");
    s.bind(1, name);
    if (s.step()) {
      user_id = s.int64(0);
      hash = s.text(1);
      disabled = s.int64(2) != 0;
    }
  }
  // Always one Argon2id verification: unknown, disabled and wrong answer alike.
  const bool ok = sessions_verify(hash, password);
  if (!ok || !user_id || disabled) return std::nullopt;

  Session session{.token = sessions_random_token(),
                  .csrf_token = sessions_random_token(),
                  .user_id = *user_id,
                  .expires_at_utc_s = now_utc_s() + ttl_s};
  Transaction tx(db, "login");
  Statement ins(db,
                "INSERT INTO sessions (token_sha256, user_id, csrf_token, created_at_utc_s, "
                "expires_at_utc_s) VALUES (?, ?, ?, ?, ?)",
                "insert session");
  ins.bind(1, sessions_token_hash(session.token))
      .bind(2, session.user_id)
      .bind(3, session.csrf_token)
      .bind(4, now_utc_s())
      .bind(5, session.expires_at_utc_s);
  ins.run();
  audit(db, name, "session.login", user_athlete(db, *user_id),
        "user=" + name + " ttl_s=" + std::to_string(ttl_s));
  tx.commit();
  return session;
}

std::optional<User> Accounts::session_user(const std::string& token) const {
  const std::optional<SessionRow> row = sessions_find(store_->impl_->db, token);
  if (!row) return std::nullopt;
  return user_by_id(row->session.user_id);
}

std::optional<Session> Accounts::session(const std::string& token) const {
  const std::optional<SessionRow> row = sessions_find(store_->impl_->db, token);
  if (!row) return std::nullopt;
  return row->session;
}

void Accounts::logout(const std::string& token) {
  if (!sessions_token_well_formed(token)) return;
  Db& db = store_->impl_->db;
  Transaction tx(db, "logout");
  Statement find(db,
                 "SELECT u.id, u.name FROM sessions s JOIN users u ON u.id = s.user_id "
                 "WHERE s.token_sha256 = ?",
                 "look up session");
  const std::string hash = sessions_token_hash(token);
  find.bind(1, hash);
  if (!find.step()) return;
  const std::int64_t user_id = find.int64(0);
  const std::string name = find.text(1);
  Statement del(db, "DELETE FROM sessions WHERE token_sha256 = ?", "delete session");
  del.bind(1, hash);
  del.run();
  audit(db, name, "session.logout", user_athlete(db, user_id), "user=" + name);
  tx.commit();
}

std::size_t Accounts::drop_expired_sessions() {
  Db& db = store_->impl_->db;
  Transaction tx(db, "drop expired sessions");
  Statement del(db, "DELETE FROM sessions WHERE expires_at_utc_s <= ?", "delete expired sessions");
  del.bind(1, now_utc_s());
  del.run();
  const auto dropped = static_cast<std::size_t>(changes(db));
  tx.commit();
  return dropped;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  sessions_sodium_init();
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace podium::store
