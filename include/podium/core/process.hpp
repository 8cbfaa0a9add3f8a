// Runs an external program (npm, tar) without a shell: arguments are passed as they are.
#pragma once

#include <string>
#include <vector>

namespace podium {

// Returns the exit status; -1 when the program could not be started (not installed).
// Standard output and error go to the given file (appended), or are inherited when empty.
int run_program(const std::vector<std::string>& argv, const std::string& log_path = "");

}  // namespace podium
