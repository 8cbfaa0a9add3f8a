#include "podium/core/file.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "podium/core/error.hpp"

namespace podium {

std::string read_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw Error(ErrorKind::InvalidInput, path + ": is a directory, expected a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error(ErrorKind::NotFound, path + ": cannot open file (" + std::strerror(errno) + ")");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw Error(ErrorKind::Io, path + ": read error");
  return std::move(ss).str();
}

std::string temporary_name(const std::string& prefix, const std::string& suffix) {
  return prefix + std::to_string(::getpid()) + suffix;
}

void sweep_temporaries(const std::string& dir, const std::string& prefix,
                       const std::string& suffix) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir.empty() ? "." : dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= prefix.size() + suffix.size() || name.rfind(prefix, 0) != 0 ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) {
      continue;
    }
    const std::string digits =
        name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
    if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
    const pid_t pid = static_cast<pid_t>(std::stol(digits));
    // Another live process may still be writing it; ours is not stale either.
    if (pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;
    std::filesystem::remove(entry.path(), ec);
  }
}

void write_file_atomic(const std::string& path, std::string_view bytes) {
  const std::filesystem::path target(path);
  const std::string prefix = target.filename().string() + ".tmp.";
  sweep_temporaries(target.parent_path().string(), prefix, "");
  const std::string tmp = (target.parent_path() / temporary_name(prefix, "")).string();
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out)
      throw Error(ErrorKind::Io, path + ": cannot create file (" + std::strerror(errno) + ")");
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();  // a full disk may only show when the last buffer is written
    if (!out) {
      const std::string why = std::strerror(errno);
      std::remove(tmp.c_str());
      throw Error(ErrorKind::Io, path + ": write failed (" + why + ")");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    throw Error(ErrorKind::Io, path + ": cannot rename temporary file (" + why + ")");
  }
}

}  // namespace podium
