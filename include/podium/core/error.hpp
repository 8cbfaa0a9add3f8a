// podium::Error: the one exception type for bad input, data, models and configuration.
//
// Contract: every Error carries a kind (what class of failure) and a one-line message that already
// names the file and the place (byte offset, line, node, field) where that is known. Bugs are not
// Errors: they are PODIUM_ASSERT failures, never reachable from input. Only the app layer maps
// kinds to exit codes (InvalidInput/Format/Unsupported/Model -> 2, NotFound/Io -> 3, Internal ->
// 1).
//
//   throw Error(ErrorKind::Format, path + ": byte 1024: shard is 12 bytes short");
#pragma once

#include <stdexcept>
#include <string>

namespace podium {

enum class ErrorKind { InvalidInput, Format, Io, NotFound, Model, Unsupported, Internal };

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

[[noreturn]] void assert_fail(const char* expr, const char* file, int line);

}  // namespace podium

// For invariants of podium's own code. Never use it to check outside data.
#define PODIUM_ASSERT(cond) \
  ((cond) ? static_cast<void>(0) : ::podium::assert_fail(#cond, __FILE__, __LINE__))
