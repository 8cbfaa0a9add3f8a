// The background job runner of `podium serve`: video analyses run in a bounded pool of
// `job_workers` threads, apart from the HTTP workers, each with its own store connection. A worker
// runs one job as a child process, `podium video analyze ... --threads 1 --progress-lines`:
// libtorch's thread count is process-wide and its models are large, so a process per job keeps
// the server itself free of libtorch (instant start-up), bounds a job's memory to its own process,
// and lets a stop or an erasure end a job at once (SIGTERM).
//
// Contract:
// - start(): jobs a previous server left running are queued again (their state is in the store,
//   so it survives a restart), then the workers start and take queued jobs oldest first. notify()
//   wakes a worker after a job was queued; workers also look every few seconds, for jobs another
//   process queued.
// - A job's progress (from the child's progress lines) is written to its row at most twice a
//   second. When its row disappears (the athlete was erased) or stops being "running", the child
//   is ended and the analysis' folder removed.
// - Exit 0: the analysis' summary is its out/tracks.json and the job is done. Otherwise the job
//   failed with the child's last error line (the analysis folder's path removed from it: the
//   message is shown to users).
// - stop(): ends running children, joins the workers, and queues their jobs again for the next
//   start. Idempotent.
//
//   JobRunner jobs(options);
//   jobs.start();
//   ... Analyses(store).create_video_analysis(...); jobs.notify();
//   jobs.stop();
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "podium/server/server.hpp"

namespace podium::server {

class JobRunner {
 public:
  explicit JobRunner(const ServerOptions& options) : options_(options) {}
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;
  ~JobRunner() { stop(); }

  void start();
  void notify();
  void stop();

 private:
  void work();
  bool wait_for_work();

  ServerOptions options_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable cond_;
  std::size_t pending_ = 0;  // notify() calls not yet taken by a worker
  std::atomic<bool> stopping_{false};
  bool started_ = false;
};

}  // namespace podium::server
