// gzip (RFC 1952) inflation for readers of compressed outside data (.fit.gz activities,
// .csv.gz results).
//
// Contract: `gunzip` inflates every member of `bytes` (members back to back are concatenated) and
// refuses to produce more than `max_bytes` (limits::kInflatedBytes by default): content of
// exactly `max_bytes` passes, one byte more is limits::exceeded ("NAME: byte N: inflated bytes =
// max_bytes + 1: more than podium's limit ...", N the offset in the compressed input where
// inflation stopped), so a gzip bomb is one located error, not an out-of-memory. Corrupt,
// truncated or non-gzip input is Error(Format, "NAME: byte N: what"). With the default cap,
// inflation holds at most max_bytes besides the input (gzip.cpp says why). `is_gzip` only looks
// at the two magic bytes.
//
//   std::string text = is_gzip(raw) ? gunzip(raw, "results.csv.gz") : std::string(raw);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "podium/core/limits.hpp"

namespace podium {

bool is_gzip(std::string_view bytes);
std::string gunzip(std::string_view bytes, const std::string& name,
                   std::uint64_t max_bytes = limits::kInflatedBytes);
// The file's bytes, gunzipped when they are gzip (by content, not by name). Errors as read_file
// and gunzip.
std::string read_file_maybe_gzip(const std::string& path);

}  // namespace podium
