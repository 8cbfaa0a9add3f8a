#include "governance_cli.hpp"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <string>

#include "podium/core/error.hpp"
#include "podium/core/file.hpp"

namespace podium::app {
namespace {

constexpr std::uint64_t kPasswordFileMaxBytes = 4096;

// One line from the terminal on stdin with echo off; echo is restored even when reading fails.
std::string governance_read_hidden(const char* prompt) {
  std::fprintf(stderr, "%s", prompt);
  std::fflush(stderr);
  termios old{};
  const bool have_tty = ::tcgetattr(STDIN_FILENO, &old) == 0;
  if (have_tty) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  const bool ok = static_cast<bool>(std::getline(std::cin, line));
  if (have_tty) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
  std::fputc('\n', stderr);
  if (!ok) throw Error(ErrorKind::InvalidInput, "password: no input");
  return line;
}

}  // namespace

std::string read_new_password(const std::string& password_file, const std::string& user) {
  if (!password_file.empty()) {
    std::string pw = read_file(password_file, kPasswordFileMaxBytes);
    if (!pw.empty() && pw.back() == '\n') pw.pop_back();
    if (!pw.empty() && pw.back() == '\r') pw.pop_back();
    return pw;
  }
  if (const char* env = std::getenv("PODIUM_PASSWORD"); env != nullptr) return env;
  if (::isatty(STDIN_FILENO) == 0) {
    throw Error(ErrorKind::InvalidInput,
                "password for \"" + user +
                    "\": give --password-file FILE, set PODIUM_PASSWORD, or run on a terminal "
                    "(never on the command line)");
  }
  std::string first = governance_read_hidden(("password for " + user + ": ").c_str());
  const std::string second = governance_read_hidden("again: ");
  if (first != second) throw Error(ErrorKind::InvalidInput, "password: the two entries differ");
  return first;
}

std::string utc_text(std::int64_t utc_s) {
  const auto t = static_cast<std::time_t>(utc_s);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace podium::app
