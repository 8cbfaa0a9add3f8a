// The one format of a rejected setting (an option, a parameter, a command-line flag):
// Error(InvalidInput) placed at Place{.source = owner, .field = field, .value = value}, so the
// message always reads "<owner>: <field> = <value>: <rule>" ("<field> = <value>: <rule>" when
// the owner is ""), numbers as the shortest text that reads back (core/error.hpp number_text).
//
//   require_option(o.ctl_days > 0, "pmc", "ctl_days", o.ctl_days, "must be > 0");
//   // -> "pmc: ctl_days = 0: must be > 0"
//   reject_option("", "--max-gap", "-1", "must be >= 0");  // -> "--max-gap = -1: must be >= 0"
//
// require_option's arguments are built before the check: in a loop over data, test first and
// call reject_option, so that text is made only for the value that fails.
#pragma once

#include <concepts>
#include <string>

#include "podium/core/error.hpp"

namespace podium {

[[noreturn]] void reject_option(const std::string& owner, const std::string& field,
                                const std::string& value, const std::string& rule);
// A number's text made only now, on the failure path.
[[noreturn]] inline void reject_option(const std::string& owner, const std::string& field,
                                       double value, const std::string& rule) {
  reject_option(owner, field, number_text(value), rule);
}

inline std::string option_value_text(const std::string& v) {
  return v;
}
inline std::string option_value_text(const char* v) {
  return v;
}
inline std::string option_value_text(std::floating_point auto v) {
  return number_text(static_cast<double>(v));
}
inline std::string option_value_text(std::integral auto v) {
  return std::to_string(v);
}
inline std::string option_value_text(bool v) {
  return v ? "true" : "false";
}

template <typename T>
void require_option(bool ok, const std::string& owner, const std::string& field, const T& value,
                    const std::string& rule) {
  if (!ok) reject_option(owner, field, option_value_text(value), rule);
}

}  // namespace podium
