// The API suite's fixture: one store and one in-process server for every ApiTest (logins cost an
// Argon2id hash each), users of every role logged in once, and A1's ride imported through the
// API. api_test.cpp checks access and the protocol, api_data_test.cpp the data endpoints.
#pragma once

#include <map>
#include <string>

#include "server/server_fixture.hpp"

namespace podium::server::testkit {

inline constexpr std::size_t kTestBodyBytes = 1 << 20;

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(temp_dir("api"));
    make_store(*dir_ + "/podium.db");
    ServerOptions o;
    o.max_body_bytes = kTestBodyBytes;
    o.threads = 4;
    server_ = new Running(*dir_, o);
    tokens_ = new std::map<std::string, std::string>();
    for (const char* u : {"admin", "coach_red", "analyst_red", "coach_blue", "athlete_a1"})
      (*tokens_)[u] = login(u)["token"].get<std::string>();
    // One ride for A1, imported by its athlete through the API.
    auto c = server_->client();
    const auto r =
        c->Post("/api/v1/athletes/A1/activities?name=ride.tcx", bearer(token("athlete_a1")),
                synthetic_tcx(1200, 0), "application/octet-stream");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 201) << r->body;
    activity_ = Json::parse(r->body)["id"].get<std::int64_t>();
  }
  static void TearDownTestSuite() {
    delete server_;
    std::filesystem::remove_all(*dir_);
    delete dir_;
    delete tokens_;
  }

  static Json login(const std::string& name) {
    auto c = server_->client();
    const Json body = {{"name", name}, {"password", kPassword}};
    const auto r = c->Post("/api/v1/session", body.dump(), "application/json");
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no response");
    return r ? Json::parse(r->body) : Json::object();
  }
  static const std::string& token(const std::string& user) { return tokens_->at(user); }
  static httplib::Result get(const std::string& user, const std::string& path) {
    return server_->client()->Get(path.c_str(), bearer(token(user)));
  }
  static httplib::Result post_json(const std::string& user, const std::string& path,
                                   const Json& body) {
    return server_->client()->Post(path.c_str(), bearer(token(user)), body.dump(),
                                   "application/json");
  }
  static std::string activity_path(const std::string& rest = "") {
    return "/api/v1/activities/" + std::to_string(activity_) + rest;
  }

  static inline std::string* dir_ = nullptr;
  static inline Running* server_ = nullptr;
  static inline std::map<std::string, std::string>* tokens_ = nullptr;
  static inline std::int64_t activity_ = 0;
};

}  // namespace podium::server::testkit
