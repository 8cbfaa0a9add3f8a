// libFuzzer target: podium's pose-sequence JSON reader (action::parse_sequences_json). Any input
// must parse or throw podium::Error; what parses must pass validate() and write back to a text
// that reads back to the same text (write(parse(write(parse(x)))) == write(parse(x))). Build and
// run: fuzz/run.sh (see fuzz/README.md).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "podium/action/sequence_json.hpp"
#include "podium/core/error.hpp"

using namespace podium;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const auto sequences = action::parse_sequences_json(bytes, "fuzz.json");
    for (const auto& s : sequences)
      action::validate(s);
    const std::string once = action::write_sequences_json(sequences);
    const std::string twice =
        action::write_sequences_json(action::parse_sequences_json(once, "again.json"));
    if (once != twice) std::abort();
  } catch (const Error&) {
  }
  return 0;
}
