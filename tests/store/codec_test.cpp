#include "store/codec.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <vector>

#include "podium/core/error.hpp"
#include "testkit/throws_error.hpp"

namespace podium::store {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Each decoded value within scale / 2 of the original (plus rounding), NaN exactly where NaN.
void expect_round_trip(const std::vector<double>& values, double scale) {
  const EncodedChannel e = encode_channel(values, scale);
  const std::vector<double> back = decode_channel(e.blob, "test");
  ASSERT_EQ(back.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) {
      EXPECT_TRUE(std::isnan(back[i])) << "index " << i;
    } else {
      EXPECT_NEAR(back[i], values[i], scale * 0.5 * (1 + 1e-9) + std::fabs(values[i]) * 1e-15)
          << "index " << i;
    }
  }
  const ChannelHeader h = read_channel_header(e.blob, "test");
  EXPECT_EQ(h.n, values.size());
  EXPECT_EQ(h.scale, scale);
  EXPECT_EQ(h.encoding, e.encoding);
}

// A ride-like series: a random walk with dropouts (NaN), seeded.
std::vector<double> random_walk(std::size_t n, double step, double nan_fraction, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> walk(0.0, step);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> v(n);
  double x = 200.0;
  for (double& y : v) {
    x += walk(rng);
    y = u(rng) < nan_fraction ? kNaN : x;
  }
  return v;
}

TEST(ChannelCodec, EmptyRoundTrips) {
  const EncodedChannel e = encode_channel({}, 1.0);
  EXPECT_EQ(e.encoding, "delta-varint");
  EXPECT_TRUE(decode_channel(e.blob, "empty").empty());
}

TEST(ChannelCodec, SeededRandomRoundTripWithinScale) {
  // Awkward sizes, the store's usual scales and NaN dropouts.
  const std::vector<std::size_t> sizes = {1, 2, 13, 127, 1000, 36000};
  const std::vector<double> scales = {1.0, 0.01, 0.001, 1e-7, 0.5};
  unsigned seed = 7;
  for (std::size_t n : sizes) {
    for (double scale : scales) {
      SCOPED_TRACE("n=" + std::to_string(n) + " scale=" + std::to_string(scale));
      expect_round_trip(random_walk(n, 3.0, 0.05, seed++), scale);
    }
  }
}

TEST(ChannelCodec, QuantisedIntegersAreExact) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> watts(0, 2000);
  std::vector<double> power(10000);
  for (double& p : power)
    p = watts(rng);
  power[17] = kNaN;
  const std::vector<double> back = decode_channel(encode_channel(power, 1.0).blob, "power");
  for (std::size_t i = 0; i < power.size(); ++i) {
    if (i == 17) {
      EXPECT_TRUE(std::isnan(back[i]));
    } else {
      EXPECT_EQ(back[i], power[i]) << i;
    }
  }
}

TEST(ChannelCodec, SmoothSeriesCompressWithZlib) {
  std::vector<double> distance(10000);
  for (std::size_t i = 0; i < distance.size(); ++i)
    distance[i] = 8.5 * static_cast<double>(i);
  const EncodedChannel e = encode_channel(distance, 0.01);
  EXPECT_EQ(e.encoding, "delta-varint+zlib");
  EXPECT_LT(e.blob.size(), distance.size() / 10);  // constant deltas: far under 1 byte/sample
  expect_round_trip(distance, 0.01);
}

TEST(ChannelCodec, AllNanAndLeadingNan) {
  expect_round_trip(std::vector<double>(500, kNaN), 1.0);
  expect_round_trip({kNaN, kNaN, 5.0, kNaN, -5.0, 0.0}, 1.0);
}

TEST(ChannelCodec, UnquantisableValuesFallBackToExactFloat64) {
  const std::vector<double> values = {1.0, kInf, -kInf, kNaN, 1e300, -2.5, 5e-324};
  const EncodedChannel e = encode_channel(values, 0.001);
  EXPECT_EQ(e.encoding.substr(0, 3), "f64");
  const std::vector<double> back = decode_channel(e.blob, "huge");
  ASSERT_EQ(back.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) {
      EXPECT_TRUE(std::isnan(back[i]));
    } else {
      EXPECT_EQ(back[i], values[i]);  // bit-exact, not merely within the scale
    }
  }
  // 2^53 quanta is the last quantisable value; one past it falls back.
  EXPECT_EQ(encode_channel(std::vector<double>{9007199254740992.0}, 1.0).encoding, "delta-varint");
  EXPECT_EQ(
      encode_channel(std::vector<double>{-9007199254740992.0, 9007199254740992.0}, 1.0).encoding,
      "delta-varint");
  EXPECT_EQ(encode_channel(std::vector<double>{1.9e16}, 1.0).encoding, "f64");
}

TEST(ChannelCodec, ExtremeDeltasRoundTrip) {
  const double m = 9007199254740992.0;  // 2^53
  expect_round_trip({-m, m, -m, 0.0, m}, 1.0);
}

TEST(ChannelCodec, BadScaleIsInvalidInput) {
  for (double scale : {0.0, -1.0, kNaN, kInf}) {
    try {
      encode_channel(std::vector<double>{1.0}, scale);
      FAIL() << "scale " << scale << " accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
    }
  }
}

// One handcrafted blob per corruption class; each must be a located Format error.
TEST(ChannelCodec, CorruptionClassesAreLocatedFormatErrors) {
  // Too short for zlib to pay off: stored as is, one byte per token.
  const std::vector<double> values = {0.0, 1.0, kNaN, 2.0, 1.0, 0.0};
  const std::vector<std::uint8_t> stored = encode_channel(values, 1.0).blob;
  ASSERT_EQ(stored.size(), 13u + 1 + values.size());
  std::vector<double> smooth(5000);
  for (std::size_t i = 0; i < smooth.size(); ++i)
    smooth[i] = static_cast<double>(i);
  const std::vector<std::uint8_t> zlib = encode_channel(smooth, 1.0).blob;
  ASSERT_EQ(zlib[4], 1);  // compressed
  const std::vector<double> raw_values = {kInf, 1.0, 2.0};
  const std::vector<std::uint8_t> raw = encode_channel(raw_values, 1.0).blob;

  struct Case {
    const char* name;
    std::vector<std::uint8_t> blob;
    const char* expect;  // part of the message
  };
  std::vector<Case> cases;
  auto with = [](std::vector<std::uint8_t> b, std::size_t i, std::uint8_t v) {
    b[i] = v;
    return b;
  };
  auto cut = [](std::vector<std::uint8_t> b, std::size_t n) {
    b.resize(n);
    return b;
  };
  cases.push_back({"empty", {}, "byte 0: channel blob: truncated"});
  cases.push_back({"bad magic", with(stored, 0, 'X'), "byte 0: channel blob: bad magic"});
  cases.push_back({"future version", with(stored, 2, 2), "byte 2: channel blob: bad magic"});
  cases.push_back({"unknown coding", with(stored, 3, 9), "byte 3: channel blob: unknown coding"});
  cases.push_back({"unknown compression", with(stored, 4, 7), "byte 4"});
  cases.push_back({"zero scale",
                   [&] {
                     auto b = stored;
                     std::fill(b.begin() + 5, b.begin() + 13, 0);
                     return b;
                   }(),
                   "byte 5: channel blob: scale"});
  cases.push_back({"truncated header", cut(stored, 9), "truncated scale"});
  cases.push_back({"huge count",
                   [&] {
                     auto b = cut(stored, 13);
                     for (int i = 0; i < 9; ++i)
                       b.push_back(0xFF);
                     b.push_back(0x01);
                     return b;
                   }(),
                   "byte 13: channel blob: count"});
  cases.push_back({"overlong varint",
                   [&] {
                     auto b = cut(stored, 13);
                     for (int i = 0; i < 10; ++i)
                       b.push_back(0xFF);
                     return b;
                   }(),
                   "exceeds 64 bits"});
  cases.push_back({"truncated payload", cut(stored, stored.size() - 1), "does not fit"});
  cases.push_back({"trailing byte",
                   [&] {
                     auto b = stored;
                     b.push_back(0);
                     return b;
                   }(),
                   "bytes after the last value"});
  cases.push_back({"truncated zlib", cut(zlib, zlib.size() - 3), "zlib"});
  cases.push_back({"corrupt zlib", with(zlib, 20, zlib[20] ^ 0xFF), "zlib"});
  cases.push_back({"zlib trailing",
                   [&] {
                     auto b = zlib;
                     b.push_back(0);
                     return b;
                   }(),
                   "bytes after the zlib stream"});
  cases.push_back({"f64 short", cut(raw, raw.size() - 1), "does not fit"});
  // Delta past 2^53 quanta: count 1, token = zigzag(2^54) + 1.
  cases.push_back({"value out of range",
                   [&] {
                     auto b = cut(stored, 13);
                     b.push_back(1);  // n = 1
                     std::uint64_t token = (std::uint64_t{1} << 55) + 1;
                     while (token >= 0x80) {
                       b.push_back(static_cast<std::uint8_t>(token | 0x80));
                       token >>= 7;
                     }
                     b.push_back(static_cast<std::uint8_t>(token));
                     return b;
                   }(),
                   "value out of range"});
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    try {
      decode_channel(c.blob, "db.sqlite: activity 1 channel \"power\"");
      ADD_FAILURE() << "decoded";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::Format);
      const std::string msg = e.what();
      EXPECT_EQ(msg.rfind("db.sqlite: activity 1 channel \"power\"", 0), 0u) << msg;
      EXPECT_NE(msg.find(c.expect), std::string::npos) << msg;
    }
  }
}

TEST(ChannelCodec, ACorruptBlobIsPlacedAtItsByte) {
  std::vector<std::uint8_t> blob = encode_channel(std::vector<double>{1, 2, 3}, 1.0).blob;
  blob[3] = 9;  // the coding byte
  try {
    decode_channel(blob, "db.sqlite: activity 1 channel \"power\"");
    FAIL() << "decoded";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Format);
    EXPECT_EQ(e.place().source, "db.sqlite: activity 1 channel \"power\"");
    EXPECT_EQ(e.place().byte, 3u);
    EXPECT_EQ(e.problem(), "channel blob: unknown coding 9");
  }
  EXPECT_THAT([] { encode_channel(std::vector<double>{1}, 0.0); },
              testkit::ThrowsError(ErrorKind::InvalidInput, "scale = 0: must be finite and > 0"));
}

// The fuzz seeds decode or fail cleanly (kept crashes: ctest fuzz.channel_codec.*).
TEST(ChannelCodec, FuzzCorpusDecodesOrFailsCleanly) {
  const std::filesystem::path dir = std::filesystem::path(PODIUM_SOURCE_DIR) / "fuzz";
  std::size_t files = 0;
  for (const char* sub : {"corpus/channel_codec"}) {
    if (!std::filesystem::is_directory(dir / sub)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(dir / sub)) {
      const std::string name = entry.path().filename().string();
      std::ifstream in(entry.path(), std::ios::binary);
      const std::vector<std::uint8_t> blob((std::istreambuf_iterator<char>(in)),
                                           std::istreambuf_iterator<char>());
      ++files;
      try {
        decode_channel(blob, name);
      } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Format) << name;
      }
    }
  }
  EXPECT_GE(files, 5u) << "seed corpus fuzz/corpus/channel_codec/ is missing";
}

}  // namespace
}  // namespace podium::store
