#include "fit_decode.hpp"

#include <array>
#include <cstdio>

#include "fit_stream.hpp"
#include "podium/core/error.hpp"
#include "podium/core/limits.hpp"

namespace podium::sensor {

void FitIssues::report(std::size_t offset, const std::string& what) const {
  if (strict) fatal(offset, what);
  if (warnings == nullptr) return;
  if (warnings->size() < limits::kActivityWarnings)
    warnings->push_back(ReadWarning{Place{.byte = offset}, what});
  else
    ++unlisted;
}

void FitIssues::fatal(std::size_t offset, const std::string& what) const {
  throw Error(ErrorKind::Format, at(offset), what);
}

namespace {

constexpr std::size_t kHeaderSizeShort = 12;
constexpr std::size_t kHeaderSizeWithCrc = 14;
constexpr std::size_t kCrcSize = 2;
constexpr std::size_t kLocalTypes = 16;
constexpr std::uint8_t kHeaderCompressed = 0x80;
constexpr std::uint8_t kHeaderDefinition = 0x40;
constexpr std::uint8_t kHeaderDeveloperData = 0x20;
constexpr std::uint8_t kFieldTimestamp = 253;
constexpr std::uint32_t kTimeOffsetMask = 0x1F;

std::string hex16(std::uint16_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04X", static_cast<unsigned>(v));
  return buf;
}

std::string got_bytes(std::size_t expected, std::size_t got) {
  return "(expected " + std::to_string(expected) + " bytes, got " + std::to_string(got) + ")";
}

// Decodes one FIT file after another; holds the state that lives for one file.
class Decoder {
 public:
  Decoder(std::string_view bytes, const FitIssues& issues, FitSink& sink)
      : b_(reinterpret_cast<const std::uint8_t*>(bytes.data())),
        size_(bytes.size()),
        issues_(issues),
        sink_(sink) {}

  void run() {
    std::size_t pos = 0;
    bool first = true;
    while (pos < size_) {
      std::size_t next = decode_file(pos, first);
      if (next == kStop) return;
      pos = next;
      first = false;
    }
  }

 private:
  static constexpr std::size_t kStop = static_cast<std::size_t>(-1);

  // A header that is not one: fatal for the first file, a skipped tail for a chained one.
  std::size_t bad_header(std::size_t start, bool first, const std::string& what) {
    if (first) issues_.fatal(start, what);
    issues_.report(start, "corrupt chained FIT header: " + what);
    return kStop;
  }

  std::size_t decode_file(std::size_t start, bool first) {
    std::size_t remaining = size_ - start;
    const std::uint8_t* h = b_ + start;
    std::size_t header_size = h[0];
    if (header_size != kHeaderSizeShort && header_size != kHeaderSizeWithCrc)
      return bad_header(start, first,
                        "not a FIT header (expected header size 12 or 14, got " +
                            std::to_string(header_size) + ")");
    if (remaining < header_size)
      return bad_header(start, first, "truncated FIT header " + got_bytes(header_size, remaining));
    if (h[8] != '.' || h[9] != 'F' || h[10] != 'I' || h[11] != 'T')
      return bad_header(start, first, "not a FIT header (expected \".FIT\" at bytes 8..11)");
    if (header_size == kHeaderSizeWithCrc) {
      std::uint16_t stored = fit_u16(h + 12, true);
      std::uint16_t computed = fit_crc16(0, h, 12);
      if (stored != 0 && stored != computed)
        issues_.report(start + 12, "header CRC mismatch (expected " + hex16(computed) + ", got " +
                                       hex16(stored) + ")");
    }
    std::uint64_t data_size = fit_u32(h + 4, true);
    std::size_t data_begin = start + header_size;
    std::size_t data_end = 0;
    bool truncated = data_size > size_ - data_begin;
    if (truncated) {
      issues_.report(start + 4, "data_size runs past the end of the file " +
                                    got_bytes(data_size, size_ - data_begin));
      data_end = size_;
    } else {
      data_end = data_begin + static_cast<std::size_t>(data_size);
    }
    defined_.fill(false);
    has_time_ = false;
    std::size_t pos = data_begin;
    while (pos < data_end) {
      pos = decode_record(pos, data_end);
      // What follows in this file cannot be trusted; a chained file after it still can.
      if (pos == kStop) return truncated ? kStop : data_end + kCrcSize;
    }
    if (truncated) return kStop;
    if (size_ - data_end < kCrcSize) {
      issues_.report(data_end, "file CRC missing " + got_bytes(kCrcSize, size_ - data_end));
      return kStop;
    }
    std::uint16_t stored = fit_u16(b_ + data_end, true);
    std::uint16_t computed = fit_crc16(0, h, data_end - start);
    if (stored != computed)
      issues_.report(data_end, "file CRC mismatch (expected " + hex16(computed) + ", got " +
                                   hex16(stored) + ")");
    return data_end + kCrcSize;
  }

  std::size_t decode_record(std::size_t pos, std::size_t end) {
    std::uint8_t header = b_[pos];
    if ((header & kHeaderCompressed) != 0) {
      std::size_t local = (header >> 5) & 0x3;
      std::uint32_t offset = header & kTimeOffsetMask;
      if (!has_time_) {
        issues_.report(pos, "compressed timestamp without a previous full timestamp");
        return decode_data(pos, end, local, false, 0);
      }
      std::uint32_t t = (last_time_ & ~kTimeOffsetMask) + offset;
      if (offset < (last_time_ & kTimeOffsetMask)) t += kTimeOffsetMask + 1;
      last_time_ = t;
      return decode_data(pos, end, local, true, t);
    }
    if ((header & kHeaderDefinition) != 0) return decode_definition(pos, end);
    return decode_data(pos, end, header & 0x0F, false, 0);
  }

  std::size_t decode_definition(std::size_t pos, std::size_t end) {
    constexpr std::size_t kFixed = 6;  // header, reserved, architecture, global (2), field count
    if (end - pos < kFixed) {
      issues_.report(pos, "truncated definition message " + got_bytes(kFixed, end - pos));
      return kStop;
    }
    const std::uint8_t* d = b_ + pos;
    std::size_t local = d[0] & 0x0F;
    if (d[2] > 1) {
      issues_.report(pos + 2, "definition with unknown architecture (expected 0 or 1, got " +
                                  std::to_string(d[2]) + ")");
      return kStop;
    }
    FitDefinition& def = defs_[local];
    def.little_endian = d[2] == 0;
    def.global = fit_u16(d + 3, def.little_endian);
    std::size_t count = d[5];
    std::size_t length = kFixed + 3 * count;
    bool developer = (d[0] & kHeaderDeveloperData) != 0;
    if (developer) length += 1;
    if (end - pos < length) {
      issues_.report(pos, "truncated definition message " + got_bytes(length, end - pos));
      return kStop;
    }
    std::size_t developer_count = developer ? d[kFixed + 3 * count] : 0;
    length += 3 * developer_count;
    if (end - pos < length) {
      issues_.report(pos, "truncated definition message " + got_bytes(length, end - pos));
      return kStop;
    }
    def.fields.clear();
    def.developer_fields.clear();
    timestamp_at_[local] = -1;
    std::uint32_t offset = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const std::uint8_t* f = d + kFixed + 3 * i;
      FitFieldDef field{f[0], f[1], static_cast<std::uint8_t>(f[2] & kFitBaseTypeMask), false,
                        offset};
      const FitBaseType* type = fit_base_type(field.base_type);
      std::string where =
          "field " + std::to_string(field.number) + " of message " + std::to_string(def.global);
      if (type == nullptr) {
        issues_.report(pos + kFixed + 3 * i + 2, "unknown base type " + std::to_string(f[2]) +
                                                     " for " + where + " (expected 0..16)");
      } else if (field.size % type->size != 0) {
        if (!misfit_reported_)
          issues_.report(pos + kFixed + 3 * i + 1, where + ": size " + std::to_string(field.size) +
                                                       " is not a multiple of its base type " +
                                                       type->name + " (" +
                                                       std::to_string(type->size) + " bytes)");
        misfit_reported_ = true;
      } else {
        field.usable = field.size > 0;
      }
      if (field.usable && field.number == kFieldTimestamp && field.size == 4)
        timestamp_at_[local] = static_cast<int>(offset);
      def.fields.push_back(field);
      offset += field.size;
    }
    for (std::size_t i = 0; i < developer_count; ++i) {
      const std::uint8_t* f = d + kFixed + 3 * count + 1 + 3 * i;
      def.developer_fields.push_back(FitDeveloperFieldDef{f[0], f[1], f[2], offset});
      offset += f[1];
    }
    def.size = offset;
    defined_[local] = true;
    return pos + length;
  }

  std::size_t decode_data(std::size_t pos, std::size_t end, std::size_t local, bool has_header_time,
                          std::uint32_t header_time) {
    if (!defined_[local]) {
      issues_.report(pos, "data message for undefined local message type " + std::to_string(local));
      return kStop;
    }
    const FitDefinition& def = defs_[local];
    if (end - pos - 1 < def.size) {
      issues_.report(pos, "truncated data message for message " + std::to_string(def.global) + " " +
                              got_bytes(def.size + 1, end - pos));
      return kStop;
    }
    const std::uint8_t* data = b_ + pos + 1;
    if (!has_header_time && timestamp_at_[local] >= 0) {
      std::uint32_t t = fit_u32(data + timestamp_at_[local], def.little_endian);
      if (t != 0xFFFFFFFF) {
        last_time_ = t;
        has_time_ = true;
      }
    }
    sink_.on_message(FitMessage{&def, data, pos, has_header_time, header_time});
    return pos + 1 + def.size;
  }

  const std::uint8_t* b_;
  std::size_t size_;
  const FitIssues& issues_;
  FitSink& sink_;
  std::array<FitDefinition, kLocalTypes> defs_{};
  std::array<bool, kLocalTypes> defined_{};
  std::array<int, kLocalTypes> timestamp_at_{};
  bool has_time_ = false;
  std::uint32_t last_time_ = 0;
  bool misfit_reported_ = false;
};

}  // namespace

void decode_fit(std::string_view bytes, const FitIssues& issues, FitSink& sink) {
  if (bytes.empty()) issues.fatal(0, "empty file");
  Decoder(bytes, issues, sink).run();
}

}  // namespace podium::sensor
