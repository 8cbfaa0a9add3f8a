// podium's input limits in one place. Outside data beyond one of them is refused before it is
// allocated, with one located error naming the file, the limit and the value (exit 2), so no input
// of any size can take more than about 1 GB of memory. docs/limits.md gives the reason for each
// number; a reader that needs a limit takes it from here.
//
//   if (st.st_size > limits::kFileBytes) throw limits::exceeded(path, "size", st.st_size, ...);
#pragma once

#include <cstdint>
#include <string>

#include "podium/core/error.hpp"

namespace podium::limits {

// A file read whole into memory (activity files, results tables, model.json, COCO ground truth).
// The largest real inputs are ~250 MB (COCO val2017 keypoints); 512 MiB leaves room for them and
// for the work the reader does beside the bytes within 1 GB.
inline constexpr std::uint64_t kFileBytes = std::uint64_t{512} << 20;

// Error(InvalidInput) "<source>: <what> = <value>: more than podium's limit of <limit> <unit>
// (docs/limits.md)".
Error exceeded(const std::string& source, const std::string& what, std::uint64_t value,
               std::uint64_t limit, const std::string& unit);

}  // namespace podium::limits
