#include "static_files.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

#include "dispatch.hpp"
#include "podium/core/error.hpp"

namespace podium::server {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kStaticMaxBytes = std::size_t{16} << 20;
constexpr std::string_view kStaticVendorPrefix = "/app/vendor/";
constexpr std::string_view kStaticAppPrefix = "/app/";

const char* static_content_type(const std::string& ext) {
  static const std::pair<const char*, const char*> types[] = {
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
  };
  for (const auto& [e, t] : types) {
    if (ext == e) return t;
  }
  return nullptr;
}

// Every segment a plain name: no way up, no hidden files, nothing a file system reads specially.
bool static_safe_relative(std::string_view rel) {
  if (rel.empty()) return false;
  std::size_t start = 0;
  while (start <= rel.size()) {
    const std::size_t end = std::min(rel.find('/', start), rel.size());
    const std::string_view seg = rel.substr(start, end - start);
    if (seg.empty() || seg.front() == '.') return false;
    for (const char c : seg) {
      if (c == '\\' || c == '\0' || static_cast<unsigned char>(c) < 0x20) return false;
    }
    start = end + 1;
  }
  return true;
}

// `rel` inside `root`, or "" when it is not a regular file there (symbolic links out included).
fs::path static_resolve(const fs::path& root, std::string_view rel) {
  std::error_code ec;
  const fs::path base = fs::canonical(root, ec);
  if (ec) return {};
  fs::path file = fs::canonical(base / fs::path(std::string(rel)), ec);
  if (ec || !fs::is_regular_file(file, ec)) return {};
  std::string b = base.string();
  b.push_back('/');
  if (file.string().compare(0, b.size(), b) != 0) return {};
  return file;
}

fs::path static_vendor_dir(const ServerOptions& o) {
  return o.vendor_dir.empty() ? fs::path(o.web_dir).parent_path() / "web-vendor"
                              : fs::path(o.vendor_dir);
}

void static_not_found(httplib::Response& res, const std::string& path) {
  send_error(res, 404, "not_found", "no file " + path.substr(0, 200));
}

}  // namespace

bool is_static_path(const std::string& path) {
  return path == "/" || path.rfind(kStaticAppPrefix, 0) == 0;
}

void serve_static(const httplib::Request& req, httplib::Response& res, const ServerOptions& o) {
  if (req.method != "GET" && req.method != "HEAD") {
    res.set_header("Allow", "GET, HEAD");
    send_error(res, 405, "method_not_allowed",
               req.method + " " + req.path + ": this path takes GET");
    return;
  }
  if (o.web_dir.empty()) {
    send_error(res, 404, "not_found", "this server has no dashboard (API only)");
    return;
  }
  fs::path root;
  std::string rel;
  bool vendored = false;
  if (req.path == "/") {
    root = o.web_dir;
    rel = "index.html";
  } else if (req.path.rfind(kStaticVendorPrefix, 0) == 0) {
    root = static_vendor_dir(o) / "node_modules";
    rel = req.path.substr(kStaticVendorPrefix.size());
    vendored = true;
  } else {
    root = fs::path(o.web_dir) / "app";
    rel = req.path.substr(kStaticAppPrefix.size());
  }
  const char* type = static_content_type(fs::path(rel).extension().string());
  const fs::path file = static_safe_relative(rel) && type ? static_resolve(root, rel) : fs::path();
  struct stat st {};
  if (file.empty() || ::stat(file.c_str(), &st) != 0 ||
      static_cast<std::size_t>(st.st_size) > kStaticMaxBytes) {
    static_not_found(res, req.path);
    return;
  }
  res.headers.erase("Cache-Control");
  if (vendored) {
    res.set_header("Cache-Control", "public, max-age=86400");
  } else {
    std::string etag = "\"";
    etag.append(std::to_string(st.st_size))
        .append("-")
        .append(std::to_string(st.st_mtim.tv_sec))
        .append(".")
        .append(std::to_string(st.st_mtim.tv_nsec))
        .append("\"");
    res.set_header("Cache-Control", "no-cache");
    res.set_header("ETag", etag);
    if (req.get_header_value("If-None-Match") == etag) {
      res.status = 304;
      return;
    }
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  if (!in && !in.eof()) {
    send_error(res, 500, "io", "internal error (logged)");
    return;
  }
  res.status = 200;
  res.set_content(body.str(), type);
}

void check_web_dir(const ServerOptions& o) {
  if (o.web_dir.empty()) return;
  std::error_code ec;
  if (!fs::is_regular_file(fs::path(o.web_dir) / "index.html", ec)) {
    throw Error(ErrorKind::NotFound, Place{.field = "web_dir", .value = o.web_dir},
                "no dashboard here (index.html is missing): pass --web-dir with the repo's web/ "
                "folder");
  }
  const fs::path uplot = static_vendor_dir(o) / "node_modules" / "uplot" / "package.json";
  if (!fs::is_regular_file(uplot, ec)) {
    throw Error(ErrorKind::NotFound, Place{.field = "vendor_dir", .value = uplot.string()},
                "uPlot is not installed: run scripts/setup (it runs npm install for the "
                "dashboard's pinned packages)");
  }
}

}  // namespace podium::server
