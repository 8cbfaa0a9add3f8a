// The event times of FIT hr messages (132; internal to the FIT reader): event_timestamp is a
// counter in 1/1024 s that a message gives either in full (uint32 array) or packed as 12-bit
// values (event_timestamp_12) that add to the last count with rollover.
//
// Contract: `read` returns one message's event times in seconds, in field order: the packed
// values when the message has any valid ones, else the full values when any is valid (NaN for
// an invalid element), else none. A valid full value restarts the counter; the first packed
// value of a file without one starts it. The counter lives across messages, so one HrEventTimes
// reads one file's hr messages in order.
//
//   HrEventTimes events;  // for each hr message m:
//   hr.event_times_s = events.read(m);
#pragma once

#include <cstdint>
#include <vector>

#include "fit_decode.hpp"

namespace podium::sensor {

class HrEventTimes {
 public:
  std::vector<double> read(const FitMessage& m);

 private:
  bool have_counter_ = false;
  std::uint32_t last_ = 0;
  std::uint64_t total_1024ths_ = 0;
};

}  // namespace podium::sensor
