#include "podium/core/error.hpp"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "podium/core/option.hpp"

namespace podium {

bool Place::empty() const {
  return source.empty() && !byte && !line && !record && field.empty();
}

std::string Place::text() const {
  std::string out;
  const auto part = [&out](const std::string& s) {
    if (!out.empty()) out += ": ";
    out += s;
  };
  if (!source.empty()) part(source);
  if (byte) {
    std::string b = "byte " + std::to_string(*byte);
    if (line) {
      b += " (line " + std::to_string(*line);
      if (column) b += ", column " + std::to_string(*column);
      b += ")";
    }
    part(b);
  } else if (line) {
    part("line " + std::to_string(*line));
  }
  if (record) part("record " + std::to_string(*record));
  if (!field.empty()) part(value.empty() ? field : field + " = " + value);
  return out;
}

std::string Place::message(const std::string& problem) const {
  std::string where = text();
  if (where.empty()) return problem;
  return problem.empty() ? where : where + ": " + problem;
}

Error::Error(ErrorKind kind, Place place, const std::string& problem)
    : std::runtime_error(place.message(problem)),
      kind_(kind),
      place_(std::move(place)),
      problem_(problem) {}

Error Error::in_source(const std::string& source) const {
  if (!place_.source.empty()) return *this;
  Place p = place_;
  p.source = source;
  return Error(kind_, std::move(p), problem_);
}

std::string number_text(double v) {
  char buf[32];
  const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  return {buf, end};
}

void reject_option(const std::string& owner, const std::string& field, const std::string& value,
                   const std::string& rule) {
  throw Error(ErrorKind::InvalidInput, Place{.source = owner, .field = field, .value = value},
              rule);
}

void assert_fail(const char* expr, const char* file, int line) {
  std::fprintf(stderr, "podium: internal assertion failed: %s (%s:%d)\n", expr, file, line);
  std::abort();
}

}  // namespace podium
