// A progress line on the terminal, rewritten in place: "frame 120/795  48.2 fps  ETA 14 s" for a
// video, "epoch 12/200  3.1 s/epoch  ETA 9 min  loss 0.41" for training. Only on a terminal
// (the caller decides: enabled = isatty(stderr) and not --json), at most four times a second.
//
//   ProgressLine line(::isatty(STDERR_FILENO) != 0 && !json);
//   line.update("epoch", e + 1, max_epochs, "loss 0.41");
//   line.done();  // clears the line
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace podium::app {

class ProgressLine {
 public:
  explicit ProgressLine(bool enabled);
  // `done` of `total` units named `unit` (total <= 0: unknown, no ETA); `extra` is appended.
  // The rate is shown per second for fast units (fps for frames) and as seconds per unit for
  // slow ones; `force` prints even within a quarter second of the last line (the final unit).
  void update(const char* unit, std::int64_t done, std::int64_t total,
              const std::string& extra = {}, bool force = false);
  void done();

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  Clock::time_point t0_;
  double last_s_ = -1;
  std::size_t width_ = 0;
};

}  // namespace podium::app
