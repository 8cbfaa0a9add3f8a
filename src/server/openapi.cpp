#include "router.hpp"

namespace podium::server {
namespace {

Json openapi_error_response(const char* description) {
  return {
      {"description", description},
      {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

Json openapi_operation(const Route& r) {
  Json op = {{"summary", r.summary},
             {"tags", {r.tag}},
             {"operationId", std::string(r.method) + " " + r.pattern}};
  Json params = Json::array();
  const std::string pattern = r.pattern;
  for (std::size_t at = pattern.find('{'); at != std::string::npos;
       at = pattern.find('{', at + 1)) {
    const std::size_t end = pattern.find('}', at);
    params.push_back({{"name", pattern.substr(at + 1, end - at - 1)},
                      {"in", "path"},
                      {"required", true},
                      {"schema", {{"type", "string"}}}});
  }
  if (!params.empty()) op["parameters"] = params;
  if (r.body == Body::Json) {
    op["requestBody"] = {{"required", true},
                         {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
  } else if (r.body == Body::Upload) {
    op["requestBody"] = {
        {"required", true},
        {"content",
         {{"application/octet-stream", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}};
    op["parameters"].push_back(
        {{"name", "name"}, {"in", "query"}, {"required", true}, {"schema", {{"type", "string"}}}});
  }
  op["security"] = r.auth == Auth::Session
                       ? Json::array({{{"cookie", Json::array()}}, {{"bearer", Json::array()}}})
                       : Json::array();
  Json responses = {{"200", {{"description", "OK (JSON)"}}},
                    {"400", openapi_error_response("Bad request: the message names the field")}};
  if (r.auth == Auth::Session) {
    responses["401"] = openapi_error_response("No session, or an unknown or expired one");
    responses["403"] = openapi_error_response("Not allowed for this user, or CSRF token missing");
    responses["404"] = openapi_error_response("No such resource");
  }
  if (r.body != Body::None) {
    responses["413"] = openapi_error_response("Body larger than the server takes");
    responses["415"] = openapi_error_response("Wrong Content-Type");
  }
  op["responses"] = responses;
  return op;
}

}  // namespace

Json openapi_document() {
  Json paths = Json::object();
  for (const Route& r : routes()) {
    std::string method = r.method;
    for (char& ch : method)
      ch = static_cast<char>(ch - 'A' + 'a');
    paths[r.pattern][method] = openapi_operation(r);
  }
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "podium API"},
            {"version", "1"},
            {"description",
             "podium's local JSON API (docs/server.md). Errors are {error: {status, "
             "kind, message, field?}}."}}},
          {"paths", paths},
          {"components",
           {{"securitySchemes",
             {{"cookie", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "podium_session"}}},
              {"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
            {"schemas",
             {{"Error",
               {{"type", "object"},
                {"properties",
                 {{"error",
                   {{"type", "object"},
                    {"properties",
                     {{"status", {{"type", "integer"}}},
                      {"kind", {{"type", "string"}}},
                      {"message", {{"type", "string"}}},
                      {"field", {{"type", "string"}}}}},
                    {"required", {"status", "kind", "message"}}}}}}}}}}}}};
}

}  // namespace podium::server
