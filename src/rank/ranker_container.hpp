// The byte layout every podium ranker saves: a model card (JSON) and the library's own model
// bytes (XGBoost UBJSON, a torch archive) in one checksummed container, so the loader rejects
// truncated or altered bytes before any third-party parser sees them.
//
// Layout (integers little-endian):
//   "PODRANK1" | u64 card length | card JSON text | u64 payload length | payload | sha256 (32
//   bytes)
// of everything before the digest. The card names the model kind ("xgboost-lambdamart",
// "neural-listwise"); unpack checks it. Errors: Error(Format) naming the byte offset and what was
// expected; a kind mismatch is Error(Model).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace podium::rank {

struct RankerContainer {
  nlohmann::json card;
  std::string payload;
};

std::string pack_ranker(const nlohmann::json& card, std::string_view payload);
RankerContainer unpack_ranker(std::string_view bytes, std::string_view expected_kind);
// The card's "feature_names" (an array of strings), or Error(Format).
std::vector<std::string> feature_names_from_card(const nlohmann::json& card);

}  // namespace podium::rank
