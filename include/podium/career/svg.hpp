// SVG plot of one rider type's age-performance curves: the athlete-season points (faint), the top
// and bottom 50 % polynomial curves with their pointwise 95 % bootstrap bands, the mixed-model
// fixed-effects curves (dashed), peak markers with horizontal 95 % intervals, axes with ticks and
// labels; with a joint model (study.joint), its curves of the type too (thick, read at the
// reference season, with their bands and square peak markers).
//
// Contract: pure (returns the document; the caller writes it with write_file_atomic). Points above
// the 99th percentile of y are left out so a few outstanding seasons do not flatten the curves
// (the caption says how many). Groups without a fit are drawn as points only.
//
//   write_file_atomic(dir + "/peak-age-GC.svg", peak_age_svg(study, "GC", "points per race"));
#pragma once

#include <string>

#include "podium/career/peak_age.hpp"

namespace podium::career {

// Throws Error(InvalidInput) when `type` is not one of study.types.
std::string peak_age_svg(const PeakAgeStudy& study, const std::string& type,
                         const std::string& y_label);

}  // namespace podium::career
