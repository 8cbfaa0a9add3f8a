// Store: importing activities and reading them back (the Store class's activity half).
#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "podium/core/calendar.hpp"
#include "podium/core/error.hpp"
#include "podium/core/json.hpp"
#include "podium/core/limits.hpp"
#include "podium/core/message.hpp"
#include "podium/store/store.hpp"
#include "store/codec.hpp"
#include "store/store_impl.hpp"

namespace podium::store {
namespace {

constexpr double kMmpScaleW = 0.01;
// Start times beyond ±1e13 s (over 300 000 years) are bogus and would not fit an int32 day.
constexpr double kMaxAbsStartUtcS = 1e13;

// A field of the record to import that breaks its rule: "import: samples = -1: must be >= 0".
[[noreturn]] void invalid_import(Place field, const std::string& problem) {
  field.source = "import";
  throw Error(ErrorKind::InvalidInput, std::move(field), problem);
}

bool is_sha256_hex(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

void validate_record(const ActivityRecord& r) {
  validate_athlete_id(r.athlete_id);
  if (!is_sha256_hex(r.content_sha256)) {
    invalid_import({.field = "content_sha256"},
                   quoted_for_message(r.content_sha256) + " is not 64 lower-case hex digits");
  }
  if (r.format.empty()) invalid_import({.field = "format"}, "empty");
  if (r.samples < 0)
    invalid_import({.field = "samples", .value = std::to_string(r.samples)}, "must be >= 0");
  if (!std::isnan(r.start_utc_s) && !(std::fabs(r.start_utc_s) <= kMaxAbsStartUtcS)) {
    invalid_import({.field = "start_utc_s", .value = number_text(r.start_utc_s)},
                   "must be NaN or within ±1e13 s");
  }
  for (std::size_t i = 0; i < r.channels.size(); ++i) {
    const std::string& name = r.channels[i].name;
    const bool printable = std::none_of(name.begin(), name.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
    });
    if (name.empty() || name.size() > limits::kStoredNameBytes || !printable) {
      invalid_import({.field = "channels[" + std::to_string(i) + "].name"},
                     quoted_for_message(name) + " is not 1-" +
                         std::to_string(limits::kStoredNameBytes) +
                         " bytes without control characters");
    }
  }
  for (const auto& [name, value] : r.metrics) {
    if (name.empty()) invalid_import({.field = "metrics"}, "empty metric name");
    if (!std::isfinite(value)) {
      invalid_import({.field = "metrics." + name, .value = number_text(value)},
                     "must be finite (leave unknowns out)");
    }
  }
}

std::vector<std::string> parse_warnings(const std::string& where, const std::string& text) {
  const json::Where w = json::Where(where).key("warnings");
  const json::Json j = json::parse(text, w.place().text(), limits::kStoredJsonBytes);
  const json::Json& list = json::array(j, w, limits::kStoredJsonItems);
  std::vector<std::string> warnings;
  warnings.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i)
    warnings.push_back(json::string_value(list[i], w.index(i)));
  return warnings;
}

void read_channels(const Db& db, ActivityRecord& r, std::int64_t declared) {
  const std::string where = db.path() + ": activity " + std::to_string(r.id);
  Statement s(db,
              "SELECT name, encoding, scale, n, data FROM activity_channels"
              " WHERE activity_id = ? ORDER BY position",
              "read activity_channels");
  s.bind(1, r.id);
  while (s.step()) {
    Channel c{s.text(0), s.real(2), {}};
    const std::string what = where + " channel \"" + c.name + "\"";
    const ChannelHeader h = read_channel_header(s.blob(4), what);
    if (h.encoding != s.text(1) || h.scale != c.scale ||
        h.n != static_cast<std::uint64_t>(s.int64(3)))
      throw Error(ErrorKind::Format, Place{.source = what}, "blob header disagrees with its row");
    c.values = decode_channel(s.blob(4), what);
    r.channels.push_back(std::move(c));
  }
  if (static_cast<std::int64_t>(r.channels.size()) != declared) {
    throw Error(ErrorKind::Format, Place{.source = where},
                std::to_string(r.channels.size()) + " channel rows, the activity declares " +
                    std::to_string(declared));
  }
}

void read_metrics_and_mmp(const Db& db, ActivityRecord& r) {
  Statement m(db, "SELECT name, value FROM activity_metrics WHERE activity_id = ? ORDER BY name",
              "read activity_metrics");
  m.bind(1, r.id);
  while (m.step())
    r.metrics.emplace_back(m.text(0), m.real(1));
  Statement p(db, "SELECT n, data FROM activity_mmp WHERE activity_id = ?", "read activity_mmp");
  p.bind(1, r.id);
  if (!p.step()) return;
  const std::string what = db.path() + ": activity " + std::to_string(r.id) + " mmp";
  r.mmp_w = decode_channel(p.blob(1), what);
  if (static_cast<std::int64_t>(r.mmp_w.size()) != p.int64(0))
    throw Error(ErrorKind::Format, Place{.source = what},
                "blob holds " + std::to_string(r.mmp_w.size()) + " values, the row says " +
                    std::to_string(p.int64(0)));
}

std::vector<std::pair<std::int32_t, double>> metric_rows(const Db& db, const std::string& athlete,
                                                         const std::string& metric) {
  Statement s(db,
              "SELECT a.start_utc_s, m.value FROM activities a"
              " JOIN activity_metrics m ON m.activity_id = a.id"
              " WHERE a.athlete_id = ? AND m.name = ? AND a.start_utc_s IS NOT NULL"
              " ORDER BY a.start_utc_s, a.id",
              "read metric " + metric);
  s.bind(1, athlete).bind(2, metric);
  std::vector<std::pair<std::int32_t, double>> rows;
  while (s.step())
    rows.emplace_back(day_of_utc(s.real(0)), s.real(1));
  return rows;
}

}  // namespace

ImportResult Store::import_activity(const ActivityRecord& r) {
  Db& db = impl_->db;
  validate_record(r);
  // Encode before taking the write lock: the transaction then holds it only for the SQL.
  std::vector<EncodedChannel> encoded;
  for (std::size_t i = 0; i < r.channels.size(); ++i) {
    try {
      encoded.push_back(encode_channel(r.channels[i].values, r.channels[i].scale));
    } catch (const Error& e) {
      invalid_import({.field = "channels[" + std::to_string(i) + "]." + e.place().field,
                      .value = e.place().value},
                     e.problem());
    }
  }
  const EncodedChannel mmp = encode_channel(r.mmp_w, kMmpScaleW);

  Transaction tx(db, "import " + r.file_name);
  require_athlete(db, r.athlete_id);
  if (auto existing = find_activity(r.athlete_id, r.content_sha256)) return {*existing, true};

  Statement a(db,
              "INSERT INTO activities (athlete_id, content_sha256, file_name, format, sport,"
              " start_utc_s, device, samples, channel_count, imported_at_utc_s, warnings,"
              " summary_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
              "insert activities");
  a.bind(1, r.athlete_id)
      .bind(2, r.content_sha256)
      .bind(3, r.file_name)
      .bind(4, r.format)
      .bind(5, r.sport)
      .bind(6, r.start_utc_s)
      .bind(7, r.device)
      .bind(8, r.samples)
      .bind(9, static_cast<std::int64_t>(r.channels.size()))
      .bind(10, now_utc_s())
      .bind(11, nlohmann::json(r.warnings).dump())
      .bind(12, r.summary_json);
  const bool returned_id = a.step();
  PODIUM_ASSERT(returned_id);  // INSERT ... RETURNING yields its row or throws
  const std::int64_t id = a.int64(0);
  a.run();  // finishes the INSERT ... RETURNING

  for (std::size_t i = 0; i < r.channels.size(); ++i) {
    Statement c(db,
                "INSERT INTO activity_channels (activity_id, position, name, encoding, scale, n,"
                " data) VALUES (?, ?, ?, ?, ?, ?, ?)",
                "insert activity_channels \"" + r.channels[i].name + "\"");
    c.bind(1, id)
        .bind(2, static_cast<std::int64_t>(i))
        .bind(3, r.channels[i].name)
        .bind(4, encoded[i].encoding)
        .bind(5, r.channels[i].scale)
        .bind(6, static_cast<std::int64_t>(r.channels[i].values.size()))
        .bind_blob(7, encoded[i].blob);
    c.run();
  }
  for (const auto& [name, value] : r.metrics) {
    Statement m(db, "INSERT INTO activity_metrics (activity_id, name, value) VALUES (?, ?, ?)",
                "insert activity_metrics \"" + name + "\"");
    m.bind(1, id).bind(2, name).bind(3, value);
    m.run();
  }
  if (!r.mmp_w.empty()) {
    Statement p(db, "INSERT INTO activity_mmp (activity_id, n, data) VALUES (?, ?, ?)",
                "insert activity_mmp");
    p.bind(1, id).bind(2, static_cast<std::int64_t>(r.mmp_w.size())).bind_blob(3, mmp.blob);
    p.run();
  }
  audit(db, impl_->actor, "activity.import", r.athlete_id,
        "athlete=" + r.athlete_id + " activity=" + std::to_string(id) +
            " sha256=" + r.content_sha256);
  tx.commit();
  return {id, false};
}

std::optional<ActivityRecord> Store::activity(std::int64_t id, bool with_channels) const {
  const Db& db = impl_->db;
  Statement s(db,
              "SELECT athlete_id, content_sha256, file_name, format, sport, start_utc_s, device,"
              " samples, channel_count, imported_at_utc_s, warnings, summary_json"
              " FROM activities WHERE id = ?",
              "read activities");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  ActivityRecord r;
  r.id = id;
  r.athlete_id = s.text(0);
  r.content_sha256 = s.text(1);
  r.file_name = s.text(2);
  r.format = s.text(3);
  r.sport = s.text(4);
  r.start_utc_s = s.real(5);
  r.device = s.text(6);
  r.samples = s.int64(7);
  r.imported_at_utc_s = s.int64(9);
  r.warnings = parse_warnings(db.path() + ": activity " + std::to_string(id), s.text(10));
  r.summary_json = s.text(11);
  if (with_channels) read_channels(db, r, s.int64(8));
  read_metrics_and_mmp(db, r);
  return r;
}

std::vector<ActivitySummary> Store::activities(const std::string& athlete) const {
  const Db& db = impl_->db;
  require_athlete(db, athlete);
  Statement s(db,
              "SELECT id, file_name, format, sport, start_utc_s, samples, content_sha256"
              " FROM activities WHERE athlete_id = ?"
              " ORDER BY CASE WHEN start_utc_s IS NULL THEN 1 ELSE 0 END, start_utc_s, id",
              "list activities");
  s.bind(1, athlete);
  std::vector<ActivitySummary> out;
  while (s.step()) {
    out.push_back({s.int64(0), s.text(1), s.text(2), s.text(3), s.real(4), s.int64(5), s.text(6)});
  }
  return out;
}

std::optional<std::int64_t> Store::find_activity(const std::string& athlete,
                                                 const std::string& content_sha256) const {
  Statement s(impl_->db, "SELECT id FROM activities WHERE athlete_id = ? AND content_sha256 = ?",
              "find activity");
  s.bind(1, athlete).bind(2, content_sha256);
  if (!s.step()) return std::nullopt;
  return s.int64(0);
}

std::vector<std::pair<std::int32_t, double>> Store::daily_metric(const std::string& athlete,
                                                                 const std::string& metric) const {
  require_athlete(impl_->db, athlete);
  std::map<std::int32_t, double> by_day;
  for (const auto& [day, value] : metric_rows(impl_->db, athlete, metric))
    by_day[day] += value;
  return {by_day.begin(), by_day.end()};
}

std::vector<std::pair<std::int32_t, double>> Store::metric_by_activity(
    const std::string& athlete, const std::string& metric) const {
  require_athlete(impl_->db, athlete);
  return metric_rows(impl_->db, athlete, metric);
}

}  // namespace podium::store
