// Shared by the e2e tests of the sensor commands (athlete, activity, load): run podium with its
// own PODIUM_HOME and database in the test's folder, stdout and stderr apart, and find the shared
// activity files (PODIUM_SHARED_DATA, default ../shared/data; tests that need them skip without).
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "e2e/cli.hpp"

namespace podium::e2e {

using nlohmann::json;

inline constexpr const char* kEdge810 = "fitparse-Edge810-Vector-2013-08-16-15-35-10.fit";

struct Output {
  int code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

inline std::string activities_dir() {
  const char* d = std::getenv("PODIUM_SHARED_DATA");
  return std::string(d ? d : "../shared/data") + "/activities";
}

inline std::string shared(const std::string& name) {
  return activities_dir() + "/" + name;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

inline std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++n;
  return n;
}

inline bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

inline json parse_json(const Output& r) {
  try {
    return json::parse(r.out);
  } catch (const json::exception& e) {
    ADD_FAILURE() << "not JSON (" << e.what() << "): " << r.out.substr(0, 500) << r.err;
    return json();
  }
}

inline std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream in(line);
  for (std::string f; std::getline(in, f, ',');)
    fields.push_back(f);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

class ActivityCli : public Cli {
 protected:
  // Runs `podium ARGS` with PODIUM_HOME in the test's folder, stdout and stderr kept apart.
  Output podium(const std::string& args) const {
    const std::string err_file = path("stderr.txt");
    const std::string cmd =
        "PODIUM_HOME=" + dir_.string() + " " + PODIUM_BIN + " " + args + " 2>" + err_file;
    const Result shell = run_shell(cmd);
    Output r;
    r.code = shell.code;
    r.out = shell.out;
    r.err = read_text(err_file);
    return r;
  }
  std::string db(const std::string& name = "podium.db") const { return " --db " + path(name); }

  // `athlete add` into `db_name` and `consent grant` of performance_modelling, which importing
  // and `load` need; returns the printed id.
  std::string add_athlete(const std::string& db_name = "podium.db") const {
    const Output r = podium("athlete add" + db(db_name));
    EXPECT_EQ(r.code, 0) << r.out << r.err;
    const std::string id = r.out.substr(0, r.out.find('\n'));
    const Output c =
        podium("consent grant " + id + " --purpose performance_modelling" + db(db_name));
    EXPECT_EQ(c.code, 0) << c.out << c.err;
    return id;
  }
  json athlete_json(const std::string& id, const std::string& db_name = "podium.db") const {
    const Output r = podium("athlete show " + id + " --json" + db(db_name));
    EXPECT_EQ(r.code, 0) << r.err;
    return parse_json(r);
  }
  std::size_t activity_count(const std::string& id,
                             const std::string& db_name = "podium.db") const {
    return athlete_json(id, db_name)["activities"].size();
  }
  // Stored activity id by file name, from `athlete show --json`.
  std::map<std::string, std::int64_t> stored_ids(const std::string& athlete) const {
    std::map<std::string, std::int64_t> ids;
    const json j = athlete_json(athlete);
    for (const json& a : j["activities"])
      ids[a["file"].get<std::string>()] = a["id"].get<std::int64_t>();
    return ids;
  }
};

// Tests on the shared real activity files: skipped with a message when they are absent.
class SharedActivityCli : public ActivityCli {
 protected:
  void SetUp() override {
    ActivityCli::SetUp();
    if (!fs::exists(shared(kEdge810))) {
      GTEST_SKIP() << "shared activity files absent at " << activities_dir()
                   << " (set PODIUM_SHARED_DATA to the folder holding activities/)";
    }
  }
  static json golden(const std::string& name) {
    return json::parse(read_text(activities_dir() + "/golden/" + name + ".json"));
  }
};

inline void expect_rel_near(double actual, double expected, double rel, const std::string& what) {
  EXPECT_NEAR(actual, expected, rel * std::fabs(expected)) << what;
}

}  // namespace podium::e2e
