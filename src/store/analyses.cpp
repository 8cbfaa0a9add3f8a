// Video analyses and their jobs (analyses.hpp).
#include "podium/store/analyses.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "podium/core/error.hpp"
#include "store/store_impl.hpp"

namespace podium::store {
namespace {

constexpr std::size_t kJobMessageMaxBytes = 2000;

constexpr const char* kJobColumns =
    "j.id, j.kind, j.state, j.progress, j.message, j.params_json, j.athlete_id, j.analysis_id, "
    "j.created_at_utc_s, j.started_at_utc_s, j.finished_at_utc_s";

Job analyses_job_row(const Statement& s, int at) {
  Job j{.id = s.int64(at),
        .kind = s.text(at + 1),
        .state = s.text(at + 2),
        .progress = s.real(at + 3),
        .message = s.text(at + 4),
        .params_json = s.text(at + 5)};
  if (!s.is_null(at + 6)) j.athlete_id = s.text(at + 6);
  if (!s.is_null(at + 7)) j.analysis_id = s.int64(at + 7);
  j.created_at_utc_s = s.int64(at + 8);
  if (!s.is_null(at + 9)) j.started_at_utc_s = s.int64(at + 9);
  if (!s.is_null(at + 10)) j.finished_at_utc_s = s.int64(at + 10);
  return j;
}

// Analyses joined with their (latest) job; `where` filters `a`.
std::vector<Analysis> analyses_select(const Db& db, const std::string& where,
                                      const std::function<void(Statement&)>& bind) {
  std::string sql =
      "SELECT a.id, a.athlete_id, a.source_name, a.dir, a.created_at_utc_s, "
      "a.summary_json, ";
  sql.append(kJobColumns)
      .append(
          " FROM analyses a LEFT JOIN jobs j ON j.id = (SELECT max(id) FROM jobs WHERE "
          "analysis_id = a.id) WHERE ")
      .append(where)
      .append(" ORDER BY a.id DESC");
  Statement s(db, sql, "read analyses");
  bind(s);
  std::vector<Analysis> out;
  while (s.step()) {
    Analysis a{.id = s.int64(0),
               .athlete_id = s.text(1),
               .source_name = s.text(2),
               .dir = s.text(3),
               .created_at_utc_s = s.int64(4),
               .summary_json = s.text(5)};
    if (!s.is_null(6)) a.job = analyses_job_row(s, 6);
    out.push_back(std::move(a));
  }
  return out;
}

// One line, bounded: a process's last stderr line may be anything.
std::string analyses_message(const std::string& message) {
  std::string m = message.substr(0, kJobMessageMaxBytes);
  std::replace_if(
      m.begin(), m.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return m;
}

}  // namespace

MadeAnalysis Analyses::create_video_analysis(
    const std::string& athlete, const std::string& source_name, const std::string& params_json,
    std::optional<std::int64_t> created_by, const std::string& data_dir,
    const std::function<void(const std::string& dir)>& fill) {
  if (data_dir.empty()) {
    throw Error(ErrorKind::InvalidInput, Place{.field = "data_dir"},
                "analyses need a data folder (podium serve --data-dir)");
  }
  Db& db = store_->impl_->db;
  Transaction tx(db, "create video analysis");
  require_athlete(db, athlete);
  const std::int64_t now = now_utc_s();
  MadeAnalysis made;
  {
    Statement ins(db,
                  "INSERT INTO analyses (athlete_id, kind, source_name, dir, created_by, "
                  "created_at_utc_s) VALUES (?, 'video', ?, '', ?, ?) RETURNING id",
                  "insert analysis");
    ins.bind(1, athlete).bind(2, source_name).bind(4, now);
    if (created_by) {
      ins.bind(3, *created_by);
    } else {
      ins.bind_null(3);
    }
    ins.step();
    made.analysis_id = ins.int64(0);
  }
  const std::filesystem::path dir =
      std::filesystem::absolute(data_dir) / "analyses" / std::to_string(made.analysis_id);
  made.dir = dir.lexically_normal().string();
  Statement(db, "UPDATE analyses SET dir = ? WHERE id = ?", "name analysis folder")
      .bind(1, made.dir)
      .bind(2, made.analysis_id)
      .run();
  {
    Statement ins(db,
                  "INSERT INTO jobs (kind, state, params_json, athlete_id, analysis_id, "
                  "created_by, created_at_utc_s) VALUES ('video_analysis', 'queued', ?, ?, ?, ?, "
                  "?) RETURNING id",
                  "insert job");
    ins.bind(1, params_json).bind(2, athlete).bind(3, made.analysis_id).bind(5, now);
    if (created_by) {
      ins.bind(4, *created_by);
    } else {
      ins.bind_null(4);
    }
    ins.step();
    made.job_id = ins.int64(0);
  }
  audit(db, store_->impl_->actor, "video.upload", athlete,
        "analysis " + std::to_string(made.analysis_id));
  std::error_code ec;
  // A folder left by an earlier failed attempt under this id holds nothing of ours.
  std::filesystem::remove_all(dir, ec);
  try {
    std::filesystem::create_directories(dir);
    fill(made.dir);
    tx.commit();
  } catch (...) {
    std::filesystem::remove_all(dir, ec);
    throw;
  }
  return made;
}

std::optional<Job> Analyses::claim_next_job() {
  Db& db = store_->impl_->db;
  Transaction tx(db, "claim job");
  std::optional<std::int64_t> id;
  {
    Statement s(db, "SELECT id FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1",
                "find queued job");
    if (s.step()) id = s.int64(0);
  }
  if (!id) return std::nullopt;
  Statement(db,
            "UPDATE jobs SET state = 'running', started_at_utc_s = ?, progress = 0 WHERE id = ?",
            "start job")
      .bind(1, now_utc_s())
      .bind(2, *id)
      .run();
  tx.commit();
  return job(*id);
}

bool Analyses::set_progress(std::int64_t job_id, double progress) {
  Db& db = store_->impl_->db;
  const double p = std::isfinite(progress) ? std::clamp(progress, 0.0, 1.0) : 0.0;
  Statement(db, "UPDATE jobs SET progress = ? WHERE id = ? AND state = 'running'", "job progress")
      .bind(1, p)
      .bind(2, job_id)
      .run();
  Statement s(db, "SELECT state FROM jobs WHERE id = ?", "job state");
  return s.bind(1, job_id).step() && s.text(0) == "running";
}

bool Analyses::finish_job(std::int64_t job_id, bool ok, const std::string& message,
                          const std::string& summary_json) {
  Db& db = store_->impl_->db;
  Transaction tx(db, "finish job");
  const std::optional<Job> j = job(job_id);
  if (!j || j->state != "running") return false;
  Statement(db,
            "UPDATE jobs SET state = ?, progress = ?, message = ?, finished_at_utc_s = ? WHERE "
            "id = ?",
            "finish job")
      .bind(1, ok ? "done" : "failed")
      .bind(2, ok ? 1.0 : j->progress)
      .bind(3, analyses_message(message))
      .bind(4, now_utc_s())
      .bind(5, job_id)
      .run();
  if (ok && j->analysis_id) {
    Statement(db, "UPDATE analyses SET summary_json = ? WHERE id = ?", "analysis summary")
        .bind(1, summary_json)
        .bind(2, *j->analysis_id)
        .run();
  }
  tx.commit();
  return true;
}

std::size_t Analyses::requeue_interrupted() {
  Db& db = store_->impl_->db;
  Transaction tx(db, "requeue jobs");
  std::size_t n = 0;
  {
    Statement s(db, "SELECT count(*) FROM jobs WHERE state = 'running'", "count running jobs");
    if (s.step()) n = static_cast<std::size_t>(s.int64(0));
  }
  db.exec(
      "UPDATE jobs SET state = 'queued', progress = 0, started_at_utc_s = NULL WHERE state = "
      "'running'",
      "requeue jobs");
  tx.commit();
  return n;
}

bool Analyses::remove(std::int64_t id) {
  Db& db = store_->impl_->db;
  const std::optional<Analysis> a = analysis(id);
  if (!a) return false;
  Transaction tx(db, "delete analysis");
  Statement(db, "DELETE FROM jobs WHERE analysis_id = ?", "delete analysis jobs").bind(1, id).run();
  Statement(db, "DELETE FROM analyses WHERE id = ?", "delete analysis").bind(1, id).run();
  audit(db, store_->impl_->actor, "video.delete", a->athlete_id, "analysis " + std::to_string(id));
  tx.commit();
  std::error_code ec;
  if (!a->dir.empty()) std::filesystem::remove_all(a->dir, ec);
  return true;
}

std::optional<Job> Analyses::job(std::int64_t id) const {
  std::string sql = "SELECT ";
  sql.append(kJobColumns).append(" FROM jobs j WHERE j.id = ?");
  Statement s(store_->impl_->db, sql, "read job");
  if (!s.bind(1, id).step()) return std::nullopt;
  return analyses_job_row(s, 0);
}

std::optional<Analysis> Analyses::analysis(std::int64_t id) const {
  std::vector<Analysis> a =
      analyses_select(store_->impl_->db, "a.id = ?", [id](Statement& s) { s.bind(1, id); });
  if (a.empty()) return std::nullopt;
  return std::move(a.front());
}

std::vector<Analysis> Analyses::analyses_of(const std::string& athlete) const {
  return analyses_select(store_->impl_->db, "a.athlete_id = ?",
                         [&athlete](Statement& s) { s.bind(1, athlete); });
}

}  // namespace podium::store
