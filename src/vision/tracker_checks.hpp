// The tracker's input checks (internal to tracker.cpp): options, per-frame cues and detections,
// each refused with Error(InvalidInput) naming the field, value and rule, before the tracker
// changes, so a refused frame leaves it as it was. The bounds keep the filter arithmetic finite.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "podium/vision/person.hpp"
#include "podium/vision/tracker.hpp"

namespace podium::vision::tracking {

void check_options(const TrackerOptions& o);
void check_cues(const FrameCues& cues, std::size_t detections);
// A frame's time (finite, after previous_s) and its detections (tracker.hpp update's rules).
void check_frame(double t_s, std::optional<double> previous_s, const std::vector<Person>& dets);

}  // namespace podium::vision::tracking
