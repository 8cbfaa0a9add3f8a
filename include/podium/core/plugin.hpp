// Loading a podium shared library on first use, so that a command which does not need a heavy
// dependency (libtorch, OpenCV, FFmpeg) never loads it: process start-up stays in milliseconds.
//
// Contract: podium's shared libraries all live in one folder, the one that holds
// libpodium_core.so (build/lib in a build tree). plugin_symbol("podium_rank_neural", "f") loads
// libpodium_rank_neural.so from there once (later calls reuse it; it is never unloaded) and
// returns the address of its extern "C" symbol f. A library that is missing, cannot be loaded
// or lacks the symbol is an Error(NotFound) naming the file and the loader's reason.
//
//   using Factory = Ranker* (*)();
//   auto make = reinterpret_cast<Factory>(plugin_symbol("podium_rank_neural", "make_ranker"));
#pragma once

#include <string>

namespace podium {

// The folder podium's shared libraries are loaded from.
std::string plugin_dir();

void* plugin_symbol(const std::string& library, const std::string& symbol);

}  // namespace podium
