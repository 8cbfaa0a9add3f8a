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

}  // namespace podium::sensor
