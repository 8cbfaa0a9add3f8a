// Growing an Activity within podium's limits (core/limits.hpp; internal to the readers).
//
// Contract: `append_within` appends to one of an Activity's vectors, or throws
// limits::exceeded(where(), what, limit + 1, limit, unit) when it already holds `limit` items,
// in lenient and strict mode alike (a limit is not leniency). `where` is called only to throw, so
// a reader can place the error at the offending item's byte (and line and column in XML) at no
// cost on the way. Capacity grows by doubling but never past `limit`: a vector at its limit holds
// no more memory than `limit` items. `check_text` refuses a text value an Activity keeps that is
// longer than kActivityTextBytes, placed the same way.
//
//   append_within(activity.records, record, limits::kActivityRecords,
//                 [&] { return issues.at(m.offset); }, "records", "records per activity");
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "podium/core/limits.hpp"

namespace podium::sensor {

template <class T, class Where>
void append_within(std::vector<T>& items, T item, std::uint64_t limit, const Where& where,
                   const char* what, const char* unit) {
  if (items.size() >= limit) throw limits::exceeded(where(), what, limit + 1, limit, unit);
  if (items.size() == items.capacity()) {
    constexpr std::uint64_t kFirstCapacity = 16;
    items.reserve(static_cast<std::size_t>(
        std::min<std::uint64_t>(limit, std::max<std::uint64_t>(kFirstCapacity, 2 * items.size()))));
  }
  items.push_back(std::move(item));
}

template <class Where>
void check_text(std::string_view text, const Where& where, const char* what) {
  if (text.size() > limits::kActivityTextBytes) {
    throw limits::exceeded(where(), what, text.size(), limits::kActivityTextBytes,
                           "bytes per text value");
  }
}

}  // namespace podium::sensor
