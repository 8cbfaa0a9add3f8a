// Whole-file reads and atomic writes. Every command that writes files goes through
// write_file_atomic: the bytes land in a temporary file beside the target, which is renamed over
// it only when complete, so a failure never leaves a half-written output.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "podium/core/limits.hpp"

namespace podium {

// The whole of a regular file of at most max_bytes. Throws Error(NotFound) when it cannot be
// opened, Error(InvalidInput) for a directory, a device, FIFO or socket, or a file over the limit
// (before anything is allocated), Error(Io) on a read error or when the file changed while it was
// read (fewer or more bytes than its size said): a prefix never passes for the file.
std::string read_file(const std::string& path, std::uint64_t max_bytes = limits::kFileBytes);

// Throws Error(Io) naming the path when the directory is missing or the write fails (a full disk
// included); the temporary file is removed then. Temporaries a killed process left beside `path`
// are swept first.
void write_file_atomic(const std::string& path, std::string_view bytes);

// prefix + this process's id + suffix: the name of a temporary file beside an output.
std::string temporary_name(const std::string& prefix, const std::string& suffix);
// Removes the files in `dir` named prefix + <pid> + suffix whose process is gone (killed while
// writing): a signal leaves no temporary behind for longer than the next run.
void sweep_temporaries(const std::string& dir, const std::string& prefix,
                       const std::string& suffix);

}  // namespace podium
