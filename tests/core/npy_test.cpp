#include "podium/core/npy.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "podium/core/limits.hpp"
#include "testkit/npy.hpp"
#include "testkit/throws_error.hpp"

namespace podium {
namespace {

using ::testing::HasSubstr;
using testkit::npy_bytes;
using testkit::npy_file;
using testkit::ThrowsError;

TEST(Npy, Float64IsReadInCOrder) {
  const NpyArray a = parse_npy(npy_bytes({2, 3}, {1, 2, 3, 4, 5.5, NAN}), "a.npy");
  EXPECT_EQ(a.shape, (std::vector<std::uint64_t>{2, 3}));
  ASSERT_EQ(a.values.size(), 6u);
  EXPECT_EQ(a.values[4], 5.5);
  EXPECT_TRUE(std::isnan(a.values[5]));
  EXPECT_FALSE(a.float32);
}

TEST(Npy, Float32WidensExactlyInEveryVersion) {
  for (const int major : {1, 2, 3}) {
    const NpyArray a =
        parse_npy(npy_bytes({3}, {0.1, -2, 1e30}, {.descr = "<f4", .major = major}), "a.npy");
    EXPECT_TRUE(a.float32);
    EXPECT_EQ(a.values[0], static_cast<double>(0.1F)) << major;
    EXPECT_EQ(a.values[2], static_cast<double>(1e30F)) << major;
  }
}

TEST(Npy, ScalarsEmptyArraysAndPython2LongsAreRead) {
  EXPECT_EQ(parse_npy(npy_bytes({}, {7}), "a.npy").values, std::vector<double>{7});
  const NpyArray empty = parse_npy(npy_bytes({0, 99}, {}), "a.npy");
  EXPECT_TRUE(empty.values.empty());
  EXPECT_EQ(empty.shape.size(), 2u);
  const std::string py2 = npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (1L, 2L), }",
                                   1, std::string(16, '\0'));
  EXPECT_EQ(parse_npy(py2, "a.npy").shape, (std::vector<std::uint64_t>{1, 2}));
  // Keys in any order, double quotes, no trailing comma.
  const std::string reordered = npy_file(
      "{\"shape\": (2,), \"fortran_order\": False, \"descr\": \"<f8\"}", 1, std::string(16, '\0'));
  EXPECT_EQ(parse_npy(reordered, "a.npy").values.size(), 2u);
}

TEST(Npy, OtherDtypesAreUnsupportedAndSaySo) {
  for (const char* descr : {"<i8", ">f4", "|O", "<f2", "<c16"}) {
    EXPECT_THAT([&] { parse_npy(npy_bytes({1}, {1}, {.descr = descr}), "a.npy"); },
                ThrowsError(ErrorKind::Unsupported,
                            HasSubstr(std::string("a.npy: byte 20: header: 'descr' = '") + descr +
                                      "': only little-endian float32 '<f4' and float64 '<f8'")));
  }
  EXPECT_THAT([&] { parse_npy(npy_bytes({1}, {1}, {.descr = "|O"}), "a.npy"); },
              ThrowsError(ErrorKind::Unsupported, HasSubstr("pickled data is never loaded")));
  EXPECT_THAT(
      [&] {
        parse_npy(npy_bytes({2}, {1, 2}, {.fortran_order = true}), "a.npy");
      },
      ThrowsError(ErrorKind::Unsupported, HasSubstr("only C order is read")));
  const std::string structured =
      npy_file("{'descr': [('x', '<f8')], 'fortran_order': False, 'shape': (1,), }", 1,
               std::string(8, '\0'));
  EXPECT_THAT([&] { parse_npy(structured, "a.npy"); },
              ThrowsError(ErrorKind::Unsupported, HasSubstr("a structured dtype")));
}

// One handcrafted file per corruption class, each refused with its place.
TEST(Npy, EveryCorruptionClassIsOneLocatedError) {
  const std::string good = npy_bytes({2, 2}, {1, 2, 3, 4});
  const auto format = [](const std::string& bytes, const std::string& message) {
    EXPECT_THAT([&] { parse_npy(bytes, "a.npy"); },
                ThrowsError(ErrorKind::Format, HasSubstr(message)))
        << message;
  };
  format("", "a.npy: byte 0: not an NPY file");
  format("PK\x03\x04 a zip", "a.npy: byte 0: not an NPY file");
  format(good.substr(0, 9), "a.npy: byte 9: the NPY header is cut short");
  format(good.substr(0, 40), "a.npy: byte 8: header length 118 runs past the end of the file");
  format(good.substr(0, good.size() - 1), "a.npy: byte 128: 31 bytes of data, expected 4 values");
  format(good + "x", "a.npy: byte 128: 33 bytes of data");
  format(npy_file("{'descr': '<f8', 'shape': (1,), }", 1, std::string(8, '\0')),
         "a.npy: byte 10: header: the dict must hold 'descr', 'fortran_order' and 'shape'");
  format(npy_file("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", 1,
                  std::string(8, '\0')),
         "byte 27: header: 'descr' appears twice");
  format(npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}", 1, ""),
         "header: unknown key 'x'");
  format(npy_file("{'descr': '<f8', 'fortran_order': false, 'shape': (1,)}", 1, ""),
         "'fortran_order' must be True or False");
  format(npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (1, -2)}", 1, ""),
         "expected a dimension");
  format(npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (1 2)}", 1, ""),
         "expected ',' or ')' in 'shape'");
  format(npy_file("{'descr': '<f8, 'fortran_order': False}", 1, ""), "expected ',' or '}'");
  format(npy_file("{'descr': '<f8", 1, ""), "a.npy: byte 20: header: unterminated string");
  format(npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)} x", 1, ""),
         "text after the closing '}'");
  format(npy_file("{'descr': '<\\f8', 'fortran_order': False, 'shape': (1,)}", 1, ""),
         "escapes in strings are not read");
  std::string deep = "{'descr': '<f8', 'fortran_order': False, 'shape': (";
  for (int i = 0; i < 33; ++i)
    deep += "1,";
  format(npy_file(deep + ")}", 1, std::string(8, '\0')), "more than 32 dimensions");
  std::string version = good;
  version[6] = 4;
  EXPECT_THAT([&] { parse_npy(version, "a.npy"); },
              ThrowsError(ErrorKind::Unsupported,
                          "a.npy: byte 6: NPY format version 4.0: only 1.0, 2.0 and 3.0 are read"));
}

TEST(Npy, TheElementLimitIsCheckedBeforeAllocating) {
  const auto header = [](const std::string& dims) {
    return npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }", 1, "");
  };
  const std::string over = std::to_string(limits::kNpyElements / 99 + 1);
  EXPECT_THAT([&] { parse_npy(header(over + ", 99"), "a.npy"); },
              ThrowsError(ErrorKind::InvalidInput,
                          HasSubstr("a.npy: byte 60: values = " +
                                    std::to_string((limits::kNpyElements / 99 + 1) * 99) +
                                    ": more than podium's limit of 33554432 values per array")));
  // Dimensions that overflow 64 bits are refused, not wrapped.
  EXPECT_THAT([&] { parse_npy(header("4294967296, 4294967296"), "a.npy"); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("values per array")));
  EXPECT_THAT([&] { parse_npy(header("99999999999999999999999"), "a.npy"); },
              ThrowsError(ErrorKind::InvalidInput, HasSubstr("values per array")));
  // At the limit, the header passes and the missing data is what is refused.
  EXPECT_THAT([&] { parse_npy(header(std::to_string(limits::kNpyElements)), "a.npy"); },
              ThrowsError(ErrorKind::Format, HasSubstr("0 bytes of data, expected 33554432")));
}

}  // namespace
}  // namespace podium
