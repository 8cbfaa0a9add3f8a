#include "fit_developer.hpp"

#include <cmath>

#include "activity_limits.hpp"

#include "fit_fields.hpp"
#include "fit_profile.hpp"
#include "fit_stream.hpp"

namespace podium::sensor {

void FitDeveloperData::on_developer_data_id(const FitMessage& m, Activity& activity) {
  int key = fit_enum(m, fit::kDeveloperIdIndex, -1);
  if (key < 0) return;
  std::string hex;
  if (const FitFieldDef* f = fit_find_field(m, fit::kDeveloperIdApplicationId)) {
    static constexpr char kDigits[] = "0123456789abcdef";
    for (std::size_t i = 0; i < f->size; ++i) {
      std::uint8_t byte = m.data[f->offset + i];
      hex += kDigits[byte >> 4];
      hex += kDigits[byte & 0xF];
    }
    if (hex.find_first_not_of('f') == std::string::npos) hex.clear();  // all 0xFF: invalid
  }
  application_ids_[key] = hex;
  for (auto& [k, d] : descriptions_)
    if (d.field.developer_data_index == key) d.field.application_id = hex;
  for (DeveloperField& field : activity.developer_fields)
    if (field.developer_data_index == key) field.application_id = hex;
}

void FitDeveloperData::on_field_description(const FitMessage& m, Activity& activity,
                                            const FitIssues& issues) {
  // Record definitions name developer fields with one byte each for index and number.
  constexpr int kMaxByte = 255;
  int index = fit_enum(m, fit::kFieldDescIndex, -1);
  int number = fit_enum(m, fit::kFieldDescNumber, -1);
  int base_type = fit_enum(m, fit::kFieldDescBaseType, -1);
  if (index < 0 || index > kMaxByte || number < 0 || number > kMaxByte || base_type < 0) return;
  Description d;
  d.field.developer_data_index = index;
  d.field.field_number = number;
  d.field.base_type = base_type & kFitBaseTypeMask;
  d.field.native_message = fit_enum(m, fit::kFieldDescNativeMesg, -1);
  d.field.native_field = fit_enum(m, fit::kFieldDescNativeField, -1);
  d.field.name = fit_text(m, fit::kFieldDescName);
  d.field.units = fit_text(m, fit::kFieldDescUnits);
  auto app = application_ids_.find(d.field.developer_data_index);
  if (app != application_ids_.end()) d.field.application_id = app->second;
  double scale = fit_number(m, fit::kFieldDescScale);
  double offset = fit_number(m, fit::kFieldDescOffset);
  if (!std::isnan(scale) && scale != 0) d.scale = scale;
  if (!std::isnan(offset)) d.offset = offset;
  append_within(
      activity.developer_fields, d.field, limits::kActivityLaps,
      [&] { return issues.at(m.offset); }, "developer field descriptions",
      "developer field descriptions per activity");
  descriptions_[d.field.developer_data_index << 8 | d.field.field_number] = d;
}

void FitDeveloperData::on_record(const FitMessage& m, std::size_t record_index, Activity& activity,
                                 const FitIssues& issues) {
  for (const FitDeveloperFieldDef& f : m.definition->developer_fields) {
    auto it = descriptions_.find(f.developer_data_index << 8 | f.number);
    if (it == descriptions_.end()) continue;
    Description& d = it->second;
    auto base_type = static_cast<std::uint8_t>(d.field.base_type);
    const FitBaseType* type = fit_base_type(base_type);
    if (type == nullptr || base_type == kFitString || f.size < type->size ||
        f.size % type->size != 0)
      continue;
    double v = fit_element(base_type, m.data + f.offset, m.definition->little_endian);
    if (std::isnan(v)) continue;
    if (d.channel < 0) {
      if (activity.developer.size() >= limits::kActivityDeveloperChannels) {
        if (!overflow_reported_)
          issues.report(m.offset, "more than " +
                                      std::to_string(limits::kActivityDeveloperChannels) +
                                      " developer channels; the others are skipped");
        overflow_reported_ = true;
        continue;
      }
      d.channel = static_cast<int>(activity.developer.size());
      activity.developer.push_back(NamedChannel{d.field.name, d.field.units, {}});
    }
    std::vector<double>& values = activity.developer[static_cast<std::size_t>(d.channel)].values;
    values.resize(record_index, kMissing);
    values.push_back(v / d.scale - d.offset);
  }
}

void FitDeveloperData::check_values(const FitMessage& m, const Activity& activity,
                                    const FitIssues& issues) {
  const std::uint64_t values =
      std::uint64_t{activity.developer.size()} * std::uint64_t{activity.records.size()};
  if (values > limits::kActivityRecords) {
    throw limits::exceeded(issues.at(m.offset), "developer values", values,
                           limits::kActivityRecords, "developer values (channels x records)");
  }
}

void FitDeveloperData::finish(Activity& activity) const {
  for (NamedChannel& c : activity.developer)
    c.values.resize(activity.records.size(), kMissing);
}

}  // namespace podium::sensor
