#include "fit_hr_merge.hpp"

#include <cmath>
#include <optional>
#include <string>

namespace podium::sensor {
namespace {

constexpr double kGapStepS = 0.25;
constexpr double kGapStepMs = 250.0;
constexpr int kGapMaxSteps = 20;                 // 5 s of 0.25 s steps
constexpr double kEventTimeRolloverS = 4194304;  // 2^32 / 1024: event_timestamp wraps

}  // namespace

bool expand_heart_rates(const std::vector<HrMessage>& messages, std::size_t max_beats,
                        std::vector<HrSample>& beats, std::string& error) {
  beats.clear();
  bool anchored = false;
  double anchor_time = 0.0;
  double anchor_event = 0.0;
  for (const HrMessage& m : messages) {
    // A message without an event_timestamp field still counts as one (absent) value.
    std::size_t count = m.event_times_s.empty() ? 1 : m.event_times_s.size();
    std::size_t bpm_count = m.bpm.empty() ? 1 : m.bpm.size();
    auto event_at = [&](std::size_t i) {
      return m.event_times_s.empty() ? std::nan("") : m.event_times_s[i];
    };
    if (!std::isnan(m.anchor_time_s)) {
      if (count != 1) {
        error = "anchor hr message must have 1 event_timestamp";
        return false;
      }
      anchor_time = m.anchor_time_s;
      anchor_event = event_at(0);
      anchored = !std::isnan(anchor_event);
    }
    if (!anchored) {
      error = "no anchor timestamp in an hr message before delta hr messages";
      return false;
    }
    if (count != bpm_count) {
      error = "hr message with mismatching event_timestamp and filtered_bpm counts";
      return false;
    }
    for (std::size_t i = 0; i < count; ++i) {
      double event = event_at(i);
      if (event < anchor_event) {
        if (anchor_event - event > kEventTimeRolloverS) {
          event += kEventTimeRolloverS;
        } else {
          error = "hr event_timestamp earlier than its anchor";
          return false;
        }
      }
      HrSample current{anchor_time + (event - anchor_event),
                       m.bpm.empty() ? std::nan("") : m.bpm[i]};
      if (!beats.empty()) {
        HrSample previous = beats.back();
        double gap_ms = std::abs(current.time_s - previous.time_s) * 1000.0;
        for (int step = 1; gap_ms > kGapStepMs && step <= kGapMaxSteps; ++step) {
          beats.push_back(HrSample{previous.time_s + kGapStepS * step, previous.bpm});
          gap_ms -= kGapStepMs;
        }
      }
      beats.push_back(current);
      // Each beat may add 20 filled ones: the bound keeps that from multiplying the input.
      if (beats.size() > max_beats) {
        error = "more than " + std::to_string(max_beats) + " beats with their gaps filled";
        beats.clear();
        return false;
      }
    }
  }
  return true;
}

void merge_heart_rates(const std::vector<HrSample>& beats,
                       const std::vector<double>& record_times_s,
                       std::vector<double>& heart_rate_bpm) {
  std::size_t next = 0;
  std::optional<double> window_start;
  for (std::size_t r = 0; r < record_times_s.size(); ++r) {
    double window_end = record_times_s[r];
    if (std::isnan(window_end)) continue;
    if (!window_start) window_start = window_end;
    if (*window_start == window_end) {
      // A repeated record time: widen the window by a second and look at the last beat again.
      *window_start -= 1.0;
      next = next >= 1 ? next - 1 : 0;
    }
    double sum = 0.0;
    int count = 0;
    for (; next < beats.size(); ++next) {
      const HrSample& beat = beats[next];
      if (beat.time_s > *window_start && beat.time_s <= window_end) {
        sum += std::isnan(beat.bpm) ? 0.0 : beat.bpm;
        ++count;
      } else if (beat.time_s > window_end) {
        // The window is only closed by a later beat; beats running out leave it open.
        if (count > 0) heart_rate_bpm[r] = std::round(sum / count);
        window_start = window_end;
        break;
      }
    }
  }
}

}  // namespace podium::sensor
