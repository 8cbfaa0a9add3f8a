// Video analyses through the API: an upload becomes a background job (a `podium video analyze`
// process, the build's binary) whose progress, tracks, angles and overlay video the API serves;
// consent, access and bad uploads are refused; a stopped server's running job is queued again
// and a restarted one finishes it. Needs Debian opencv-doc's vtest.avi and the fetched models
// (`podium models fetch`, as the vision tests): skipped with the reason otherwise.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "podium/store/analyses.hpp"
#include "podium/store/governance.hpp"
#include "server/server_fixture.hpp"

namespace podium::server {
namespace {

using Json = nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;
using testkit::bearer;
using testkit::kPassword;
using testkit::Running;

constexpr const char* kVtest = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";
constexpr std::size_t kClipBodyBytes = std::size_t{16} << 20;

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class VideoApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kVtest))
      GTEST_SKIP() << kVtest << " is absent (apt-get install opencv-doc)";
    dir_ = testkit::temp_dir("video");
    testkit::make_store(dir_ + "/podium.db");
    store::Store st = store::Store::open(dir_ + "/podium.db");
    store::Governance(st).record_consent("A1", store::Purpose::VideoAnalysis, true, "test", "form");
    start();
    clip_ = read_all(kVtest);
  }
  void TearDown() override {
    server_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  void start() {
    ServerOptions o;
    o.max_body_bytes = kClipBodyBytes;
    o.threads = 4;
    o.podium_exe = PODIUM_BIN;
    server_ = std::make_unique<Running>(dir_, o);
    auto c = server_->client();
    for (const char* u : {"athlete_a1", "coach_red", "coach_blue"}) {
      const Json body = {{"name", u}, {"password", kPassword}};
      const auto r = c->Post("/api/v1/session", body.dump(), "application/json");
      ASSERT_TRUE(r && r->status == 200);
      tokens_[u] = Json::parse(r->body)["token"].get<std::string>();
    }
  }
  httplib::Result upload(const std::string& user, const std::string& athlete,
                         const std::string& query, const std::string& bytes) {
    const std::string path = "/api/v1/athletes/" + athlete + "/videos?" + query;
    return server_->client()->Post(path.c_str(), bearer(tokens_.at(user)), bytes,
                                   "application/octet-stream");
  }
  httplib::Result get(const std::string& user, const std::string& path,
                      httplib::Headers extra = {}) {
    httplib::Headers h = bearer(tokens_.at(user));
    h.insert(extra.begin(), extra.end());
    return server_->client()->Get(path.c_str(), h);
  }
  // Polls the job until it leaves queued/running (or `until` says stop); the states seen.
  Json wait_job(std::int64_t job, std::vector<double>* progress = nullptr,
                const std::function<bool(const Json&)>& until = nullptr) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(3);
    Json j;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto r = get("athlete_a1", "/api/v1/jobs/" + std::to_string(job));
      EXPECT_TRUE(r && r->status == 200);
      if (!r || r->status != 200) break;
      j = Json::parse(r->body);
      if (progress) progress->push_back(j["progress"].get<double>());
      if (until ? until(j) : (j["state"] != "queued" && j["state"] != "running")) return j;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ADD_FAILURE() << "job " << job << " did not finish: " << j.dump();
    return j;
  }

  std::string dir_;
  std::string clip_;
  std::unique_ptr<Running> server_;
  std::map<std::string, std::string> tokens_;
};

TEST_F(VideoApiTest, AClipBecomesAJobWithTracksAnglesAndAPlayableVideo) {
  const auto r = upload("athlete_a1", "A1", "name=vtest.avi&end_s=2", clip_);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 202) << r->body;
  const Json made = Json::parse(r->body);
  EXPECT_EQ(made["state"], "queued");
  const std::int64_t id = made["analysis"].get<std::int64_t>();
  const std::string base = "/api/v1/analyses/" + std::to_string(id);
  std::vector<double> progress;
  const Json job = wait_job(made["job"].get<std::int64_t>(), &progress);
  ASSERT_EQ(job["state"], "done") << job.dump();
  EXPECT_EQ(job["progress"], 1.0);
  EXPECT_EQ(job["athlete"], "A1");
  EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()));

  const auto a = get("athlete_a1", base);
  ASSERT_EQ(a->status, 200) << a->body;
  const Json analysis = Json::parse(a->body);
  EXPECT_EQ(analysis["source_name"], "vtest.avi");
  ASSERT_FALSE(analysis["summary"]["tracks"].empty()) << a->body;
  EXPECT_EQ(analysis["summary"]["video"]["frames"], 20);  // 2 s at 10 frames/s
  // The walker's steps counted from the analysis' keypoints (podium actions count).
  ASSERT_TRUE(analysis["reps"].is_object()) << a->body;
  EXPECT_EQ(analysis["reps"]["frames"].get<int>(), 20);
  EXPECT_GE(analysis["reps"]["count"].get<int>(), 0);

  const auto angles = get("athlete_a1", base + "/angles");
  ASSERT_EQ(angles->status, 200) << angles->body;
  const Json aj = Json::parse(angles->body);
  EXPECT_EQ(aj["fps"], 10.0);
  ASSERT_FALSE(aj["tracks"].empty());
  const Json& t = aj["tracks"][0];
  ASSERT_FALSE(t["time_s"].empty());
  ASSERT_TRUE(t["angles"].contains("left_knee_flexion")) << t["angles"].dump();
  for (const auto& [name, series] : t["angles"].items())
    EXPECT_EQ(series.size(), t["time_s"].size()) << name;

  // H.264 in MP4 (an 'ftyp' box first), served in ranges for the browser's player.
  const auto part = get("athlete_a1", base + "/video", {{"Range", "bytes=0-99"}});
  ASSERT_EQ(part->status, 206) << part->body;
  ASSERT_EQ(part->body.size(), 100U);
  EXPECT_EQ(part->body.substr(4, 4), "ftyp");
  const auto whole = get("athlete_a1", base + "/video");
  ASSERT_EQ(whole->status, 200);
  EXPECT_EQ(whole->get_header_value("Content-Type"), "video/mp4");
  EXPECT_GT(whole->body.size(), 1000U);
  EXPECT_EQ(whole->body.substr(0, 100), part->body);

  const auto list = get("coach_red", "/api/v1/athletes/A1/analyses");
  ASSERT_EQ(list->status, 200);
  const Json l = Json::parse(list->body);
  ASSERT_EQ(l["analyses"].size(), 1U);
  EXPECT_EQ(l["analyses"][0]["job"]["state"], "done");

  // Another team's coach and no session at all learn nothing.
  for (const std::string& path : {base, base + "/angles", base + "/video",
                                  "/api/v1/jobs/" + std::to_string(made["job"].get<int>()),
                                  std::string("/api/v1/athletes/A1/analyses")}) {
    EXPECT_EQ(get("coach_blue", path)->status, 403) << path;
    EXPECT_EQ(server_->client()->Get(path.c_str())->status, 401) << path;
  }

  // Deleting it removes its rows and its folder.
  const auto del = server_->client()->Delete(base.c_str(), bearer(tokens_.at("coach_blue")));
  EXPECT_EQ(del->status, 403);
  const auto gone = server_->client()->Delete(base.c_str(), bearer(tokens_.at("athlete_a1")));
  EXPECT_EQ(gone->status, 200) << gone->body;
  EXPECT_EQ(get("athlete_a1", base)->status, 404);
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/data/analyses/" + std::to_string(id)));
}

TEST_F(VideoApiTest, UploadsWithoutConsentOrWithBadParametersAreRefusedAndLeaveNothing) {
  // A2 has not consented to video analysis.
  const auto refused = upload("coach_red", "A2", "name=clip.mp4", clip_);
  ASSERT_EQ(refused->status, 403) << refused->body;
  EXPECT_THAT(refused->body, HasSubstr("video_analysis"));
  EXPECT_EQ(upload("coach_blue", "A1", "name=clip.mp4", clip_)->status, 403);  // not his team
  EXPECT_EQ(upload("athlete_a1", "A1", "name=clip.txt", clip_)->status, 415);
  EXPECT_EQ(upload("athlete_a1", "A1", "name=../clip.mp4", clip_)->status, 400);
  EXPECT_EQ(upload("athlete_a1", "A1", "name=clip.mp4&model=magic", clip_)->status, 400);
  EXPECT_EQ(upload("athlete_a1", "A1", "name=clip.mp4&athletes=0", clip_)->status, 400);
  EXPECT_EQ(upload("athlete_a1", "A1", "name=clip.mp4&start_s=3&end_s=2", clip_)->status, 400);
  EXPECT_EQ(upload("athlete_a1", "A1", "name=clip.mp4&end_s=nan", clip_)->status, 400);
  EXPECT_EQ(upload("athlete_a1", "A1", "name=clip.mp4&anonymize=2", clip_)->status, 400);
  EXPECT_EQ(upload("athlete_a1", "A1", "name=clip.mp4", "")->status, 400);
  const auto json_body =
      server_->client()->Post("/api/v1/athletes/A1/videos?name=clip.mp4",
                              bearer(tokens_.at("athlete_a1")), "{}", "application/json");
  EXPECT_EQ(json_body->status, 415);
  EXPECT_EQ(Json::parse(get("athlete_a1", "/api/v1/athletes/A1/analyses")->body)["analyses"].size(),
            0U);
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/data/analyses/1"));
}

TEST_F(VideoApiTest, ANonVideoFailsItsJobWithAMessageThatNamesNoServerPath) {
  const auto r = upload("athlete_a1", "A1", "name=holiday.mp4", std::string(5000, 'x'));
  ASSERT_EQ(r->status, 202) << r->body;
  const Json made = Json::parse(r->body);
  const Json job = wait_job(made["job"].get<std::int64_t>());
  ASSERT_EQ(job["state"], "failed") << job.dump();
  const std::string message = job["message"].get<std::string>();
  EXPECT_THAT(message, HasSubstr("source.mp4"));
  EXPECT_THAT(message, Not(HasSubstr(dir_)));
  const auto video = get(
      "athlete_a1", "/api/v1/analyses/" + std::to_string(made["analysis"].get<int>()) + "/video");
  EXPECT_EQ(video->status, 404);
}

TEST_F(VideoApiTest, AJobInterruptedByAStopIsQueuedAgainAndFinishedAfterARestart) {
  // 200 frames without the face search: long enough to be stopped while it runs.
  const auto r = upload("athlete_a1", "A1", "name=vtest.avi&end_s=20&anonymize=0", clip_);
  ASSERT_EQ(r->status, 202) << r->body;
  const std::int64_t job = Json::parse(r->body)["job"].get<std::int64_t>();
  const Json running =
      wait_job(job, nullptr, [](const Json& j) { return j["progress"].get<double>() > 0; });
  ASSERT_EQ(running["state"], "running") << running.dump();
  server_.reset();  // stops the runner: its process ended, its job queued again
  {
    store::Store st = store::Store::open(dir_ + "/podium.db");
    const auto j = store::Analyses(st).job(job);
    ASSERT_TRUE(j);
    EXPECT_EQ(j->state, "queued");
    EXPECT_EQ(j->progress, 0.0);
  }
  start();
  const Json done = wait_job(job);
  EXPECT_EQ(done["state"], "done") << done.dump();
}

}  // namespace
}  // namespace podium::server
