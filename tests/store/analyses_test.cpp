// Video analyses and their jobs in the store (analyses.hpp): creation is all or nothing, jobs are
// claimed once and in order, progress and finishing stop mattering once the rows are gone, and
// interrupted jobs are queued again.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "podium/core/error.hpp"
#include "podium/store/analyses.hpp"
#include "store/test_db.hpp"

namespace podium::store {
namespace {

class AnalysesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::make_unique<Store>(Store::open(dir_.path("podium.db")));
    store_->add_athlete("A1");
    data_ = dir_.path("data");
  }
  MadeAnalysis make(const std::string& athlete = "A1") {
    return Analyses(*store_).create_video_analysis(
        athlete, "clip.mp4", R"({"source":"source.mp4"})", std::nullopt, data_,
        [](const std::string& dir) { std::ofstream(dir + "/source.mp4") << "clip"; });
  }
  testkit::TempDir dir_;
  std::string data_;
  std::unique_ptr<Store> store_;
};

TEST_F(AnalysesTest, CreationPutsTheClipInAFolderOfItsOwnWithAQueuedJob) {
  const MadeAnalysis m = make();
  EXPECT_EQ(m.dir, (std::filesystem::absolute(data_) / "analyses" / std::to_string(m.analysis_id))
                       .lexically_normal()
                       .string());
  EXPECT_TRUE(std::filesystem::exists(m.dir + "/source.mp4"));
  const auto a = Analyses(*store_).analysis(m.analysis_id);
  ASSERT_TRUE(a && a->job);
  EXPECT_EQ(a->job->state, "queued");
  EXPECT_EQ(a->job->id, m.job_id);
  EXPECT_EQ(a->summary_json, "{}");
}

TEST_F(AnalysesTest, AFailedFillOrAnUnknownAthleteLeavesNoRowAndNoFolder) {
  Analyses an(*store_);
  EXPECT_THROW(
      an.create_video_analysis("A1", "clip.mp4", "{}", std::nullopt, data_,
                               [](const std::string&) { throw Error(ErrorKind::Io, "disk full"); }),
      Error);
  EXPECT_THROW(make("nobody"), Error);
  EXPECT_THROW(
      an.create_video_analysis("A1", "clip.mp4", "{}", std::nullopt, "", [](const std::string&) {}),
      Error);
  EXPECT_TRUE(an.analyses_of("A1").empty());
  EXPECT_FALSE(an.claim_next_job());
  EXPECT_TRUE(!std::filesystem::exists(data_ + "/analyses") ||
              std::filesystem::is_empty(data_ + "/analyses"));
}

TEST_F(AnalysesTest, JobsAreClaimedOnceOldestFirstAndRequeuedWhenInterrupted) {
  const MadeAnalysis first = make(), second = make();
  Store other = Store::open(dir_.path("podium.db"));
  const auto a = Analyses(*store_).claim_next_job();
  const auto b = Analyses(other).claim_next_job();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->id, first.job_id);
  EXPECT_EQ(b->id, second.job_id);
  EXPECT_EQ(a->state, "running");
  EXPECT_TRUE(a->started_at_utc_s);
  EXPECT_FALSE(Analyses(*store_).claim_next_job());

  EXPECT_TRUE(Analyses(*store_).set_progress(a->id, 0.5));
  EXPECT_EQ(Analyses(*store_).job(a->id)->progress, 0.5);
  EXPECT_TRUE(Analyses(*store_).set_progress(a->id, 7));  // clamped
  EXPECT_EQ(Analyses(*store_).job(a->id)->progress, 1.0);

  EXPECT_EQ(Analyses(*store_).requeue_interrupted(), 2U);
  const auto again = Analyses(*store_).job(a->id);
  EXPECT_EQ(again->state, "queued");
  EXPECT_EQ(again->progress, 0.0);
  EXPECT_FALSE(again->started_at_utc_s);
  EXPECT_FALSE(Analyses(*store_).set_progress(a->id, 0.5));  // not running: not wanted
}

TEST_F(AnalysesTest, FinishingRecordsTheSummaryOrTheMessageAndIgnoresDeletedJobs) {
  const MadeAnalysis m = make(), n = make();
  Analyses an(*store_);
  const auto j = an.claim_next_job();
  EXPECT_TRUE(an.finish_job(j->id, true, "", R"({"tracks":[]})"));
  EXPECT_FALSE(an.finish_job(j->id, false, "twice", ""));  // no longer running
  const auto a = an.analysis(m.analysis_id);
  EXPECT_EQ(a->job->state, "done");
  EXPECT_EQ(a->job->progress, 1.0);
  EXPECT_EQ(a->summary_json, R"({"tracks":[]})");

  const auto k = an.claim_next_job();
  EXPECT_TRUE(an.finish_job(k->id, false, "line one\nline two", ""));
  EXPECT_EQ(an.job(k->id)->state, "failed");
  EXPECT_EQ(an.job(k->id)->message, "line one line two");

  // A removed analysis takes its jobs and folder along; a late finish changes nothing.
  EXPECT_TRUE(an.remove(n.analysis_id));
  EXPECT_FALSE(an.remove(n.analysis_id));
  EXPECT_FALSE(std::filesystem::exists(n.dir));
  EXPECT_FALSE(an.job(k->id));
  EXPECT_FALSE(an.finish_job(k->id, true, "", "{}"));
  EXPECT_FALSE(an.set_progress(k->id, 0.5));
  ASSERT_EQ(an.analyses_of("A1").size(), 1U);
}

}  // namespace
}  // namespace podium::store
