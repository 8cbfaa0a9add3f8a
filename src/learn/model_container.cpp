#include "podium/learn/model_container.hpp"

#include <array>
#include <cstdint>
#include <cstring>
#include <span>

#include "podium/core/error.hpp"
#include "podium/core/json.hpp"
#include "podium/core/limits.hpp"
#include "podium/core/sha256.hpp"

namespace podium::learn {
namespace {

constexpr std::string_view kMagic = "PODRANK1";
constexpr std::size_t kDigestBytes = 32;
// Errors in the card's JSON name it so; its place in the container is fixed (after the magic and
// the length).
constexpr const char* kCardSource = "model card";

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i)
    out.push_back(static_cast<char>((v >> (8 * i)) & 0xFFU));
}

std::array<std::uint8_t, kDigestBytes> digest_of(std::string_view bytes) {
  Sha256 h;
  h.update(std::as_bytes(std::span<const char>(bytes.data(), bytes.size())));
  return h.digest();
}

[[noreturn]] void fail(std::size_t offset, const std::string& what) {
  throw Error(ErrorKind::Format, "saved model bytes: byte " + std::to_string(offset) + ": " + what);
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  std::size_t offset() const { return pos_; }
  std::size_t left() const { return bytes_.size() - pos_; }
  std::uint64_t u64(const char* field) {
    if (left() < 8) fail(pos_, std::string("truncated ") + field + " (8 bytes expected)");
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) {
      v |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes_[pos_ + i])) << (8 * i);
    }
    pos_ += 8;
    return v;
  }
  std::string_view take(std::uint64_t n, const char* field) {
    if (n > left()) {
      fail(pos_, std::string(field) + " of " + std::to_string(n) + " bytes, only " +
                     std::to_string(left()) + " left");
    }
    const std::string_view s = bytes_.substr(pos_, n);
    pos_ += n;
    return s;
  }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string pack_model(const nlohmann::json& card, std::string_view payload) {
  const std::string card_text = card.dump();
  std::string out(kMagic);
  put_u64(out, card_text.size());
  out += card_text;
  put_u64(out, payload.size());
  out += payload;
  const auto digest = digest_of(out);
  out.append(reinterpret_cast<const char*>(digest.data()), digest.size());
  return out;
}

SavedModel unpack_model(std::string_view bytes, std::string_view expected_kind) {
  if (bytes.size() < kMagic.size() || bytes.substr(0, kMagic.size()) != kMagic) {
    fail(0, "not a podium model (magic \"PODRANK1\" expected)");
  }
  if (bytes.size() < kMagic.size() + 16 + kDigestBytes) fail(bytes.size(), "truncated container");
  const std::string_view body = bytes.substr(0, bytes.size() - kDigestBytes);
  const auto digest = digest_of(body);
  if (std::memcmp(digest.data(), bytes.data() + body.size(), kDigestBytes) != 0) {
    fail(body.size(), "sha256 mismatch: the bytes are truncated or altered");
  }
  Reader r(body);
  r.take(kMagic.size(), "magic");
  const std::uint64_t card_len = r.u64("card length");
  if (card_len > limits::kStoredJsonBytes)
    fail(r.offset() - 8, "card length " + std::to_string(card_len) + " exceeds " +
                             std::to_string(limits::kStoredJsonBytes));
  const std::string_view card_text = r.take(card_len, "card");
  SavedModel out;
  out.card = json::parse(card_text, kCardSource, limits::kStoredJsonBytes);
  const json::Where kind_at = json::Where(kCardSource).key("kind");
  const std::string kind = json::string_value(json::member(out.card, kind_at), kind_at);
  if (kind != expected_kind) {
    throw Error(ErrorKind::Model, "saved model bytes hold a '" + kind + "' model, expected '" +
                                      std::string(expected_kind) + "'");
  }
  const std::uint64_t payload_len = r.u64("payload length");
  out.payload = std::string(r.take(payload_len, "payload"));
  if (r.left() != 0) fail(r.offset(), std::to_string(r.left()) + " trailing bytes before digest");
  return out;
}

std::vector<std::string> feature_names_from_card(const nlohmann::json& card) {
  return strings_from_card(card, "feature_names");
}

std::vector<std::string> strings_from_card(const nlohmann::json& card, const std::string& key) {
  const json::Where at = json::Where(kCardSource).key(key);
  const nlohmann::json& list = json::array_member(card, at, limits::kStoredJsonItems);
  std::vector<std::string> names;
  names.reserve(list.size());
  for (std::size_t f = 0; f < list.size(); ++f)
    names.push_back(json::string_value(list[f], at.index(f)));
  return names;
}

void check_feature_names(const std::vector<std::string>& model,
                         const std::vector<std::string>& actual, std::string_view what) {
  const std::string where(what);
  if (model.size() != actual.size()) {
    throw Error(ErrorKind::Model, "model has " + std::to_string(model.size()) + " features, " +
                                      where + " has " + std::to_string(actual.size()));
  }
  for (std::size_t f = 0; f < model.size(); ++f) {
    if (model[f] != actual[f]) {
      throw Error(ErrorKind::Model, "feature " + std::to_string(f) + " is '" + model[f] +
                                        "' in the model but '" + actual[f] + "' in " + where);
    }
  }
}

void check_matrix(std::span<const float> x, std::size_t rows, std::size_t features) {
  if (x.size() != rows * features) {
    throw Error(ErrorKind::InvalidInput, "feature matrix has " + std::to_string(x.size()) +
                                             " values, expected rows " + std::to_string(rows) +
                                             " x features " + std::to_string(features));
  }
}

}  // namespace podium::learn
