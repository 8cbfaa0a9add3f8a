// The byte layout every model podium trains is saved in: a model card (JSON) and the library's own
// model bytes (XGBoost UBJSON, a torch archive) in one checksummed container, so the loader rejects
// truncated or altered bytes before any third-party parser sees them; and the shape checks that
// keep a model to the inputs it was trained on.
//
// Layout (integers little-endian):
//   "PODRANK1" | u64 card length | card JSON text | u64 payload length | payload | sha256 (32
//   bytes)
// of everything before the digest. The magic keeps the name from when only rankers were saved, so
// models already stored still load. The card names the model kind ("xgboost-lambdamart",
// "neural-listwise"); unpack checks it. Errors: Error(Format) naming the byte offset and what was
// expected, or for the card's JSON its place in "model card" ("model card: feature_names[2]:
// expected a string, got number"); a kind or input mismatch is Error(Model); a matrix of the wrong
// size InvalidInput.
//
//   std::string bytes = pack_model({{"kind", "my-model"}, {"feature_names", names}}, blob);
//   SavedModel m = unpack_model(bytes, "my-model");  // m.payload == blob
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace podium::learn {

// clang-tidy 14 takes nlohmann::json's destructor for a throwing one (its invariant checks).
// NOLINTNEXTLINE(bugprone-exception-escape)
struct SavedModel {
  nlohmann::json card;
  std::string payload;
};

std::string pack_model(const nlohmann::json& card, std::string_view payload);
SavedModel unpack_model(std::string_view bytes, std::string_view expected_kind);
// The card's array of strings under `key` ("class_names"), or Error(Format) naming its place.
std::vector<std::string> strings_from_card(const nlohmann::json& card, const std::string& key);
// strings_from_card(card, "feature_names").
std::vector<std::string> feature_names_from_card(const nlohmann::json& card);

// The model's feature names equal `actual` (count first, then the first differing name), else
// Error(Model) naming `what` ("the dataset", "the caller's features").
void check_feature_names(const std::vector<std::string>& model,
                         const std::vector<std::string>& actual, std::string_view what);
// x holds exactly rows x features values, else Error(InvalidInput).
void check_matrix(std::span<const float> x, std::size_t rows, std::size_t features);

}  // namespace podium::learn
