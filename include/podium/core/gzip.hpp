// gzip (RFC 1952) inflation for readers of compressed outside data (.fit.gz activities,
// .csv.gz results).
//
// Contract: `gunzip` inflates every member of `bytes` (members back to back are concatenated) and
// refuses to produce more than `max_bytes` (a gzip bomb is an error, not an out-of-memory);
// corrupt, truncated or non-gzip input is Error(Format, "NAME: byte N: what") where N is the
// offset in the compressed input. `is_gzip` only looks at the two magic bytes.
//
//   std::string text = is_gzip(raw) ? gunzip(raw, "results.csv.gz") : std::string(raw);
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace podium {

inline constexpr std::size_t kMaxGunzipBytes = std::size_t{2} << 30;  // 2 GiB

bool is_gzip(std::string_view bytes);
std::string gunzip(std::string_view bytes, const std::string& name,
                   std::size_t max_bytes = kMaxGunzipBytes);
// The file's bytes, gunzipped when they are gzip (by content, not by name). Errors as read_file
// and gunzip.
std::string read_file_maybe_gzip(const std::string& path);

}  // namespace podium
