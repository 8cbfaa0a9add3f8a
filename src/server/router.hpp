// The API's route table: method, path pattern with {captures}, who may call it, what body it
// takes, a one-line summary (the OpenAPI document is made from this table, openapi.cpp), and the
// handler. Matching tells "no such path" (404) from "not with this method" (405 with Allow).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "call.hpp"

namespace podium::server {

enum class Auth { None, Session };
// Json: application/json required (415 otherwise). Upload: application/octet-stream with a
// file name (query parameter `name`). None: any body is ignored.
enum class Body { None, Json, Upload };

using Handler = void (*)(Call&);

struct Route {
  const char* method;   // "GET", "POST", "PUT", "DELETE"
  const char* pattern;  // "/api/v1/athletes/{id}"
  Auth auth = Auth::Session;
  Body body = Body::None;
  const char* summary = "";
  const char* tag = "";
  Handler handler = nullptr;
};

struct Match {
  const Route* route = nullptr;      // nullptr: see allowed
  std::vector<std::string> args;     // captures of route
  std::vector<std::string> allowed;  // methods the path has (non-empty: 405, empty: 404)
};

// Every route of the API (routes_*.cpp each add theirs).
const std::vector<Route>& routes();
Match match_route(std::string_view method, std::string_view path);

// The routes of each area, registered by routes().
void add_session_routes(std::vector<Route>& out);
void add_athlete_routes(std::vector<Route>& out);
void add_activity_routes(std::vector<Route>& out);
void add_public_routes(std::vector<Route>& out);
void add_admin_routes(std::vector<Route>& out);
void add_video_routes(std::vector<Route>& out);

// GET /api/v1/openapi.json's document.
Json openapi_document();

}  // namespace podium::server
