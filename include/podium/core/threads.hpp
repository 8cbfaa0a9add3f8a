// The one meaning of a thread count across podium, for every `--threads` option and every
// options struct that carries one: 1..256 threads. "All cores" is not a magic 0 but a default
// computed from the machine (all_cores()), shown as such in --help.
//
// Contract: checked_threads(n) returns n for 1..256 and otherwise throws the option error
// (core/option.hpp) "<option> = <n>: must be 1..256". all_cores() is
// std::thread::hardware_concurrency() within 1..256. parallel_for(n, threads, fn) runs fn(i) for
// every i in [0, n) on min(threads, n) threads, each on a contiguous slice (so a result written at
// index i does not depend on the thread count), on the calling thread when that is one; threads
// is checked as above.
//
//   nn::set_threads(checked_threads(args.threads));
//   parallel_for(resamples, options.threads, [&](int b) { peaks[b] = refit(b); });
#pragma once

#include <functional>
#include <string>

namespace podium {

inline constexpr int kMaxThreads = 256;

int checked_threads(int n, const std::string& option = "--threads");
int all_cores();
void parallel_for(int n, int threads, const std::function<void(int)>& fn);

}  // namespace podium
