// FIT developer data (internal to the FIT reader): developer_data_id (207) and field_description
// (206) messages describe fields apps such as Stryd add to records; their values become named
// channels aligned with the records.
//
// Contract: every field_description is listed in Activity::developer_fields (with the hex
// application_id of its developer_data_id when known). A record's developer field with a known
// description and a numeric base type yields value / scale - offset (the description's, 1 and
// 0 when absent) in the channel named after the field; the channel is created on first use and
// values[i] belongs to records[i] (NaN elsewhere; `finish` pads to the record count). A field
// redescribed later starts a new channel. Native fields are never touched: a developer "Power"
// with native_field 7 stays a channel, record power stays what the file wrote natively.
// At most limits::kActivityDeveloperChannels channels (one warning beyond). Limits (errors in both
// modes, at the message's byte): kActivityLaps field descriptions; and the channels' values, which
// `finish` pads to the record count, count as samples: channels x records at most
// kActivityRecords (`check_values`, after each record), so a few channels used once cannot pad
// themselves to gigabytes.
//
//   developer.on_field_description(m, activity, issues);  // then for each record:
//   developer.on_record(m, activity.records.size() - 1, activity, issues);
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "fit_decode.hpp"
#include "podium/sensor/activity.hpp"

namespace podium::sensor {

class FitDeveloperData {
 public:
  void on_developer_data_id(const FitMessage& m, Activity& activity);
  void on_field_description(const FitMessage& m, Activity& activity, const FitIssues& issues);
  void on_record(const FitMessage& m, std::size_t record_index, Activity& activity,
                 const FitIssues& issues);
  static void check_values(const FitMessage& m, const Activity& activity, const FitIssues& issues);
  void finish(Activity& activity) const;

 private:
  struct Description {
    DeveloperField field;
    double scale = 1.0;
    double offset = 0.0;
    int channel = -1;  // index into Activity::developer once a record uses it
  };
  std::map<int, Description> descriptions_;     // key: developer_data_index << 8 | field
  std::map<int, std::string> application_ids_;  // developer_data_index -> hex
  bool overflow_reported_ = false;
};

}  // namespace podium::sensor
