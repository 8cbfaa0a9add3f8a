// podium::Error: the one exception type for bad input, data, models and configuration.
//
// Contract: every Error carries a kind (what class of failure), the problem in words, and where it
// is (a Place: source, byte, line and column, record, field and the value found there) as fields;
// what() is the one-line message composed from them, "<source>: byte 1024: <field> = <value>:
// <problem>", so every parser names its places the same way and a caller (the CLI, the server) can
// read the place without parsing text. Bugs are not Errors: they are PODIUM_ASSERT failures, never
// reachable from input. Only the app layer maps kinds to exit codes (InvalidInput/Format/
// Unsupported/Model/Forbidden -> 2, NotFound/Io -> 3, Internal -> 1) and the server to HTTP
// statuses.
//
//   throw Error(ErrorKind::Format, Place{.source = path, .byte = 1024}, "shard is 12 bytes short");
//   throw Error(ErrorKind::InvalidInput, "no activity with id 12");  // nothing more to place
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace podium {

// Forbidden: the request is well-formed but not allowed: processing without the athlete's consent,
// a role or team that may not see the data.
enum class ErrorKind {
  InvalidInput,
  Format,
  Io,
  NotFound,
  Model,
  Unsupported,
  Forbidden,
  Internal
};

// Where a problem sits; every part is optional. Composed in this order, each followed by ": ":
//   source                          "runs/a.fit"
//   byte [with line and column]     "byte 57" or "byte 57 (line 3, column 12)" (text formats)
//   line (without byte)             "line 12" (CSV and other line records)
//   record                          "record 4" (a numbered record that is not a line)
//   field [= value]                 "annotations[3].area", "ctl_days = 0"
// A value is shown only where it passed its own syntax check (a number as number_text, a known
// date); outside text that did not parse is quoted in the problem instead (core/message.hpp:
// "'12x' is not a number"), so that nothing of the input can break the message's one line.
struct Place {
  std::string source;
  std::optional<std::uint64_t> byte;
  std::optional<std::uint64_t> line;
  std::optional<std::uint64_t> column;
  std::optional<std::uint64_t> record;
  std::string field;
  std::string value;  // the offending value as text; shown only with a field

  bool empty() const;
  std::string text() const;  // the composed prefix without the trailing ": "
  // "<text>: <problem>", or the problem alone when the place is empty: the what() of an Error
  // placed here, and the one line of a lenient reader's warning or skipped row.
  std::string message(const std::string& problem) const;
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& problem) : Error(kind, Place{}, problem) {}
  Error(ErrorKind kind, Place place, const std::string& problem);

  ErrorKind kind() const { return kind_; }
  const Place& place() const { return place_; }
  const std::string& problem() const { return problem_; }

  // The same error with its source set, for readers of in-memory bytes whose caller knows the
  // file: parse(bytes) throws Place{.byte = 12}, the caller rethrows e.in_source(path).
  Error in_source(const std::string& source) const;

 private:
  ErrorKind kind_;
  Place place_;
  std::string problem_;
};

// A value as it reads in a message: the shortest text that reads back as v (0.1, -5, 1e+300, nan).
std::string number_text(double v);

[[noreturn]] void assert_fail(const char* expr, const char* file, int line);

}  // namespace podium

// For invariants of podium's own code. Never use it to check outside data.
#define PODIUM_ASSERT(cond) \
  ((cond) ? static_cast<void>(0) : ::podium::assert_fail(#cond, __FILE__, __LINE__))
