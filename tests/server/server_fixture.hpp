// An in-process `podium serve` for the API tests: a store with athletes in two teams, users of
// every role, one synthetic ride for A1, the server on a free loopback port in a thread, and an
// httplib::Client per request. Logins cost an Argon2id hash each, so a suite logs in once.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "podium/server/server.hpp"
#include "podium/store/accounts.hpp"
#include "podium/store/governance.hpp"
#include "podium/store/store.hpp"

namespace podium::server::testkit {

using Json = nlohmann::json;
inline constexpr const char* kPassword = "long enough password";

// A TCX ride of `seconds` 1 Hz samples with power, heart rate and cadence, starting `day_offset`
// days after 2024-01-01.
inline std::string synthetic_tcx(int seconds, int day_offset) {
  const std::time_t start = 1704092400 + static_cast<std::time_t>(day_offset) * 86400;
  const auto iso = [](std::time_t t) {
    char buf[32];
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return std::string(buf);
  };
  std::string points;
  for (int s = 0; s < seconds; ++s) {
    points.append("<Trackpoint><Time>")
        .append(iso(start + s))
        .append("</Time><DistanceMeters>")
        .append(std::to_string(s * 8))
        .append(".0</DistanceMeters><HeartRateBpm><Value>")
        .append(std::to_string(120 + s % 40))
        .append("</Value></HeartRateBpm><Cadence>90</Cadence><Extensions><ns3:TPX><ns3:Watts>")
        .append(std::to_string(150 + (s * 7) % 250))
        .append("</ns3:Watts></ns3:TPX></Extensions></Trackpoint>");
  }
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TrainingCenterDatabase "
      "xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\" "
      "xmlns:ns3=\"http://www.garmin.com/xmlschemas/ActivityExtension/v2\"><Activities>"
      "<Activity Sport=\"Biking\"><Id>";
  out.append(iso(start))
      .append("</Id><Lap StartTime=\"")
      .append(iso(start))
      .append("\"><TotalTimeSeconds>")
      .append(std::to_string(seconds))
      .append("</TotalTimeSeconds><Track>")
      .append(points)
      .append("</Track></Lap></Activity></Activities></TrainingCenterDatabase>\n");
  return out;
}

class Running {
 public:
  Running(const std::string& dir, ServerOptions options) : dir_(dir) {
    options.db_path = dir + "/podium.db";
    options.data_dir = dir + "/data";
    options.bind = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<Server>(Server::create(options));
    thread_ = std::thread([this] { server_->run(); });
  }
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;
  ~Running() {
    server_->stop();
    thread_.join();
  }
  int port() const { return server_->port(); }
  std::unique_ptr<httplib::Client> client() const {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port());
    c->set_read_timeout(30, 0);
    return c;
  }

 private:
  std::string dir_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

// Athletes A1, A2 (team red), B1 (team blue), C1 (no team); users admin, coach_red,
// analyst_red, coach_blue, athlete_a1; A1 consents to performance modelling; A2 to nothing.
inline void make_store(const std::string& path) {
  store::Store st = store::Store::open(path);
  for (const char* a : {"A1", "A2", "B1", "C1"})
    st.add_athlete(std::string(a));
  store::Accounts acc(st);
  acc.add_team("red", "test");
  acc.add_team("blue", "test");
  acc.add_team_athlete("red", "A1", "test");
  acc.add_team_athlete("red", "A2", "test");
  acc.add_team_athlete("blue", "B1", "test");
  using store::Role;
  acc.add_user({.name = "admin", .role = Role::Admin}, kPassword, "test");
  acc.add_user({.name = "coach_red", .role = Role::Coach, .teams = {"red"}}, kPassword, "test");
  acc.add_user({.name = "analyst_red", .role = Role::Analyst, .teams = {"red"}}, kPassword, "test");
  acc.add_user({.name = "coach_blue", .role = Role::Coach, .teams = {"blue"}}, kPassword, "test");
  acc.add_user({.name = "athlete_a1", .role = Role::Athlete, .athlete_id = "A1"}, kPassword,
               "test");
  store::Governance(st).record_consent("A1", store::Purpose::PerformanceModelling, true, "test",
                                       "form");
}

inline std::string temp_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("podium-server-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "data");
  return dir.string();
}

inline httplib::Headers bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

// The error body's parts, checking its shape on the way.
inline Json error_of(const httplib::Result& r) {
  EXPECT_TRUE(r) << "no response";
  if (!r) return Json::object();
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  const Json j = Json::parse(r->body, nullptr, false);
  EXPECT_TRUE(j.is_object() && j.contains("error")) << r->body;
  if (!j.is_object() || !j.contains("error")) return Json::object();
  EXPECT_EQ(j["error"]["status"], r->status) << r->body;
  EXPECT_TRUE(j["error"]["message"].is_string()) << r->body;
  return j["error"];
}

}  // namespace podium::server::testkit
