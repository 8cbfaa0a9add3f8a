#include "podium/core/file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "podium/core/error.hpp"
#include "podium/core/limits.hpp"

namespace podium {

namespace {

// Closes the descriptor on every path out of read_file.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::string read_file(const std::string& path, std::uint64_t max_bytes) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below anyway.
  const Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
  if (f.fd < 0)
    throw Error(ErrorKind::NotFound, path + ": cannot open file (" + std::strerror(errno) + ")");
  struct stat st {};
  if (::fstat(f.fd, &st) != 0)
    throw Error(ErrorKind::Io, path + ": cannot stat file (" + std::strerror(errno) + ")");
  if (S_ISDIR(st.st_mode))
    throw Error(ErrorKind::InvalidInput, path + ": is a directory, expected a file");
  // A device (/dev/zero), FIFO or socket has no size to check and may never end.
  if (!S_ISREG(st.st_mode)) {
    throw Error(ErrorKind::InvalidInput,
                path + ": not a regular file (a device, FIFO or socket); podium reads files");
  }
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > max_bytes) throw limits::exceeded(path, "size", size, max_bytes, "bytes");
  std::string bytes(size, '\0');
  std::uint64_t got = 0;
  while (got < size) {
    const ssize_t n = ::read(f.fd, bytes.data() + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      throw Error(ErrorKind::Io, path + ": read error (" + std::string(std::strerror(errno)) + ")");
    if (n == 0) break;
    got += static_cast<std::uint64_t>(n);
  }
  // Fewer bytes than stat said, or more after them: the file changed while it was read, and a
  // prefix must never pass for the file (it would be stored under the prefix's hash).
  char extra = 0;
  if (got != size || ::read(f.fd, &extra, 1) != 0) {
    throw Error(ErrorKind::Io, path + ": read " + std::to_string(got) + " of " +
                                   std::to_string(size) +
                                   " bytes: the file changed while it was read");
  }
  return bytes;
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
