// The dashboard's static files over HTTP on loopback: index.html at /, app/ files with their
// Content-Type and an ETag, vendored npm files, and every way out of the folder refused (404,
// never a file outside it, never a listing); a missing folder or uPlot is an error at start.
#include <fstream>

#include "server/server_fixture.hpp"

namespace podium::server {
namespace {

using ::testing::HasSubstr;
using testkit::Running;

void static_write(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

class StaticFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testkit::temp_dir("static");
    store::Store::open(dir_ + "/podium.db");
    static_write(dir_ + "/web/index.html", "<!doctype html><title>podium</title>");
    static_write(dir_ + "/web/app/main.js", "export const x = 1;\n");
    static_write(dir_ + "/web/app/style.css", "body{}\n");
    static_write(dir_ + "/web/app/notes.xyz", "unknown type\n");
    static_write(dir_ + "/web/app/.hidden.js", "hidden\n");
    static_write(dir_ + "/web/secret.js", "outside app/\n");
    static_write(dir_ + "/web-vendor/node_modules/uplot/package.json", "{}\n");
    static_write(dir_ + "/web-vendor/node_modules/uplot/dist/uPlot.esm.js", "export default 1;\n");
    std::filesystem::create_symlink(dir_ + "/web/secret.js", dir_ + "/web/app/link.js");
    ServerOptions o;
    o.web_dir = dir_ + "/web";
    o.threads = 2;
    server_ = std::make_unique<Running>(dir_, o);
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }
  httplib::Result get(const std::string& path) const { return server_->client()->Get(path); }

  std::string dir_;
  std::unique_ptr<Running> server_;
};

TEST_F(StaticFiles, ServesTheIndexAppAndVendorFilesWithTheirTypes) {
  const auto index = get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_THAT(index->body, HasSubstr("<title>podium</title>"));
  EXPECT_EQ(index->get_header_value("Content-Security-Policy"),
            "default-src 'self'; frame-ancestors 'none'");
  const auto js = get("/app/main.js");
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js->get_header_value("Cache-Control"), "no-cache");
  EXPECT_EQ(js->get_header_value_count("Cache-Control"), 1U);
  const std::string etag = js->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  const auto again = server_->client()->Get("/app/main.js", {{"If-None-Match", etag}});
  EXPECT_EQ(again->status, 304);
  EXPECT_EQ(get("/app/style.css")->get_header_value("Content-Type"), "text/css; charset=utf-8");
  const auto vendor = get("/app/vendor/uplot/dist/uPlot.esm.js");
  EXPECT_EQ(vendor->status, 200);
  EXPECT_EQ(vendor->body, "export default 1;\n");
  EXPECT_EQ(vendor->get_header_value("Cache-Control"), "public, max-age=86400");
  // The API is unchanged beside it.
  EXPECT_EQ(get("/api/v1/athletes")->status, 401);
  EXPECT_EQ(server_->client()->Post("/app/main.js", "", "text/plain")->status, 405);
}

TEST_F(StaticFiles, RefusesTraversalListingsAndUnknownTypes) {
  for (const char* path : {"/app/",
                           "/app",
                           "/app/vendor/",
                           "/app/vendor/uplot/",
                           "/app/../secret.js",
                           "/app/%2e%2e/secret.js",
                           "/app/..%2fsecret.js",
                           "/app/%2E%2E%2Fsecret.js",
                           "/app/vendor/../../web/secret.js",
                           "/app/vendor/uplot/../../../web/secret.js",
                           "/app/.hidden.js",
                           "/app/notes.xyz",
                           "/app/link.js",
                           "/app//main.js",
                           "/app/./main.js",
                           "/app/main.js%00.css",
                           "/app/..\\secret.js",
                           "/app/missing.js",
                           "/index.html",
                           "/app/vendor/uplot/package.json/x.js"}) {
    const auto r = get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path << ": " << r->body;
    EXPECT_EQ(r->body.find("outside app"), std::string::npos) << path;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json") << path;
  }
}

TEST(StaticFilesStart, AMissingFolderOrUplotIsAnErrorAtStart) {
  const std::string dir = testkit::temp_dir("static-missing");
  store::Store::open(dir + "/podium.db");
  ServerOptions o;
  o.db_path = dir + "/podium.db";
  o.port = 0;
  o.web_dir = dir + "/nowhere";
  try {
    Server::create(o);
    ADD_FAILURE() << "started without a web folder";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::NotFound);
    EXPECT_THAT(std::string(e.what()), HasSubstr("index.html"));
  }
  static_write(dir + "/web/index.html", "x");
  o.web_dir = dir + "/web";
  try {
    Server::create(o);
    ADD_FAILURE() << "started without uPlot";
  } catch (const Error& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("scripts/setup"));
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace podium::server
