// libFuzzer target: the pose-sequence CSV readers of the action module: podium's own sequence CSV
// (action::parse_sequences_csv), video analyze's keypoints.csv (parse_keypoints_csv) and the
// segment-labels CSV (parse_segment_labels, applied to what keypoints.csv gave). Any input must
// parse or throw podium::Error; what parses must pass validate(), and a sequence CSV must write
// back to a text that reads back to the same text (write(parse(write(parse(x)))) ==
// write(parse(x))). Build and run: fuzz/run.sh (see fuzz/README.md).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "podium/action/keypoints_csv.hpp"
#include "podium/action/sequence_csv.hpp"
#include "podium/core/error.hpp"

using namespace podium;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const auto sequences = action::parse_sequences_csv(bytes, "fuzz.csv");
    for (const auto& s : sequences)
      action::validate(s);
    const std::string once = action::write_sequences_csv(sequences);
    const std::string twice =
        action::write_sequences_csv(action::parse_sequences_csv(once, "again.csv"));
    if (once != twice) std::abort();
  } catch (const Error&) {
  }
  try {
    auto tracks = action::parse_keypoints_csv(bytes, "keypoints.csv", "fuzz");
    for (const auto& t : tracks) {
      action::validate(t.sequence);
      if (t.times_s.size() != t.sequence.frames) std::abort();
    }
    try {
      const auto labels = action::parse_segment_labels(bytes, "labels.csv");
      action::apply_segment_labels(tracks, labels, "labels.csv");
      for (const auto& t : tracks)
        action::validate(t.sequence);
    } catch (const Error&) {
    }
  } catch (const Error&) {
  }
  return 0;
}
