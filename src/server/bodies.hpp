// The JSON request bodies the API reads, parsed and checked before anything is done with them:
// pure functions of the bytes (no store, no HTTP), so that fuzz/fuzz_server_bodies.cpp feeds
// them anything. Each throws Error(Format) placed at the byte (malformed JSON, "request body: byte
// 12 (line 1, column 13): ...") or at the field ("request body: role: expected a string, got
// number"), Error(InvalidInput) for a body past kJsonBodyBytes, an unknown member (a typo is never
// ignored) or a value out of its set (a role, a purpose). The server answers all of them 400.
//
//   const LoginBody b = parse_login_body(req.body);  // then Accounts::login(b.name, b.password)
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "podium/store/accounts.hpp"
#include "podium/store/governance.hpp"

namespace podium::server {

// Bodies are small: the largest is a user with a 1024-byte password and a few team names.
inline constexpr std::size_t kJsonBodyBytes = std::size_t{64} * 1024;

struct LoginBody {
  std::string name;
  std::string password;
};
LoginBody parse_login_body(std::string_view body);

struct ConsentBody {
  store::Purpose purpose = store::Purpose::VideoAnalysis;
  bool granted = false;
  std::string note;  // at most 1000 bytes
};
ConsentBody parse_consent_body(std::string_view body);

struct UserBody {
  store::NewUser user;
  std::string password;
};
UserBody parse_user_body(std::string_view body);

// POST /api/v1/teams {"name"}; POST /api/v1/teams/{team}/members {"user"} or {"athlete"}.
std::string parse_team_body(std::string_view body);
struct MemberBody {
  std::optional<std::string> user;
  std::optional<std::string> athlete;  // exactly one of the two
};
MemberBody parse_member_body(std::string_view body);

}  // namespace podium::server
