// Public competition results and model cards: any logged-in user, no team needed (the results
// are published; the cards say what each model is). Answers are the same for every user, so
// they are cached (ResponseCache) with an ETag: a client's If-None-Match gets 304.
#include <ctime>

#include "careers_view.hpp"
#include "guard.hpp"
#include "podium/core/json.hpp"
#include "podium/core/limits.hpp"
#include "podium/nn/model_store.hpp"
#include "rank_view.hpp"
#include "router.hpp"

namespace podium::server {
namespace {

// Model cards change when a model is trained (another process): seconds of staleness are fine.
constexpr std::int64_t kCardsTtlS = 10;
// A study takes seconds to minutes; results change by `podium results import`, rarely.
constexpr std::int64_t kCareersTtlS = 600;
// The resampling a request may ask for: the CLI's defaults, at one thread per request.
constexpr int kMaxResamples = 1000;

// Writes a cached public answer, or 304 when the client has it.
void send_cached(Call& c, const std::string& key, std::int64_t ttl_s,
                 const std::function<std::string()>& make) {
  const ResponseCache::Entry e = c.shared.cache->get(key, std::time(nullptr), ttl_s, make);
  // Not personal data: a browser may keep it, but must ask again (ETag) before using it.
  c.res.headers.erase("Cache-Control");
  c.res.set_header("Cache-Control", "private, no-cache");
  c.res.set_header("ETag", e.etag);
  if (c.req.get_header_value("If-None-Match") == e.etag) {
    c.res.status = 304;
    return;
  }
  c.res.status = 200;
  c.res.set_content(e.body, "application/json");
}

Json rank_cards(const store::Store& st) {
  Json list = Json::array();
  for (const store::RankModelRow& m : st.rank_models()) {
    Json card;
    try {
      card = json::parse(m.card_json, "rank model " + m.name, limits::kStoredJsonBytes);
    } catch (const Error&) {
      card = nullptr;  // a damaged card is shown as missing, not as a failure of the listing
    }
    list.push_back({{"name", m.name},
                    {"kind", m.kind},
                    {"blob_bytes", m.blob_bytes},
                    {"created_at_utc_s", m.created_at_utc_s},
                    {"card", card}});
  }
  return list;
}

void models_get(Call& c) {
  send_cached(c, "models", kCardsTtlS, [&] {
    const nn::ModelManifest& manifest = nn::ModelManifest::builtin();
    Json pretrained = Json::array();
    for (const nn::ModelEntry& e : manifest.models) {
      std::int64_t bytes = 0;
      for (const nn::ModelFile& f : e.files)
        bytes += f.bytes;
      pretrained.push_back({{"name", e.name},
                            {"task", e.task},
                            {"keypoints", e.keypoints},
                            {"files", e.files.size()},
                            {"bytes", bytes},
                            {"outputs", e.outputs}});
    }
    return Json{{"pretrained",
                 {{"package", manifest.package},
                  {"version", manifest.version},
                  {"tarball_sha256", manifest.tarball_sha256},
                  {"models", pretrained}}},
                {"rank", rank_cards(c.store)}}
        .dump();
  });
}

void rank_models_get(Call& c) {
  send_cached(c, "rank_models", kCardsTtlS, [&] {
    return Json{{"models", rank_cards(c.store)}}.dump();
  });
}

std::string careers_text(const Call& c, const char* name, const std::string& fallback) {
  const std::string v = c.query(name);
  return v.empty() ? fallback : v;
}

void careers_get(Call& c) {
  app::PeakAgeRequest r;
  r.from = static_cast<int>(c.query_integer("from", r.from, 1800, 2200));
  r.to = static_cast<int>(c.query_integer("to", r.to, 1800, 2200));
  r.min_points = static_cast<int>(
      c.query_integer("min_points", static_cast<std::int64_t>(r.min_points), 0, 1000000));
  r.top = static_cast<int>(c.query_integer("top", r.top, 0, 1000000));
  r.performance = careers_text(c, "performance", r.performance);
  r.clusters = careers_text(c, "clusters", r.clusters);
  r.degree = careers_text(c, "degree", r.degree);
  r.model = careers_text(c, "model", r.model);
  r.bootstrap = static_cast<int>(c.query_integer("bootstrap", r.bootstrap, 1, kMaxResamples));
  r.permutations =
      static_cast<int>(c.query_integer("permutations", r.permutations, 1, kMaxResamples));
  r.seed = static_cast<std::uint64_t>(c.query_integer("seed", 1, 0, 1 << 30));
  r.youth = careers_text(c, "youth", "false") == "true";
  // One thread per request: other requests keep the other workers and cores.
  r.threads = 1;
  app::peak_age_options(r);  // a bad parameter is a 400 before the cache sees it
  const Json key = {r.from,   r.to,    r.min_points, r.top,          r.performance, r.clusters,
                    r.degree, r.model, r.bootstrap,  r.permutations, r.seed,        r.youth};
  send_cached(c, "careers" + key.dump(), kCareersTtlS,
              [&] { return app::peak_age_json(app::run_peak_age_study(c.store, r), r).dump(); });
}

void predictions_get(Call& c) {
  app::RankArgs a;
  a.year = static_cast<int>(c.query_integer("year", 0, 1900, 2200));
  if (a.year == 0) {
    throw Error(ErrorKind::InvalidInput, Place{.source = "query", .field = "year"},
                "the test season is required (models train on the seasons before it)");
  }
  a.race = c.query("race");
  if (a.race.empty()) {
    throw Error(ErrorKind::InvalidInput, Place{.source = "query", .field = "race"},
                "a race_key or part of a race's name is required");
  }
  a.model = careers_text(c, "model", a.model);
  a.top = static_cast<int>(c.query_integer("top", a.top, 1, 200));
  const bool explain = careers_text(c, "explain", "true") == "true";
  const rank::RankerKind kind = a.kind();  // a bad model is a 400 before the cache
  const Json key = {a.year, a.race, a.model, a.top, explain};
  send_cached(c, "predictions" + key.dump(), kCareersTtlS, [&] {
    const app::Scored s = app::score_races(c.store, a, kind);
    return Json{{"year", a.year}, {"races", app::predictions_json(s, a, explain)}}.dump();
  });
}

}  // namespace

void add_public_routes(std::vector<Route>& out) {
  out.push_back({"GET", "/api/v1/models", Auth::Session, Body::None,
                 "Model cards: the pretrained pose/detector manifest and stored rank models "
                 "(cached, ETag)",
                 "public", models_get});
  out.push_back({"GET", "/api/v1/rank/models", Auth::Session, Body::None,
                 "Stored race-ranking models with their cards (cached, ETag)", "public",
                 rank_models_get});
  out.push_back({"GET", "/api/v1/careers", Auth::Session, Body::None,
                 "Peak-age study as `podium careers peak-age --json` (?from, to, min_points, top, "
                 "performance, clusters, degree, model, bootstrap, permutations, seed, youth; "
                 "cached)",
                 "public", careers_get});
  out.push_back({"GET", "/api/v1/rank/predictions", Auth::Session, Body::None,
                 "A race's predicted ranking with each rider's SHAP attributions, as `podium "
                 "rank predict` + `explain --athlete` (?year, race, model, top, explain; cached)",
                 "public", predictions_get});
}

}  // namespace podium::server
