#include "podium/rank/ranker.hpp"

#include <map>
#include <mutex>

#include "podium/core/error.hpp"
#include "podium/rank/baseline.hpp"
#include "podium/rank/linear_ranker.hpp"

namespace podium::rank {
namespace {

struct KindName {
  const char* name;
  RankerKind kind;
};
constexpr KindName kKindNames[] = {
    {"xgboost-ndcg", RankerKind::XgboostNdcg},
    {"xgboost-pairwise", RankerKind::XgboostPairwise},
    {"neural", RankerKind::Neural},
    {"baseline", RankerKind::BaselinePoints},
    {"baseline-last-edition", RankerKind::BaselineLastEdition},
    {"trueskill", RankerKind::TrueSkill},
    {"linear", RankerKind::Linear},
};

struct Registry {
  std::mutex mutex;
  std::map<RankerKind, RankerFactory> factories;
};

std::unique_ptr<Ranker> create_baseline(RankerKind kind) {
  return make_baseline_ranker(kind == RankerKind::BaselineLastEdition ? Baseline::LastEdition
                                                                      : Baseline::Points365d);
}

std::unique_ptr<Ranker> refuse_trueskill(RankerKind) {
  throw Error(ErrorKind::InvalidInput,
              "ranker 'trueskill' rates riders from the results table: make it with "
              "make_trueskill_ranker(table)");
}

std::unique_ptr<Ranker> create_linear(RankerKind /*kind*/) {
  return make_linear_ranker();
}

// Baselines, TrueSkill (refused here: it needs the results table) and the linear ranker are
// built in: they need no library.
Registry& registry() {
  static Registry r{{},
                    {{RankerKind::BaselinePoints, &create_baseline},
                     {RankerKind::BaselineLastEdition, &create_baseline},
                     {RankerKind::TrueSkill, &refuse_trueskill},
                     {RankerKind::Linear, &create_linear}}};
  return r;
}

}  // namespace

std::optional<RankerKind> parse_ranker_kind(std::string_view name) {
  if (name == "xgboost") return RankerKind::XgboostNdcg;
  for (const KindName& k : kKindNames) {
    if (name == k.name) return k.kind;
  }
  return std::nullopt;
}

const char* ranker_kind_name(RankerKind kind) {
  for (const KindName& k : kKindNames) {
    if (k.kind == kind) return k.name;
  }
  return "baseline";
}

bool is_baseline(RankerKind kind) {
  return kind == RankerKind::BaselinePoints || kind == RankerKind::BaselineLastEdition ||
         kind == RankerKind::TrueSkill;
}

void register_ranker(RankerKind kind, RankerFactory factory) {
  PODIUM_ASSERT(factory != nullptr);
  Registry& r = registry();
  const std::lock_guard lock(r.mutex);
  r.factories[kind] = factory;
}

std::unique_ptr<Ranker> create_ranker(RankerKind kind) {
  RankerFactory factory = nullptr;
  {
    Registry& r = registry();
    const std::lock_guard lock(r.mutex);
    const auto it = r.factories.find(kind);
    if (it != r.factories.end()) factory = it->second;
  }
  if (factory == nullptr) {
    throw Error(ErrorKind::NotFound, std::string("ranker '") + ranker_kind_name(kind) +
                                         "': its library is not loaded (no factory registered)");
  }
  return factory(kind);
}

}  // namespace podium::rank
