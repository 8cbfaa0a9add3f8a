#include "podium/action/sequence_json.hpp"

#include <cmath>
#include <limits>
#include <unordered_set>

#include "podium/core/json.hpp"
#include "podium/core/limits.hpp"
#include "podium/core/message.hpp"
#include "sequence_io.hpp"

namespace podium::action {
namespace {

constexpr std::string_view kFormat = "podium.pose_sequences";
constexpr std::int64_t kVersion = 1;

std::string json_string(const std::string& s) {
  return json::Json(s).dump(-1, ' ', false, json::Json::error_handler_t::replace);
}

void append_values(std::string& out, const char* key, const std::vector<float>& values) {
  out += ",\"";
  out += key;
  out += "\":[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += std::isnan(values[i]) ? "null" : detail::float_text(values[i]);
  }
  out += ']';
}

const std::string* optional_string(const json::Json& obj, const json::Where& w, const char* key) {
  const json::Json* v = json::optional_member(obj, key);
  return v == nullptr ? nullptr : &json::string_value(*v, w.key(key));
}

// frames x keypoints numbers or nulls, as floats (a number past float's range is infinite, and
// validate() refuses it).
std::vector<float> values(const json::Json& obj, const json::Where& w, const char* key,
                          std::size_t count, bool required) {
  const json::Json* v = json::optional_member(obj, key);
  if (v == nullptr) {
    if (required) json::member(obj, w.key(key));  // throws: missing
    return std::vector<float>(count, std::numeric_limits<float>::quiet_NaN());
  }
  const json::Where at = w.key(key);
  const json::Json& a = json::number_array(*v, at, count);  // numbers or nulls
  std::vector<float> out(count);
  for (std::size_t i = 0; i < count; ++i) {
    out[i] = a[i].is_null() ? std::numeric_limits<float>::quiet_NaN()
                            : static_cast<float>(json::number(a[i], at.index(i)));
  }
  return out;
}

PoseSequence read_sequence(const json::Json& v, const json::Where& w) {
  json::expect_object(v, w);
  PoseSequence s;
  s.id = json::string_value(json::member(v, w.key("id")), w.key("id"));
  if (s.id.empty()) w.key("id").fail("must not be empty");
  if (const std::string* t = optional_string(v, w, "source")) s.source = *t;
  if (const std::string* t = optional_string(v, w, "group")) s.group = *t;
  if (const std::string* t = optional_string(v, w, "label")) s.label = *t;
  const std::string& layout = json::string_value(json::member(v, w.key("layout")), w.key("layout"));
  const auto l = vision::layout_named(layout);
  if (!l) {
    w.key("layout").fail("unknown layout " + quoted_for_message(layout) +
                         " (coco17, blazepose33, openpose18, movenet13)");
  }
  s.layout = *l;
  const std::string& coordinates =
      json::string_value(json::member(v, w.key("coordinates")), w.key("coordinates"));
  const auto c = coordinates_named(coordinates);
  if (!c) {
    w.key("coordinates")
        .fail("unknown coordinates " + quoted_for_message(coordinates) +
              " (pixels, normalized, minmax_per_frame)");
  }
  s.coordinates = *c;
  if (const json::Json* fps = json::optional_member(v, "fps"))
    s.fps = json::non_negative(*fps, w.key("fps"));
  s.frames = static_cast<std::size_t>(
      json::integer_in(json::member(v, w.key("frames")), w.key("frames"), 1,
                       static_cast<std::int64_t>(limits::kPoseSequenceFrames)));
  const std::size_t count = s.frames * s.keypoints();
  s.x = values(v, w, "x", count, true);
  s.y = values(v, w, "y", count, true);
  s.score = values(v, w, "score", count, false);
  if (json::optional_member(v, "segments") != nullptr) {
    const json::Where sw = w.key("segments");
    const json::Json& segments = json::array_member(v, sw, s.frames);
    for (std::size_t i = 0; i < segments.size(); ++i) {
      const json::Where g = sw.index(i);
      json::expect_object(segments[i], g);
      Segment segment;
      segment.start = json::integer(json::member(segments[i], g.key("start")), g.key("start"));
      segment.end = json::integer(json::member(segments[i], g.key("end")), g.key("end"));
      segment.label = json::string_value(json::member(segments[i], g.key("label")), g.key("label"));
      s.segments.push_back(std::move(segment));
    }
  }
  detail::validate_in(s, w.place());
  return s;
}

}  // namespace

std::string write_sequences_json(std::span<const PoseSequence> sequences) {
  std::string out = "{\"format\":\"" + std::string(kFormat) +
                    "\",\"version\":" + std::to_string(kVersion) + ",\"sequences\":[";
  for (std::size_t i = 0; i < sequences.size(); ++i) {
    const PoseSequence& s = sequences[i];
    out += i > 0 ? ",\n" : "\n";
    out += "{\"id\":" + json_string(s.id) + ",\"source\":" + json_string(s.source) +
           ",\"group\":" + json_string(s.group) + ",\"layout\":\"" +
           std::string(vision::layout_info(s.layout).name) + "\",\"coordinates\":\"" +
           std::string(coordinates_name(s.coordinates)) + "\",\"fps\":" + json::Json(s.fps).dump() +
           ",\"frames\":" + std::to_string(s.frames) + ",\"label\":" + json_string(s.label) +
           ",\"segments\":[";
    for (std::size_t g = 0; g < s.segments.size(); ++g) {
      const Segment& segment = s.segments[g];
      out += (g > 0 ? ",{\"start\":" : "{\"start\":") + std::to_string(segment.start) +
             ",\"end\":" + std::to_string(segment.end) +
             ",\"label\":" + json_string(segment.label) + "}";
    }
    out += ']';
    append_values(out, "x", s.x);
    append_values(out, "y", s.y);
    append_values(out, "score", s.score);
    out += '}';
  }
  out += "\n]}\n";
  return out;
}

std::vector<PoseSequence> parse_sequences_json(std::string_view bytes, const std::string& source) {
  const json::Json root = json::parse(bytes, source, limits::kFileBytes);
  const json::Where w(source);
  json::expect_object(root, w);
  const std::string& format =
      json::string_value(json::member(root, w.key("format")), w.key("format"));
  if (format != kFormat) {
    w.key("format").fail("expected \"" + std::string(kFormat) + "\", got " +
                         quoted_for_message(format));
  }
  json::integer_in(json::member(root, w.key("version")), w.key("version"), kVersion, kVersion);
  const json::Where list = w.key("sequences");
  const json::Json& items = json::array_member(root, list, limits::kPoseSequences);
  std::vector<PoseSequence> out;
  out.reserve(items.size());
  std::unordered_set<std::string> ids;
  for (std::size_t i = 0; i < items.size(); ++i) {
    out.push_back(read_sequence(items[i], list.index(i)));
    if (!ids.insert(out.back().id).second) {
      list.index(i).key("id").fail(quoted_for_message(out.back().id) +
                                   " is the id of an earlier sequence");
    }
  }
  return out;
}

}  // namespace podium::action
