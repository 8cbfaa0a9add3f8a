// core/gzip: the inflation cap at its exact boundary (content of exactly the cap passes, whether
// it ends inside a chunk, on a chunk boundary or before empty members; one byte more is one
// located limits error), several members, and the Format errors of corrupt and truncated data.
#include "podium/core/gzip.hpp"
#include "testkit/gzip.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <string>

#include "podium/core/error.hpp"
#include "podium/core/limits.hpp"
#include "testkit/throws_error.hpp"

namespace {

using podium::ErrorKind;
using podium::gunzip;
using podium::testkit::ThrowsError;
using ::testing::HasSubstr;

podium::Error error_of(const std::string& bytes, std::uint64_t max_bytes) {
  try {
    gunzip(bytes, "t.csv.gz", max_bytes);
  } catch (const podium::Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error";
  return podium::Error(ErrorKind::Internal, "none");
}

void expect_cap(const podium::Error& e, std::uint64_t max_bytes, std::size_t compressed) {
  EXPECT_EQ(e.kind(), ErrorKind::InvalidInput) << e.what();
  EXPECT_EQ(e.place().source, "t.csv.gz");
  ASSERT_TRUE(e.place().byte.has_value()) << e.what();
  EXPECT_LE(*e.place().byte, compressed);
  EXPECT_EQ(e.place().field, "inflated bytes");
  EXPECT_EQ(e.place().value, std::to_string(max_bytes + 1));
  EXPECT_THAT(e.what(), HasSubstr("more than podium's limit of " + std::to_string(max_bytes) +
                                  " bytes (docs/limits.md)"));
}

TEST(Gzip, ContentOfExactlyTheCapPassesOneByteMoreFails) {
  // 1000 bytes end inside the first 64 KiB chunk, 65536 on its boundary, 200000 in the fourth.
  for (const std::size_t size : {std::size_t{1000}, std::size_t{65536}, std::size_t{200000}}) {
    const std::string text(size, 'a');
    const std::string z = testkit::gzip(text);
    EXPECT_EQ(gunzip(z, "t.csv.gz", size), text) << size;
    expect_cap(error_of(z, size - 1), size - 1, z.size());
  }
}

TEST(Gzip, MembersCountTogether) {
  const std::string z = testkit::gzip(std::string(600, 'a')) + testkit::gzip(std::string(600, 'b'));
  EXPECT_EQ(gunzip(z, "t.csv.gz", 1200), std::string(600, 'a') + std::string(600, 'b'));
  expect_cap(error_of(z, 1199), 1199, z.size());
  // Empty members after content of exactly the cap add nothing.
  const std::string trailing =
      testkit::gzip(std::string(700, 'c')) + testkit::gzip("") + testkit::gzip("");
  EXPECT_EQ(gunzip(trailing, "t.csv.gz", 700).size(), 700U);
  // The refusal is placed in the member that goes past the cap, not at the start.
  const podium::Error e = error_of(testkit::gzip(std::string(700, 'c')) + testkit::gzip("d"), 700);
  expect_cap(e, 700, 1000);
  EXPECT_GT(*e.place().byte, testkit::gzip(std::string(700, 'c')).size());
}

TEST(Gzip, DefaultCapIsTheInflatedLimit) {
  EXPECT_EQ(podium::limits::kInflatedBytes, std::uint64_t{256} << 20);
  EXPECT_EQ(gunzip(testkit::gzip("abc"), "t.csv.gz"), "abc");
}

TEST(Gzip, CorruptTruncatedAndNotGzipAreFormatErrors) {
  const std::string z = testkit::gzip(std::string(5000, 'x') + "tail");
  EXPECT_THAT([&] { gunzip("plain,text", "t.csv.gz"); },
              ThrowsError(ErrorKind::Format, "t.csv.gz: byte 0: not gzip data (expected 1f 8b)"));
  EXPECT_THAT([&] { gunzip(z.substr(0, z.size() - 6), "t.csv.gz"); },
              ThrowsError(ErrorKind::Format, HasSubstr("truncated gzip data")));
  std::string corrupt = z;
  corrupt[12] = static_cast<char>(corrupt[12] ^ 0x5a);
  EXPECT_THAT([&] { gunzip(corrupt, "t.csv.gz"); },
              ThrowsError(ErrorKind::Format, HasSubstr("t.csv.gz: byte ")));
}

}  // namespace
