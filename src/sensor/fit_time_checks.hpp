// Sanity checks on FIT record times (internal to the FIT reader). The samples themselves are
// sound, so these are warnings in lenient AND strict mode, one per kind with a count:
// times below 0x10000000 (device clock unset: FIT "relative" time), times going backwards,
// repeated times, gaps over a day between records, records spanning more than twice the
// sessions' total elapsed time, and sessions whose elapsed time is shorter than their timer time.
//
//   warn_about_record_times(activity, record_offsets);  // offsets[i]: byte offset of records[i]
#pragma once

#include <cstddef>
#include <vector>

#include "podium/sensor/activity.hpp"

namespace podium::sensor {

void warn_about_record_times(Activity& activity, const std::vector<std::size_t>& record_offsets);

}  // namespace podium::sensor
