// Video analyses and the background jobs that compute them (migration 3's `analyses` and `jobs`
// tables; docs/server.md#video-analyses). The server's job runner and its routes both go through
// here, each on its own connection.
//
// Contract:
// - `create_video_analysis` inserts the analysis and its queued job in one transaction, names the
//   analysis' folder `<data_dir>/analyses/<id>` (absolute) and calls `fill(dir)` inside that
//   transaction to put the clip there: when `fill` throws, the rows roll back and the folder is
//   removed, so nothing half-made is left. `data_dir` must be non-empty (Error(InvalidInput)).
// - `claim_next_job` moves the oldest queued job to running (state, started_at) atomically: two
//   runners on two connections never claim the same job.
// - `set_progress` records progress in [0, 1] and returns whether the job is still wanted (its
//   row exists and is running): an erased athlete or a cancelled job stops its process.
// - `finish_job` sets done (with the analysis' summary JSON) or failed (with a one-line message);
//   a job whose row is gone is left alone (returns false).
// - `requeue_interrupted` puts running jobs back to queued: at start-up, jobs a stopped or crashed
//   server left running are run again (their folders' outputs are rewritten).
// - `remove` deletes the analysis and its jobs in one transaction (audited), then its folder.
// - Reads return std::nullopt / empty for unknown ids. Athlete access is the caller's to check.
//
//   Analyses a(store);
//   auto made = a.create_video_analysis("A1", "clip.mp4", params, user_id, data_dir,
//                                       [&](const std::string& dir) { write(dir + "/source.mp4");
//                                       });
//   while (auto job = a.claim_next_job()) { ...; a.finish_job(job->id, true, "", summary); }
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "podium/store/store.hpp"

namespace podium::store {

struct Job {
  std::int64_t id = 0;
  std::string kind;   // "video_analysis"
  std::string state;  // queued, running, done, failed, cancelled
  double progress = 0;
  std::string message;
  std::string params_json;
  std::optional<std::string> athlete_id;
  std::optional<std::int64_t> analysis_id;
  std::int64_t created_at_utc_s = 0;
  std::optional<std::int64_t> started_at_utc_s;
  std::optional<std::int64_t> finished_at_utc_s;
};

struct Analysis {
  std::int64_t id = 0;
  std::string athlete_id;
  std::string source_name;
  std::string dir;  // absolute: the clip and the outputs (out/)
  std::int64_t created_at_utc_s = 0;
  std::string summary_json;  // tracks.json once done, "{}" before
  std::optional<Job> job;    // the job that computes it (absent once deleted)
};

struct MadeAnalysis {
  std::int64_t analysis_id = 0;
  std::int64_t job_id = 0;
  std::string dir;
};

class Analyses {
 public:
  explicit Analyses(Store& store) : store_(&store) {}

  MadeAnalysis create_video_analysis(const std::string& athlete, const std::string& source_name,
                                     const std::string& params_json,
                                     std::optional<std::int64_t> created_by,
                                     const std::string& data_dir,
                                     const std::function<void(const std::string& dir)>& fill);
  std::optional<Job> claim_next_job();
  bool set_progress(std::int64_t job_id, double progress);
  bool finish_job(std::int64_t job_id, bool ok, const std::string& message,
                  const std::string& summary_json);
  std::size_t requeue_interrupted();
  // Deletes the analysis, its jobs and its folder (a running job's process then stops: its row is
  // gone). False for an unknown id.
  bool remove(std::int64_t id);

  std::optional<Job> job(std::int64_t id) const;
  std::optional<Analysis> analysis(std::int64_t id) const;
  std::vector<Analysis> analyses_of(const std::string& athlete) const;  // newest first

 private:
  Store* store_;
};

}  // namespace podium::store
