// Activity readers: bytes in (a file or a memory buffer), `Activity` out (activity.hpp).
//
// Contract: `read_activity` detects the format from the content (FIT header ".FIT", XML root
// TrainingCenterDatabase or gpx; gzip is undone first), never from the file name. Lenient mode
// (the default) imports every sound part and lists each skipped part in `Activity::warnings` with
// its place (byte offset; line and column too in TCX/GPX); strict mode throws on the first problem
// instead, placed the same way (Error::place()). Both throw Error(Format, "NAME: byte N: what")
// when nothing usable is left (0-byte file, not an activity file, a FIT header that is not one,
// an activity without records), Error(InvalidInput) from limits::exceeded when the input passes
// one of podium's limits (core/limits.hpp, docs/limits.md: inflated bytes, records, laps, text
// values, XML size, nodes and depth; a limit is never lenient) and Error(NotFound/Io) when a file
// cannot be read.
//
// The per-format readers return an activity without records (nothing was left, or the file has
// only summaries), its warnings closing with one that says so, placed; `read_activity` refuses
// it with that warning as the error (and the first other warning in the same line).
//
//   Activity a = read_activity(Source::from_file("ride.fit.gz"), {.strict = false});
//   Activity b = read_activity(Source::from_memory("test", bytes), {.strict = true});
#pragma once

#include <string>
#include <string_view>

#include "podium/sensor/activity.hpp"

namespace podium::sensor {

// The reader interface: a name for messages and the whole content. Activity files are small (the
// largest shared one is 2 MB), so they are read whole.
class Source {
 public:
  static Source from_file(const std::string& path);
  static Source from_memory(std::string name, std::string bytes);
  const std::string& name() const { return name_; }
  std::string_view bytes() const { return bytes_; }

 private:
  Source(std::string name, std::string bytes) : name_(std::move(name)), bytes_(std::move(bytes)) {}
  std::string name_;
  std::string bytes_;
};

struct ReadOptions {
  bool strict = false;
};

// Throws Error(Format) naming the source when the content is none of FIT, TCX, GPX.
FileFormat detect_format(const Source& source);

Activity read_activity(const Source& source, const ReadOptions& options);

// The per-format readers read_activity dispatches to (bytes already decompressed).
Activity read_fit(const Source& source, const ReadOptions& options);
Activity read_tcx(const Source& source, const ReadOptions& options);
Activity read_gpx(const Source& source, const ReadOptions& options);

// gzip (RFC 1952) content of `source` inflated; Error(Format, "NAME: byte N: ...") when corrupt.
// Bounded: refuses to inflate past limits::kInflatedBytes.
Source gunzip(const Source& source);
bool is_gzip(std::string_view bytes);

}  // namespace podium::sensor
