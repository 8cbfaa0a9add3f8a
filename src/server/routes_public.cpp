// Public competition results and model cards: any logged-in user, no team needed (the results
// are published; the cards say what each model is). Answers are the same for every user, so
// they are cached (ResponseCache) with an ETag: a client's If-None-Match gets 304.
#include <ctime>

#include "guard.hpp"
#include "podium/core/json.hpp"
#include "podium/core/limits.hpp"
#include "podium/nn/model_store.hpp"
#include "router.hpp"

namespace podium::server {
namespace {

// Writes a cached public answer, or 304 when the client has it.
void send_cached(Call& c, const std::string& key, const std::function<std::string()>& make) {
  const ResponseCache::Entry e = c.shared.cache->get(key, std::time(nullptr), make);
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
  send_cached(c, "models", [&] {
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
  send_cached(c, "rank_models", [&] { return Json{{"models", rank_cards(c.store)}}.dump(); });
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
}

}  // namespace podium::server
