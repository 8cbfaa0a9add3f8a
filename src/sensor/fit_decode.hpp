// FIT record layer (internal to the FIT reader): file headers, chained files, definition and data
// messages, compressed-timestamp headers and CRCs -> a stream of messages handed to a sink.
//
// Contract: `decode_fit` walks every FIT file in `bytes` (a FIT file may be followed directly by
// another, "chained"), checks the 12/14-byte header (".FIT", header CRC when 14 bytes and non-zero,
// data_size) and the file CRC, and calls `sink.on_message` for each data message in file order
// with its definition (either byte order, developer fields included) and raw field bytes. A
// compressed-timestamp header's time (5-bit offset rolled against the last full timestamp, field
// 253, of any message) is given as `header_time`. Problems go to `issues`: lenient mode records a
// ReadWarning at the byte and skips the part (a bad CRC is only noted; a truncated or undefined
// message ends that file); strict mode throws Error(Format) at Place{.source = NAME, .byte = N}:
// "NAME: byte N: what (expected X, got Y)". Input that is not FIT at all (no header at byte 0)
// throws in both modes. Counts come from one-byte fields (at most 255 fields per definition) and
// every read is bounds-checked, so nothing is allocated from unchecked sizes.
//
//   FitIssues issues{"ride.fit", /*strict=*/false, &activity.warnings};
//   decode_fit(bytes, issues, sink);
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "podium/sensor/activity.hpp"

namespace podium::sensor {

// Where decode problems go: thrown (strict) or appended to `warnings` (lenient), at most
// limits::kActivityWarnings of them; the rest are counted in `unlisted`.
struct FitIssues {
  std::string name;
  bool strict = false;
  std::vector<ReadWarning>* warnings = nullptr;
  mutable std::uint64_t unlisted = 0;

  // Throws in strict mode; returns normally (after recording the warning) in lenient mode.
  void report(std::size_t offset, const std::string& what) const;
  // Throws in both modes: nothing usable.
  [[noreturn]] void fatal(std::size_t offset, const std::string& what) const;
  // The place of a byte of the input, for errors thrown in both modes (limits).
  Place at(std::size_t offset) const { return Place{.source = name, .byte = offset}; }
};

struct FitFieldDef {
  std::uint8_t number = 0;
  std::uint8_t size = 0;
  std::uint8_t base_type = 0;  // low 5 bits of the definition byte
  bool usable = false;         // known base type and size a multiple of its element size
  std::uint32_t offset = 0;    // within the message's data
};

struct FitDeveloperFieldDef {
  std::uint8_t number = 0;
  std::uint8_t size = 0;
  std::uint8_t developer_data_index = 0;
  std::uint32_t offset = 0;
};

struct FitDefinition {
  std::uint16_t global = 0;
  bool little_endian = true;
  std::vector<FitFieldDef> fields;
  std::vector<FitDeveloperFieldDef> developer_fields;
  std::size_t size = 0;  // bytes of one data message after its header
};

struct FitMessage {
  const FitDefinition* definition = nullptr;
  const std::uint8_t* data = nullptr;  // definition->size bytes
  std::size_t offset = 0;              // byte offset of the message header in the input
  bool has_header_time = false;
  std::uint32_t header_time = 0;  // FIT seconds, from a compressed-timestamp header
};

class FitSink {
 public:
  virtual ~FitSink() = default;
  virtual void on_message(const FitMessage& message) = 0;
};

void decode_fit(std::string_view bytes, const FitIssues& issues, FitSink& sink);

}  // namespace podium::sensor
