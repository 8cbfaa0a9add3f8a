// read_activity: undo gzip (one layer), detect the format from the content, hand over to the
// format's reader.
#include "podium/sensor/read.hpp"
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

}  // namespace

Activity read_activity(const Source& source, const ReadOptions& options) {
  if (is_gzip(source.bytes())) return read_decompressed(gunzip(source), options);
  return read_decompressed(source, options);
}

}  // namespace podium::sensor
