// What the `podium user|team|consent|audit` commands share: how a password reaches them without
// ever being an argument (argv is visible to every user through ps and lands in shell history).
// Who the CLI acts as is store_access.hpp's cli_actor().
//
// Contract: read_new_password() takes the password from, in order,
// `password_file` (its bytes less one trailing newline), $PODIUM_PASSWORD, or the terminal: typed
// twice without echo, the two must match. Without any of them (no terminal on stdin) it throws
// Error(InvalidInput) naming the three ways. utc_text formats seconds as "2026-12-07T15:04:05Z".
//
//   const std::string pw = read_new_password(args.password_file, "ana");
#pragma once

#include <cstdint>
#include <string>

namespace podium::app {

std::string read_new_password(const std::string& password_file, const std::string& user);
std::string utc_text(std::int64_t utc_s);

}  // namespace podium::app
