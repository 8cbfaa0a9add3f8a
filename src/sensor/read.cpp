// read_activity: undo gzip (one layer), detect the format from the content, hand over to the
// format's reader, and refuse what has no records.
#include "podium/sensor/read.hpp"

#include <string>

#include "podium/core/error.hpp"

namespace podium::sensor {
namespace {

Activity read_decompressed(const Source& source, const ReadOptions& options) {
  switch (detect_format(source)) {
    case FileFormat::Fit:
      return read_fit(source, options);
    case FileFormat::Tcx:
      return read_tcx(source, options);
    case FileFormat::Gpx:
      return read_gpx(source, options);
  }
  PODIUM_ASSERT(false);
  return {};
}

// An activity without records is nothing to store or analyse, however lenient the read: its
// reader's closing warning becomes the error, with the first thing the read skipped (often why
// nothing was left) said in the same line.
Error no_records(const std::string& name, const Activity& activity) {
  PODIUM_ASSERT(!activity.warnings.empty());
  const ReadWarning& closing = activity.warnings.back();
  Place place = closing.place;
  place.source = name;
  std::string problem = closing.problem;
  const std::size_t others = activity.warnings.size() - 1;
  if (others > 0) {
    const ReadWarning& first = activity.warnings.front();
    problem += " (after " + std::to_string(others) + (others == 1 ? " warning" : " warnings") +
               ", the first at " + first.place.message(first.problem) + ")";
  }
  return Error(ErrorKind::Format, std::move(place), problem);
}

}  // namespace

Activity read_activity(const Source& source, const ReadOptions& options) {
  Activity activity = is_gzip(source.bytes()) ? read_decompressed(gunzip(source), options)
                                              : read_decompressed(source, options);
  if (activity.records.empty()) throw no_records(source.name(), activity);
  return activity;
}

}  // namespace podium::sensor
