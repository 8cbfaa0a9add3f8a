#include "podium/core/sha256.hpp"

#include <gtest/gtest.h>

#include <string>

namespace podium {
namespace {

std::string hex(std::string_view s) {
  return sha256_hex(std::as_bytes(std::span(s.data(), s.size())));
}

TEST(Sha256, Fips180Vectors) {
  EXPECT_EQ(hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, IncrementalUpdatesMatchOneShotAcrossBlockBoundaries) {
  std::string data;
  for (int i = 0; i < 1000; ++i)
    data += static_cast<char>(i * 7 + 3);
  const std::string whole = hex(data);
  for (std::size_t split : {1u, 55u, 56u, 63u, 64u, 65u, 127u, 999u}) {
    Sha256 h;
    h.update(std::as_bytes(std::span(data.data(), split)));
    h.update(std::as_bytes(std::span(data.data() + split, data.size() - split)));
    EXPECT_EQ(h.hex_digest(), whole) << "split at " << split;
  }
}

TEST(Sha256, MillionAs) {
  const std::string a(1000000, 'a');
  EXPECT_EQ(hex(a), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

}  // namespace
}  // namespace podium
