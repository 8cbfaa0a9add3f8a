// gzip for tests that make their own compressed inputs: one member holding `text`, then zeros up to
// `size` bytes (0: the text alone). Deflated in chunks, so a bomb that inflates to hundreds of MB
// is made without holding its content.
//
//   write("bomb.fit.gz", testkit::gzip("", std::uint64_t{250} << 20));
#pragma once

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace testkit {

inline std::string gzip(std::string_view text, std::uint64_t size = 0) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string gz;
  std::vector<unsigned char> out(1 << 16);
  const std::vector<unsigned char> zeros(1 << 20, 0);
  const auto feed = [&](const unsigned char* data, std::size_t n, int flush) {
    z.next_in = const_cast<unsigned char*>(data);
    z.avail_in = static_cast<uInt>(n);
    do {
      z.next_out = out.data();
      z.avail_out = static_cast<uInt>(out.size());
      deflate(&z, flush);
      gz.append(reinterpret_cast<const char*>(out.data()), out.size() - z.avail_out);
    } while (z.avail_out == 0);
  };
  feed(reinterpret_cast<const unsigned char*>(text.data()), text.size(), Z_NO_FLUSH);
  for (std::uint64_t left = size > text.size() ? size - text.size() : 0; left > 0;) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, zeros.size()));
    feed(zeros.data(), n, Z_NO_FLUSH);
    left -= n;
  }
  feed(nullptr, 0, Z_FINISH);
  deflateEnd(&z);
  return gz;
}

}  // namespace testkit
