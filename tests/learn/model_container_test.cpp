// The saved-model container against one handcrafted corruption per class: wrong magic, truncated
// bytes, a flipped byte (sha256), a corrupt length field behind a valid digest, a card that is not
// JSON or has no kind, trailing bytes, the wrong kind, and the wrong input shape.
#include "podium/learn/model_container.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <span>

#include "podium/core/limits.hpp"
#include "podium/core/sha256.hpp"
#include "testkit/throws_error.hpp"

namespace podium::learn {
namespace {

using podium::testkit::ThrowsError;
using ::testing::HasSubstr;

const std::vector<std::string> kNames = {"age", "form", "points"};

std::string good() {
  return pack_model({{"kind", "toy"}, {"feature_names", kNames}}, std::string("blob\0bytes", 10));
}

// Re-seals a body with a correct digest, so the parser behind the checksum is what is tested.
std::string seal(std::string body) {
  Sha256 h;
  h.update(std::as_bytes(std::span<const char>(body.data(), body.size())));
  const auto digest = h.digest();
  body.append(reinterpret_cast<const char*>(digest.data()), digest.size());
  return body;
}

std::string body_of(const std::string& bytes) {
  return bytes.substr(0, bytes.size() - 32);
}

TEST(ModelContainer, RoundTripsCardAndPayloadBytes) {
  const SavedModel m = unpack_model(good(), "toy");
  EXPECT_EQ(m.card["kind"], "toy");
  EXPECT_EQ(m.payload, std::string("blob\0bytes", 10));
  EXPECT_EQ(feature_names_from_card(m.card), kNames);
  EXPECT_EQ(good().substr(0, 8), "PODRANK1");
}

TEST(ModelContainer, RejectsWrongMagicAndTruncation) {
  EXPECT_THAT([] { unpack_model("", "toy"); }, ThrowsError(ErrorKind::Format, HasSubstr("magic")));
  std::string other = good();
  other[3] = 'X';
  EXPECT_THAT([&] { unpack_model(other, "toy"); },
              ThrowsError(ErrorKind::Format, HasSubstr("magic")));
  EXPECT_THAT([] { unpack_model("PODRANK1", "toy"); },
              ThrowsError(ErrorKind::Format, HasSubstr("truncated container")));
  const std::string bytes = good();
  for (const std::size_t cut : {bytes.size() - 1, bytes.size() - 33, std::size_t{60}}) {
    EXPECT_THAT([&] { unpack_model(bytes.substr(0, cut), "toy"); },
                ThrowsError(ErrorKind::Format, HasSubstr("sha256 mismatch")));
  }
}

TEST(ModelContainer, RejectsAnyFlippedByteThroughTheDigest) {
  const std::string bytes = good();
  for (std::size_t i = 8; i < bytes.size(); i += 7) {
    std::string flipped = bytes;
    flipped[i] ^= 0x20;
    EXPECT_THAT([&] { unpack_model(flipped, "toy"); },
                ThrowsError(ErrorKind::Format, HasSubstr("sha256 mismatch")));
  }
}

TEST(ModelContainer, RejectsCorruptFieldsBehindAValidDigest) {
  const std::string body = body_of(good());
  std::string huge = body;
  huge[8 + 7] = 0x7F;  // card length's top byte
  EXPECT_THAT([&] { unpack_model(seal(huge), "toy"); },
              ThrowsError(ErrorKind::Format, HasSubstr("card length")));
  std::string long_payload = body;
  const std::size_t payload_len_at = 8 + 8 + (body.size() - 8 - 8 - 8 - 10);
  long_payload[payload_len_at] = 11;
  EXPECT_THAT([&] { unpack_model(seal(long_payload), "toy"); },
              ThrowsError(ErrorKind::Format, HasSubstr("payload of 11 bytes, only 10 left")));
  EXPECT_THAT([&] { unpack_model(seal(body + "x"), "toy"); },
              ThrowsError(ErrorKind::Format, HasSubstr("trailing")));
  EXPECT_THAT(
      [] {
        unpack_model(pack_model(nlohmann::json::array({1, 2}), "p"), "toy");
      },
      ThrowsError(ErrorKind::Format, "model card: expected an object, got array"));
  std::string not_json = body;
  not_json[8 + 8] = '[';  // the card's opening brace
  EXPECT_THAT([&] { unpack_model(seal(not_json), "toy"); },
              ThrowsError(ErrorKind::Format,
                          HasSubstr("model card: byte 17 (line 1, column 17): not valid JSON: ")));
}

TEST(ModelContainer, RejectsAnotherKind) {
  EXPECT_THAT([] { unpack_model(good(), "other"); },
              ThrowsError(ErrorKind::Model, HasSubstr("hold a 'toy' model, expected 'other'")));
}

TEST(ModelContainer, ShapeChecksNameTheMismatch) {
  const std::vector<std::string> names = feature_names_from_card(unpack_model(good(), "toy").card);
  EXPECT_NO_THROW(check_feature_names(names, kNames, "the dataset"));
  EXPECT_THAT(
      [&] {
        check_feature_names(names, {"age", "form"}, "the dataset");
      },
      ThrowsError(ErrorKind::Model, HasSubstr("model has 3 features, the dataset has 2")));
  EXPECT_THAT(
      [&] {
        check_feature_names(names, {"age", "rest", "points"}, "the dataset");
      },
      ThrowsError(ErrorKind::Model,
                  HasSubstr("feature 1 is 'form' in the model but 'rest' in the dataset")));
  EXPECT_THAT(
      [] {
        feature_names_from_card({{"kind", "toy"}});
      },
      ThrowsError(ErrorKind::Format, "model card: missing \"feature_names\""));
  EXPECT_THAT(
      [] {
        feature_names_from_card({{"feature_names", {"a", 3}}});
      },
      ThrowsError(ErrorKind::Format,
                  "model card: feature_names[1]: expected a string, got number"));
  // A card's list holds at most limits::kStoredJsonItems names.
  nlohmann::json card = {
      {"feature_names", std::vector<std::string>(limits::kStoredJsonItems, "f")}};
  EXPECT_EQ(feature_names_from_card(card).size(), limits::kStoredJsonItems);
  card["feature_names"].push_back("f");
  EXPECT_THAT([&] { feature_names_from_card(card); },
              ThrowsError(ErrorKind::Format,
                          "model card: feature_names: 1048577 entries, at most 1048576 supported"));
  const std::array<float, 6> x{};
  EXPECT_NO_THROW(check_matrix(x, 2, 3));
  EXPECT_THAT(
      [&] { check_matrix(x, 2, 4); },
      ThrowsError(ErrorKind::InvalidInput, HasSubstr("6 values, expected rows 2 x features 4")));
}

}  // namespace
}  // namespace podium::learn
