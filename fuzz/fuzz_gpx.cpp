// libFuzzer target: the GPX reader (podium::sensor::read_gpx), lenient and strict; the checks are
// in xml_reader_check.hpp. Build and run: fuzz/run.sh (see fuzz/README.md).
#include "xml_reader_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  podium::sensor::check_xml_reader(podium::sensor::read_gpx, podium::sensor::FileFormat::Gpx, data,
                                   size);
  return 0;
}
