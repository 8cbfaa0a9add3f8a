#include "bodies.hpp"

#include <initializer_list>

#include "podium/core/error.hpp"
#include "podium/core/json.hpp"

namespace podium::server {
namespace {

using json::Json;

constexpr const char* kBodySource = "request body";
constexpr std::size_t kNoteBytes = 1000;
constexpr std::size_t kTeamsPerUser = 100;

// The body as an object with no members but `allowed`.
Json body_object(std::string_view body, std::initializer_list<const char*> allowed) {
  Json root = json::parse(body, kBodySource, kJsonBodyBytes);
  const json::Where top(kBodySource);
  json::expect_object(root, top);
  for (const auto& [key, value] : root.items()) {
    bool known = false;
    for (const char* a : allowed)
      known = known || key == a;
    if (!known) {
      throw Error(ErrorKind::InvalidInput, Place{.source = kBodySource, .field = key},
                  "unknown member (expected one of the documented fields)");
    }
  }
  return root;
}

std::string body_string(const Json& root, const char* key) {
  const json::Where w = json::Where(kBodySource).key(key);
  return json::string_value(json::member(root, w), w);
}

std::optional<std::string> optional_string(const Json& root, const char* key) {
  const Json* v = json::optional_member(root, key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  return json::string_value(*v, json::Where(kBodySource).key(key));
}

}  // namespace

LoginBody parse_login_body(std::string_view body) {
  const Json root = body_object(body, {"name", "password"});
  return {.name = body_string(root, "name"), .password = body_string(root, "password")};
}

ConsentBody parse_consent_body(std::string_view body) {
  const Json root = body_object(body, {"purpose", "granted", "note"});
  ConsentBody out;
  const json::Where top(kBodySource);
  try {
    out.purpose = store::parse_purpose(body_string(root, "purpose"));
  } catch (const Error& e) {
    throw Error(e.kind(), top.key("purpose").place(), e.problem());
  }
  out.granted = json::boolean(json::member(root, top.key("granted")), top.key("granted"));
  out.note = optional_string(root, "note").value_or("");
  if (out.note.size() > kNoteBytes) {
    throw Error(ErrorKind::InvalidInput, top.key("note").place(),
                std::to_string(out.note.size()) + " bytes, at most " + std::to_string(kNoteBytes));
  }
  return out;
}

UserBody parse_user_body(std::string_view body) {
  const Json root = body_object(body, {"name", "password", "role", "athlete_id", "teams"});
  const json::Where top(kBodySource);
  UserBody out;
  out.user.name = body_string(root, "name");
  out.password = body_string(root, "password");
  try {
    out.user.role = store::parse_role(body_string(root, "role"));
  } catch (const Error& e) {
    throw Error(e.kind(), top.key("role").place(), e.problem());
  }
  out.user.athlete_id = optional_string(root, "athlete_id");
  if (const Json* teams = json::optional_member(root, "teams")) {
    const json::Where w = top.key("teams");
    const Json& list = json::array(*teams, w, kTeamsPerUser);
    for (std::size_t i = 0; i < list.size(); ++i)
      out.user.teams.push_back(json::string_value(list[i], w.index(i)));
  }
  return out;
}

std::string parse_team_body(std::string_view body) {
  return body_string(body_object(body, {"name"}), "name");
}

MemberBody parse_member_body(std::string_view body) {
  const Json root = body_object(body, {"user", "athlete"});
  MemberBody out{.user = optional_string(root, "user"),
                 .athlete = optional_string(root, "athlete")};
  if (out.user.has_value() == out.athlete.has_value()) {
    throw Error(ErrorKind::InvalidInput, Place{.source = kBodySource},
                "expected exactly one of \"user\" and \"athlete\"");
  }
  return out;
}

}  // namespace podium::server
