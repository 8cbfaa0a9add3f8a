// Heart rate from FIT hr messages (132) merged into records, as Garmin's FIT SDK does it
// (@garmin/fitsdk Decoder option mergeHeartRates, on by default and used by the goldens).
//
// Contract: HRM-Pro style files store beats apart from records: an "anchor" hr message has a
// timestamp (+ fractional_timestamp) and exactly one event_timestamp; later messages carry up to
// eight event_timestamps (s, already accumulated from event_timestamp_12) with one filtered_bpm
// each, placed relative to the anchor (event_timestamp rolls over every 2^22 s).
// `expand_heart_rates` turns them into beats, carrying the previous beat forward in 0.25 s steps
// across gaps (at most 20 steps = 5 s); it returns false with `error` set where the SDK gives up
// (no anchor yet, anchor with != 1 event time, count mismatch, time going backwards without
// rollover) or when the beats with their gaps filled would be more than `max_beats` — then
// nothing is merged. `merge_heart_rates` sets each record's heart rate to the
// rounded mean of the beats in (previous record time, this record time]; a record whose window
// holds no beat keeps its own value. All times are FIT seconds (any common epoch works); a record
// time of NaN is skipped. Missing bpm (NaN) counts as 0 in a mean, as in the SDK.
//
//   std::vector<HrSample> beats; std::string why;
//   if (expand_heart_rates(messages, 100000, beats, why)) merge_heart_rates(beats, times, hr_bpm);
#pragma once

#include <string>
#include <vector>

namespace podium::sensor {

struct HrMessage {
  double anchor_time_s;               // timestamp + fractional part; NaN when not an anchor
  std::vector<double> event_times_s;  // event_timestamp values in seconds (NaN when absent)
  std::vector<double> bpm;            // filtered_bpm (NaN when invalid or absent)
};

struct HrSample {
  double time_s;
  double bpm;
};

bool expand_heart_rates(const std::vector<HrMessage>& messages, std::size_t max_beats,
                        std::vector<HrSample>& beats, std::string& error);

void merge_heart_rates(const std::vector<HrSample>& beats,
                       const std::vector<double>& record_times_s,
                       std::vector<double>& heart_rate_bpm);

}  // namespace podium::sensor
