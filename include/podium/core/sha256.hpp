// SHA-256 (FIPS 180-4) over bytes or a file; used to pin every model file podium loads.
//
//   Sha256 h; h.update(bytes); std::string hex = h.hex_digest();
//   std::string hex = sha256_file("model.bin");   // throws Error(Io/NotFound) naming the file
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace podium {

class Sha256 {
 public:
  Sha256();
  void update(std::span<const std::byte> data);
  // Finishes the hash; the object must not be updated afterwards.
  std::array<std::uint8_t, 32> digest();
  std::string hex_digest();

 private:
  void block(const std::uint8_t* p);
  std::array<std::uint32_t, 8> h_;
  std::array<std::uint8_t, 64> buf_{};
  std::size_t buf_len_ = 0;
  std::uint64_t total_bytes_ = 0;
};

std::string sha256_hex(std::span<const std::byte> data);
std::string sha256_file(const std::string& path);

}  // namespace podium
