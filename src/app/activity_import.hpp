// One activity file into the store, the one way `podium activity import` and
// POST /api/v1/athletes/{id}/activities both do it: the content hash first (bytes already stored
// for this athlete are never decoded again), then decode, thresholds from the athlete's settings
// on the activity's day (else the device's, else defaults), analysis, one import transaction.
//
// Contract: consent is the caller's to check first (Governance::require_consent,
// performance_modelling), so that a batch is refused before any file is read. Errors are the
// reader's (Format, placed in the file), the store's, or NotFound for an unknown athlete.
//
//   FileBytes b = activity_bytes_in_memory("ride.fit", std::move(body));
//   ImportOutcome o = import_activity_file(store, "A0001", std::move(b), false);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "activity_view.hpp"
#include "podium/sensor/athlete.hpp"
#include "podium/store/store.hpp"

namespace podium::app {

// Bytes received (an upload) under a base name, hashed as read_activity_bytes hashes a file.
FileBytes activity_bytes_in_memory(const std::string& file_name, std::string bytes);

// The athlete's settings on the day an activity started (day 0 when its start is unknown).
std::optional<sensor::Thresholds> settings_on(const store::Store& st, const std::string& athlete,
                                              double start_utc_s);

struct ImportOutcome {
  std::int64_t id = 0;
  bool duplicate = false;
  bool known_hash = false;  // found by its hash before decoding: records and warnings are empty
  std::string file_name;
  std::size_t records = 0;
  std::vector<std::string> warnings;  // "NAME: byte N: problem"
};

ImportOutcome import_activity_file(store::Store& st, const std::string& athlete, FileBytes file,
                                   bool strict);

}  // namespace podium::app
