// libFuzzer target: the JSON request bodies of the API (server/bodies.hpp: login, consent, user,
// team, team member). The first byte picks the parser, the rest is the body. Any input must parse
// or throw podium::Error; a crash, a sanitizer report or any other exception is a bug, and so is
// a parsed body that breaks its own contract (a note past its limit, a member body with both or
// neither of user and athlete). Build and run: fuzz/run.sh (see fuzz/README.md).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "podium/core/error.hpp"
#include "server/bodies.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  namespace s = podium::server;
  try {
    switch (data[0] % 5) {
      case 0:
        s::parse_login_body(body);
        break;
      case 1:
        if (s::parse_consent_body(body).note.size() > 1000) std::abort();
        break;
      case 2:
        s::parse_user_body(body);
        break;
      case 3:
        s::parse_team_body(body);
        break;
      default: {
        const s::MemberBody m = s::parse_member_body(body);
        if (m.user.has_value() == m.athlete.has_value()) std::abort();
      }
    }
  } catch (const podium::Error&) {
  }
  return 0;
}
