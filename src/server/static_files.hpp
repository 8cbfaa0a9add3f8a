// The dashboard's static files: GET / is the web folder's index.html, GET /app/PATH a file of the
// web folder's app/ (our HTML, CSS and ES modules, no build step), GET /app/vendor/PKG/PATH a file
// of an npm package the setup script installed (<vendor_dir>/node_modules/PKG/PATH, e.g. uPlot).
//
// Contract:
// - `is_static_path` says whether a path is the dashboard's (/, /app/...): those never reach the
//   API's router. Only GET and HEAD are served (405 otherwise, as the API answers).
// - `serve_static` answers 200 with the file, a Content-Type from its extension (an extension not
//   in the table is 404: nothing is served as a guess) and caching headers: our files
//   `no-cache` with an ETag (size and modification time; If-None-Match gets 304), vendored files
//   `max-age=86400` (pinned versions that change only with the setup script). A path with an empty,
//   ".", ".." or dot-leading segment, a backslash or a NUL, a directory, or a file that resolves
//   outside its folder (a symbolic link out) is 404: no directory listing, no traversal.
// - `check_web_dir` (at server start) throws Error(NotFound) naming the folder and what is missing
//   (index.html, or uPlot in the vendor folder) with the command that installs it.
//
//   if (is_static_path(req.path)) serve_static(req, res, options);
#pragma once

#include <httplib.h>

#include <string>

#include "podium/server/server.hpp"

namespace podium::server {

bool is_static_path(const std::string& path);
void serve_static(const httplib::Request& req, httplib::Response& res, const ServerOptions& o);
void check_web_dir(const ServerOptions& o);

}  // namespace podium::server
