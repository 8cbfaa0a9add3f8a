#include "jobs.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "podium/core/error.hpp"
#include "podium/core/file.hpp"
#include "podium/store/analyses.hpp"

extern char** environ;

namespace podium::server {
namespace {

constexpr auto kJobsPoll = std::chrono::seconds(3);
constexpr int kJobsReadPollMs = 200;
constexpr double kJobsProgressEveryS = 0.5;
// The analysis proper; writing the overlay takes the rest.
constexpr double kJobsAnalysisShare = 0.9;

// The child's command line from the job's parameters (routes_videos.cpp wrote them, checked).
std::vector<std::string> jobs_command(const ServerOptions& o, const nlohmann::json& params,
                                      const std::string& dir) {
  std::vector<std::string> argv = {o.podium_exe, "video",
                                   "analyze",    dir + "/" + params.at("source").get<std::string>(),
                                   "--model",    params.at("model").get<std::string>(),
                                   "--athletes", params.at("athletes").get<std::string>(),
                                   "--out",      dir + "/out",
                                   "--overlay",  "--threads",
                                   "1",          "--progress-lines"};
  if (params.value("anonymize", true)) argv.emplace_back("--anonymize");
  if (params.contains("start_s")) {
    argv.emplace_back("--start");
    argv.push_back(std::to_string(params["start_s"].get<double>()));
  }
  if (params.contains("end_s")) {
    argv.emplace_back("--end");
    argv.push_back(std::to_string(params["end_s"].get<double>()));
  }
  return argv;
}

// A running `podium video analyze`: its pid and the read end of its stderr.
struct JobsChild {
  pid_t pid = -1;
  int err_fd = -1;
};

// `out_path`: where the child's stdout goes ("" = nowhere).
JobsChild jobs_spawn(const std::vector<std::string>& argv, const std::string& out_path = "") {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw Error(ErrorKind::Io, "jobs: cannot make a pipe");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.empty() ? "/dev/null" : out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    throw Error(ErrorKind::Io,
                argv[0] + ": cannot start the analysis (" + std::to_string(rc) + ")");
  }
  return {pid, fds[0]};
}

struct JobsProgress {
  long long frame = 0, frames = 0;
  double time_s = 0;
};

struct JobsOutcome {
  int status = -1;     // waitpid status
  bool ended = false;  // ended by us (stop, or the job is no longer wanted)
  std::string last_error;
};

// Reads the child's progress lines until it exits; `wanted(progress)` is asked at most every
// kJobsProgressEveryS and ends the child when it says no.
template <typename Wanted>
JobsOutcome jobs_follow(JobsChild child, const std::atomic<bool>& stopping, Wanted wanted) {
  JobsOutcome out;
  std::string pending;
  auto last = std::chrono::steady_clock::now();
  JobsProgress progress;
  bool open = true;
  while (open) {
    pollfd p{.fd = child.err_fd, .events = POLLIN, .revents = 0};
    if (::poll(&p, 1, kJobsReadPollMs) > 0) {
      char buf[4096];
      const ssize_t n = ::read(child.err_fd, buf, sizeof buf);
      if (n <= 0) {
        open = false;
      } else {
        pending.append(buf, static_cast<std::size_t>(n));
      }
    }
    for (std::size_t eol; (eol = pending.find('\n')) != std::string::npos;) {
      const std::string line = pending.substr(0, eol);
      pending.erase(0, eol + 1);
      JobsProgress p;
      if (std::sscanf(line.c_str(), "progress %lld %lld %lf", &p.frame, &p.frames, &p.time_s) ==
          3) {
        progress = p;
      } else if (!line.empty()) {
        out.last_error = line;
      }
    }
    const auto now = std::chrono::steady_clock::now();
    const bool due = std::chrono::duration<double>(now - last).count() >= kJobsProgressEveryS;
    if (!out.ended && (stopping || (due && !wanted(progress)))) {
      ::kill(child.pid, SIGTERM);
      out.ended = true;
    }
    if (due) last = now;
  }
  ::close(child.err_fd);
  while (::waitpid(child.pid, &out.status, 0) < 0 && errno == EINTR) {
  }
  if (!pending.empty() && pending.rfind("progress ", 0) != 0) out.last_error = pending;
  return out;
}

// The message users see: without the analysis folder's absolute path.
std::string jobs_public_message(std::string message, const std::string& dir) {
  for (std::size_t at; (at = message.find(dir + "/")) != std::string::npos;)
    message.erase(at, dir.size() + 1);
  if (message.rfind("podium: ", 0) == 0) message.erase(0, 8);
  return message;
}

// Repetitions of the clip's most-observed athlete from the analysis' own keypoints (no second pose
// pass): out/reps.json as `podium actions count --json` prints it. A clip without a periodic
// movement or a failed count leaves no file; the analysis itself stands.
void jobs_count_reps(const ServerOptions& o, store::Analyses& analyses, std::int64_t job,
                     const std::string& dir, const std::atomic<bool>& stopping) {
  const std::string reps = dir + "/out/reps.json";
  const JobsOutcome out = jobs_follow(
      jobs_spawn({o.podium_exe, "actions", "count", dir + "/out/keypoints.csv", "--json"}, reps),
      stopping,
      [&](const JobsProgress&) { return analyses.set_progress(job, kJobsAnalysisShare); });
  if (!WIFEXITED(out.status) || WEXITSTATUS(out.status) != 0) {
    std::error_code ec;
    std::filesystem::remove(reps, ec);
  }
}

void jobs_run_one(const ServerOptions& o, store::Store& st, const store::Job& job,
                  const std::atomic<bool>& stopping) {
  store::Analyses analyses(st);
  const std::optional<store::Analysis> a =
      job.analysis_id ? analyses.analysis(*job.analysis_id) : std::nullopt;
  if (!a) {
    analyses.finish_job(job.id, false, "the analysis of this job is gone", "");
    return;
  }
  const nlohmann::json params = nlohmann::json::parse(job.params_json);
  std::error_code ec;
  std::filesystem::remove_all(a->dir + "/out", ec);
  const double start_s = params.value("start_s", 0.0);
  const double end_s = params.value("end_s", 0.0);
  JobsOutcome out;
  try {
    out = jobs_follow(
        jobs_spawn(jobs_command(o, params, a->dir)), stopping, [&](const JobsProgress& p) {
          // With an end the clip's part is known in seconds; without, frames of
          // the container's count.
          double fraction = 0;
          if (end_s > start_s) {
            fraction = (p.time_s - start_s) / (end_s - start_s);
          } else if (p.frames > 0) {
            fraction = static_cast<double>(p.frame) / static_cast<double>(p.frames);
          }
          return analyses.set_progress(job.id, std::clamp(fraction, 0.0, 1.0) * kJobsAnalysisShare);
        });
  } catch (const Error& e) {
    analyses.finish_job(job.id, false, jobs_public_message(e.what(), a->dir), "");
    return;
  }
  if (stopping) return;  // queued again by stop()
  const bool ok = WIFEXITED(out.status) && WEXITSTATUS(out.status) == 0;
  if (ok && !out.ended) jobs_count_reps(o, analyses, job.id, a->dir, stopping);
  if (stopping) return;
  // A run that exited 0 without its tracks.json fails like any other (no summary to show).
  const std::string tracks_path = a->dir + "/out/tracks.json";
  const std::string tracks =
      ok && std::filesystem::exists(tracks_path, ec) ? read_file(tracks_path) : std::string();
  std::string message;
  if (!ok) {
    message =
        !out.last_error.empty() ? jobs_public_message(out.last_error, a->dir)
        : WIFSIGNALED(out.status)
            ? "the analysis was ended by signal " + std::to_string(WTERMSIG(out.status))
            : "the analysis failed with exit status " + std::to_string(WEXITSTATUS(out.status));
  }
  const bool recorded =
      analyses.finish_job(job.id, ok && !tracks.empty(), message, tracks.empty() ? "{}" : tracks);
  // Erased (or cancelled) while it ran: what the child wrote must not outlive the rows.
  if (!recorded && !analyses.analysis(a->id)) std::filesystem::remove_all(a->dir, ec);
}

}  // namespace

void JobRunner::start() {
  if (started_) return;
  started_ = true;
  {
    store::Store st = store::Store::open(options_.db_path, store::OpenMode::MustExist);
    const std::size_t n = store::Analyses(st).requeue_interrupted();
    if (n > 0)
      std::fprintf(stderr, "podium serve: %zu interrupted job%s queued again\n", n,
                   n == 1 ? "" : "s");
  }
  for (std::size_t i = 0; i < options_.job_workers; ++i)
    workers_.emplace_back([this] { work(); });
}

void JobRunner::notify() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    ++pending_;
  }
  cond_.notify_one();
}

void JobRunner::stop() {
  if (!started_ || stopping_.exchange(true)) return;
  cond_.notify_all();
  for (std::thread& t : workers_)
    t.join();
  workers_.clear();
  try {
    store::Store st = store::Store::open(options_.db_path, store::OpenMode::MustExist);
    store::Analyses(st).requeue_interrupted();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "podium serve: jobs: %s\n", e.what());
  }
}

bool JobRunner::wait_for_work() {
  std::unique_lock<std::mutex> lock(mutex_);
  cond_.wait_for(lock, kJobsPoll, [this] { return stopping_ || pending_ > 0; });
  if (pending_ > 0) --pending_;
  return !stopping_;
}

void JobRunner::work() {
  std::optional<store::Store> st;
  while (!stopping_) {
    try {
      if (!st) {
        st.emplace(store::Store::open(options_.db_path, store::OpenMode::MustExist));
        st->set_actor("jobs");
      }
      // Drain the queue before sleeping: one notify may stand for several uploads.
      while (!stopping_) {
        const std::optional<store::Job> job = store::Analyses(*st).claim_next_job();
        if (!job) break;
        jobs_run_one(options_, *st, *job, stopping_);
      }
    } catch (const std::exception& e) {
      // A store error (locked past the wait, disk full) must not end the worker: log, reconnect.
      std::fprintf(stderr, "podium serve: jobs: %s\n", e.what());
      st.reset();
    }
    if (!wait_for_work()) break;
  }
}

}  // namespace podium::server
