#include "podium/sensor/activity.hpp"

namespace podium::sensor {

const char* file_format_name(FileFormat format) {
  switch (format) {
    case FileFormat::Fit:
      return "fit";
    case FileFormat::Tcx:
      return "tcx";
    case FileFormat::Gpx:
      return "gpx";
  }
  return "unknown";
}

std::string ReadWarning::text(const std::string& source) const {
  Place where = place;
  where.source = source;
  return where.message(problem);
}

}  // namespace podium::sensor
