// Whole-file reads and atomic writes. Every command that writes files goes through
// write_file_atomic: the bytes land in a temporary file beside the target, which is renamed over
// it only when complete, so a failure never leaves a half-written output.
#pragma once

#include <string>
#include <string_view>

namespace podium {

// Throws Error(NotFound) when the file cannot be opened, Error(Io) on a read error.
std::string read_file(const std::string& path);

// Throws Error(Io) naming the path when the directory is missing or the write fails.
void write_file_atomic(const std::string& path, std::string_view bytes);

}  // namespace podium
