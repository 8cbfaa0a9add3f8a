// Video analyses: upload a clip (a background job analyses it, jobs.hpp), follow the job, read the
// tracks, the joint angles and the overlay video. Every read is checked against the caller's
// access to the analysis' athlete and recorded in the audit log; uploads need the athlete's
// video_analysis consent.
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

#include "jobs.hpp"
#include "podium/core/csv.hpp"
#include "podium/core/file.hpp"
#include "podium/core/json.hpp"
#include "podium/store/analyses.hpp"
#include "podium/store/governance.hpp"
#include "router.hpp"

namespace podium::server {
namespace {

constexpr std::array<const char*, 4> kVideoModels = {"movenet-lightning", "movenet-thunder",
                                                     "movenet-multipose", "blazepose"};
constexpr std::array<const char*, 7> kVideoExtensions = {".mp4", ".avi", ".mkv", ".webm",
                                                         ".mov", ".m4v", ".mpg"};
constexpr int kVideoMaxAthletes = 50;
constexpr double kVideoMaxSeconds = 24 * 3600;
constexpr std::size_t kVideoChunkBytes = std::size_t{64} << 10;
// tracks.json of a long clip with many athletes; the summary is read back whole.
constexpr std::size_t kVideoSummaryBytes = std::size_t{256} << 20;

Json video_job_json(const store::Job& j) {
  return {{"id", j.id},
          {"kind", j.kind},
          {"state", j.state},
          {"progress", j.progress},
          {"message", j.message},
          {"analysis", j.analysis_id ? Json(*j.analysis_id) : Json(nullptr)},
          {"athlete", j.athlete_id ? Json(*j.athlete_id) : Json(nullptr)},
          {"created_at_utc_s", j.created_at_utc_s},
          {"started_at_utc_s", j.started_at_utc_s ? Json(*j.started_at_utc_s) : Json(nullptr)},
          {"finished_at_utc_s", j.finished_at_utc_s ? Json(*j.finished_at_utc_s) : Json(nullptr)}};
}

Json video_analysis_json(const store::Analysis& a, bool with_summary) {
  Json j = {{"id", a.id},
            {"athlete", a.athlete_id},
            {"source_name", a.source_name},
            {"created_at_utc_s", a.created_at_utc_s},
            {"job", a.job ? video_job_json(*a.job) : Json(nullptr)}};
  if (with_summary) {
    const bool done = a.job && a.job->state == "done";
    j["summary"] =
        done ? json::parse(a.summary_json, "analysis summary", kVideoSummaryBytes) : Json(nullptr);
    // The repetitions of the clip's most-observed athlete, when the count found a movement.
    const std::string reps = a.dir + "/out/reps.json";
    std::error_code ec;
    j["reps"] = done && std::filesystem::exists(reps, ec)
                    ? json::parse(read_file(reps), "reps.json", kVideoSummaryBytes)
                    : Json(nullptr);
  }
  return j;
}

// The analysis named by the path, if the caller may read it; the read is audited.
store::Analysis video_readable(Call& c, const char* what) {
  const std::int64_t id = id_arg(c, 0, "analysis id");
  std::optional<store::Analysis> a = store::Analyses(c.store).analysis(id);
  if (!a) throw Error(ErrorKind::NotFound, "no analysis " + std::to_string(id));
  c.accounts().require_athlete_access(c.me(), a->athlete_id, store::Access::Read);
  store::Governance(c.store).record(c.me().name, std::string("read.") + what, a->athlete_id,
                                    "analysis " + std::to_string(id));
  return std::move(*a);
}

// A finished analysis' output file; NotFound while its job has not finished.
std::string video_output(const store::Analysis& a, const char* file) {
  if (!a.job || a.job->state != "done") {
    throw Error(ErrorKind::NotFound, "analysis " + std::to_string(a.id) + " is not done yet (" +
                                         (a.job ? a.job->state : std::string("no job")) + ")");
  }
  return a.dir + "/out/" + file;
}

double video_seconds(const Call& c, const char* name) {
  const std::string v = c.query(name);
  const Place place{.source = "query", .field = name, .value = v.substr(0, 32)};
  double x = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  if (ec != std::errc() || end != v.data() + v.size() || !std::isfinite(x) || x < 0 ||
      x > kVideoMaxSeconds) {
    throw Error(ErrorKind::InvalidInput, place, "seconds in [0, 86400] expected");
  }
  return x;
}

// The job's parameters from the query, every value checked here (jobs.cpp trusts them).
Json video_params(const Call& c, const std::string& source) {
  Json p = {{"source", source}, {"model", "movenet-lightning"}, {"athletes", "1"}};
  if (const std::string m = c.query("model"); !m.empty()) {
    if (std::find(kVideoModels.begin(), kVideoModels.end(), m) == kVideoModels.end()) {
      throw Error(ErrorKind::InvalidInput, Place{.source = "query", .field = "model"},
                  "one of movenet-lightning, movenet-thunder, movenet-multipose, blazepose");
    }
    p["model"] = m;
  }
  if (const std::string a = c.query("athletes"); a == "all") {
    p["athletes"] = "all";
  } else if (!a.empty()) {
    p["athletes"] = std::to_string(c.query_integer("athletes", 1, 1, kVideoMaxAthletes));
  }
  if (!c.query("start_s").empty()) p["start_s"] = video_seconds(c, "start_s");
  if (!c.query("end_s").empty()) p["end_s"] = video_seconds(c, "end_s");
  if (p.contains("start_s") && p.contains("end_s") &&
      p["end_s"].get<double>() <= p["start_s"].get<double>()) {
    throw Error(ErrorKind::InvalidInput, Place{.source = "query", .field = "end_s"},
                "must be after start_s");
  }
  p["anonymize"] = c.query_integer("anonymize", 1, 0, 1) == 1;
  return p;
}

void videos_post(Call& c) {
  const std::string& athlete = c.args.at(0);
  c.accounts().require_athlete_access(c.me(), athlete, store::Access::Write);
  store::Governance(c.store).require_consent(athlete, store::Purpose::VideoAnalysis);
  const std::string name = upload_name(c);
  std::string ext = std::filesystem::path(name).extension().string();
  for (char& ch : ext)
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (std::find(kVideoExtensions.begin(), kVideoExtensions.end(), ext) == kVideoExtensions.end()) {
    throw Error(ErrorKind::Unsupported, Place{.source = "query", .field = "name", .value = name},
                "a video file (.mp4, .avi, .mkv, .webm, .mov, .m4v, .mpg) is expected");
  }
  if (c.req.body.empty()) {
    throw Error(ErrorKind::InvalidInput, Place{.source = "body"}, "the upload is empty");
  }
  // The clip keeps only its extension: the user's file name stays in the database.
  const std::string source = "source" + ext;
  const Json params = video_params(c, source);
  const store::MadeAnalysis made = store::Analyses(c.store).create_video_analysis(
      athlete, name, params.dump(), c.me().id, c.shared.options.data_dir,
      [&c, &source](const std::string& dir) { write_file_atomic(dir + "/" + source, c.req.body); });
  if (c.shared.jobs != nullptr) c.shared.jobs->notify();
  send_json(c, 202, {{"analysis", made.analysis_id}, {"job", made.job_id}, {"state", "queued"}});
}

void analyses_get(Call& c) {
  const std::string& athlete = c.args.at(0);
  c.accounts().require_athlete_access(c.me(), athlete, store::Access::Read);
  Json list = Json::array();
  for (const store::Analysis& a : store::Analyses(c.store).analyses_of(athlete))
    list.push_back(video_analysis_json(a, false));
  store::Governance(c.store).record(c.me().name, "read.analyses", athlete, "");
  send_json(c, 200, {{"athlete", athlete}, {"analyses", list}});
}

void job_get(Call& c) {
  const std::int64_t id = id_arg(c, 0, "job id");
  const std::optional<store::Job> j = store::Analyses(c.store).job(id);
  if (!j || !j->athlete_id) throw Error(ErrorKind::NotFound, "no job " + std::to_string(id));
  c.accounts().require_athlete_access(c.me(), *j->athlete_id, store::Access::Read);
  send_json(c, 200, video_job_json(*j));
}

void analysis_get(Call& c) {
  send_json(c, 200, video_analysis_json(video_readable(c, "analysis"), true));
}

void analysis_delete(Call& c) {
  const std::int64_t id = id_arg(c, 0, "analysis id");
  store::Analyses analyses(c.store);
  const std::optional<store::Analysis> a = analyses.analysis(id);
  if (!a) throw Error(ErrorKind::NotFound, "no analysis " + std::to_string(id));
  c.accounts().require_athlete_access(c.me(), a->athlete_id, store::Access::Write);
  analyses.remove(id);
  send_json(c, 200, {{"deleted", id}});
}

// angles.csv (frame,time_s,track_id,angle,deg,deg_per_s) as one time axis per track with the
// angles aligned to it; an angle missing at a time is null.
void angles_get(Call& c) {
  const store::Analysis a = video_readable(c, "angles");
  const std::string csv_text = read_file(video_output(a, "angles.csv"));
  CsvReader csv(csv_text, "angles.csv");
  CsvRecord r;
  csv.next(r);  // header
  struct Track {
    std::vector<double> time_s;
    std::map<std::string, std::map<std::size_t, double>> angles;  // name -> time index -> deg
  };
  std::map<std::int64_t, Track> tracks;
  while (csv.next(r)) {
    if (r.fields.size() < 5) continue;
    const double t = std::stod(std::string(r.fields[1]));
    Track& tr = tracks[std::stoll(std::string(r.fields[2]))];
    if (tr.time_s.empty() || tr.time_s.back() != t) tr.time_s.push_back(t);
    const std::string deg(r.fields[4]);
    tr.angles[std::string(r.fields[3])][tr.time_s.size() - 1] =
        deg.empty() ? std::nan("") : std::stod(deg);
  }
  Json out = Json::array();
  for (const auto& [id, tr] : tracks) {
    Json angles = Json::object();
    for (const auto& [name, values] : tr.angles) {
      Json series = Json::array();
      for (std::size_t i = 0; i < tr.time_s.size(); ++i) {
        const auto it = values.find(i);
        series.push_back(it == values.end() ? Json(nullptr) : json::number_or_null(it->second));
      }
      angles[name] = std::move(series);
    }
    out.push_back({{"id", id}, {"time_s", tr.time_s}, {"angles", std::move(angles)}});
  }
  const Json summary = json::parse(a.summary_json, "analysis summary", kVideoSummaryBytes);
  send_json(c, 200, {{"fps", summary.at("video").at("fps")}, {"tracks", std::move(out)}});
}

// The overlay (H.264 MP4), streamed in chunks so that a long clip is never held in memory;
// cpp-httplib answers Range requests from the provider, which the browser's player uses to seek.
void video_get(Call& c) {
  const store::Analysis a = video_readable(c, "video");
  const std::string path = video_output(a, "overlay.mp4");
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw Error(ErrorKind::NotFound, "analysis " + std::to_string(a.id) + " has no video");
  auto file = std::make_shared<std::ifstream>(path, std::ios::binary);
  // No status set: cpp-httplib then answers 206 to a Range request and 200 otherwise.
  c.res.set_content_provider(
      static_cast<std::size_t>(size), "video/mp4",
      [file](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        std::vector<char> buf(std::min(length, kVideoChunkBytes));
        file->clear();
        file->seekg(static_cast<std::streamoff>(offset));
        file->read(buf.data(), static_cast<std::streamsize>(buf.size()));
        const std::streamsize n = file->gcount();
        if (n <= 0) return false;
        sink.write(buf.data(), static_cast<std::size_t>(n));
        return true;
      });
}

}  // namespace

void add_video_routes(std::vector<Route>& out) {
  out.push_back({"POST", "/api/v1/athletes/{id}/videos", Auth::Session, Body::Upload,
                 "Analyse a clip in the background (octet-stream, ?name=FILE, model, athletes, "
                 "start_s, end_s, anonymize); needs consent video_analysis; 202 with the job",
                 "videos", videos_post});
  out.push_back({"GET", "/api/v1/athletes/{id}/analyses", Auth::Session, Body::None,
                 "The athlete's video analyses with their jobs", "videos", analyses_get});
  out.push_back({"GET", "/api/v1/jobs/{id}", Auth::Session, Body::None,
                 "A background job: state, progress, message", "videos", job_get});
  out.push_back({"GET", "/api/v1/analyses/{id}", Auth::Session, Body::None,
                 "A video analysis: its job and, once done, its tracks (tracks.json)", "videos",
                 analysis_get});
  out.push_back({"DELETE", "/api/v1/analyses/{id}", Auth::Session, Body::None,
                 "Delete a video analysis: its rows, files and running job", "videos",
                 analysis_delete});
  out.push_back({"GET", "/api/v1/analyses/{id}/angles", Auth::Session, Body::None,
                 "Joint angles per track on one time axis each", "videos", angles_get});
  out.push_back({"GET", "/api/v1/analyses/{id}/video", Auth::Session, Body::None,
                 "The overlay video (H.264 MP4, skeletons and ids, faces blurred unless "
                 "anonymize=0)",
                 "videos", video_get});
}

}  // namespace podium::server
