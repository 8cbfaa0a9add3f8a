#include "coco_json.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <utility>
#include <vector>

#include "podium/core/error.hpp"
#include "podium/vision/coco.hpp"

namespace podium::vision::coco_json {
namespace {

// Builds the DOM from nlohmann's SAX events (as its own DOM parser does), bounds the nesting
// depth and keeps the byte position of a syntax error, which nlohmann's exceptions for number
// overflow do not carry.
class LocatingSax {
 public:
  explicit LocatingSax(Json& root) : root_(root) {}
  bool null() { return add(nullptr); }
  bool boolean(bool v) { return add(v); }
  bool number_integer(Json::number_integer_t v) { return add(v); }
  bool number_unsigned(Json::number_unsigned_t v) { return add(v); }
  bool number_float(Json::number_float_t v, const Json::string_t&) { return add(v); }
  bool string(Json::string_t& v) { return add(std::move(v)); }
  bool binary(Json::binary_t& v) { return add(Json::binary(std::move(v))); }
  bool key(Json::string_t& v) {
    key_ = std::move(v);
    return true;
  }
  bool start_object(std::size_t) { return open(Json::object()); }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(Json::array()); }
  bool end_array() { return close(); }
  template <class Exception>
  bool parse_error(std::size_t position, const std::string&, const Exception& ex) {
    position_ = position;
    message_ = ex.what();
    return false;
  }

  bool too_deep() const { return too_deep_; }
  std::size_t position() const { return position_; }
  const std::string& message() const { return message_; }

 private:
  // Where the next value goes. The open containers' addresses stay valid: a parent array grows
  // only after its last element is closed.
  Json* slot() {
    if (open_.empty()) return &root_;
    Json& top = *open_.back();
    if (top.is_array()) {
      top.push_back(nullptr);
      return &top.back();
    }
    return &top[key_];  // a repeated key keeps the last value, as nlohmann's parser does
  }
  template <class V>
  bool add(V&& v) {
    *slot() = std::forward<V>(v);
    return true;
  }
  bool open(Json container) {
    if (open_.size() >= kMaxJsonDepth) {
      too_deep_ = true;
      return false;
    }
    Json* at = slot();
    *at = std::move(container);
    open_.push_back(at);
    return true;
  }
  bool close() {
    open_.pop_back();
    return true;
  }

  Json& root_;
  std::vector<Json*> open_;
  std::string key_;
  bool too_deep_ = false;
  std::size_t position_ = 0;
  std::string message_;
};

// "byte 57 (line 3, column 12)" for nlohmann's position (1-based index of the last byte read).
std::string json_location(std::string_view bytes, std::size_t position) {
  const std::size_t at = std::min(position > 0 ? position - 1 : 0, bytes.size());
  const std::string_view before = bytes.substr(0, at);
  const std::size_t line =
      1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t nl = before.rfind('\n');
  const std::size_t column = at - (nl == std::string_view::npos ? 0 : nl + 1) + 1;
  return "byte " + std::to_string(position) + " (line " + std::to_string(line) + ", column " +
         std::to_string(column) + ")";
}

// Python's json.dump writes NaN/Infinity, C's printf nan/inf: say so instead of "invalid literal".
bool looks_like_non_finite(std::string_view bytes, std::size_t position) {
  const std::size_t at = std::min(position > 0 ? position - 1 : 0, bytes.size());
  const auto wordy = [](char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '-' || c == '+';
  };
  std::size_t begin = at, end = at;
  while (begin > 0 && wordy(bytes[begin - 1]))
    --begin;
  while (end < bytes.size() && wordy(bytes[end]) && end - begin < 16)
    ++end;
  std::string word(bytes.substr(begin, end - begin));
  for (char& c : word)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!word.empty() && (word[0] == '-' || word[0] == '+')) word.erase(0, 1);
  return word == "nan" || word == "inf" || word == "infinity";
}

}  // namespace

[[noreturn]] void fail(const std::string& source, const std::string& what) {
  throw Error(ErrorKind::Format, source + ": " + what);
}

std::string Where::path() const {
  std::string p = std::string(array) + "[" + std::to_string(index) + "]";
  if (field != nullptr) p += std::string(".") + field;
  if (element != std::numeric_limits<std::size_t>::max()) p += "[" + std::to_string(element) + "]";
  return p;
}

void Where::fail(const std::string& what) const {
  coco_json::fail(source, path() + ": " + what);
}

Json parse_json(std::string_view bytes, const std::string& source) {
  if (bytes.size() > kCocoMaxJsonBytes) {
    fail(source, std::to_string(bytes.size()) + " bytes, at most " +
                     std::to_string(kCocoMaxJsonBytes) + " supported");
  }
  Json root;
  LocatingSax sax(root);
  if (Json::sax_parse(bytes, &sax)) return root;
  if (sax.too_deep()) {
    fail(source,
         "not valid COCO JSON: nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  }
  // nlohmann's message: "[json.exception.parse_error.101] parse error at line 1, column 2: what".
  std::string what = sax.message();
  if (const auto colon = what.find(": "); colon != std::string::npos) what.erase(0, colon + 2);
  if (const auto bracket = what.find("] ");
      what.rfind("[json.exception", 0) == 0 && bracket != std::string::npos)
    what.erase(0, bracket + 2);
  if (what.size() > 160) what = what.substr(0, 160) + "...";
  for (char& c : what) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  if (looks_like_non_finite(bytes, sax.position()))
    what += " (NaN and Infinity are not JSON numbers)";
  fail(source, json_location(bytes, sax.position()) + ": not valid JSON: " + what);
}

const Json& member(const Json& obj, const Where& w) {
  const auto it = obj.find(w.field);
  if (it == obj.end()) w.at(nullptr).fail(std::string("missing \"") + w.field + "\"");
  return *it;
}

const Json* optional_member(const Json& obj, const char* key) {
  const auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

double number(const Json& v, const Where& w) {
  if (!v.is_number()) w.fail(std::string("expected a number, got ") + v.type_name());
  const double x = v.get<double>();
  if (!std::isfinite(x)) w.fail("expected a finite number, got " + number_text(x));
  return x;
}

double non_negative(const Json& v, const Where& w) {
  const double x = number(v, w);
  if (x < 0) w.fail("expected a number >= 0, got " + number_text(x));
  return x;
}

std::int64_t integer(const Json& v, const Where& w) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      w.fail("integer " + std::to_string(u) + " is out of range");
    return static_cast<std::int64_t>(u);
  }
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number_float()) {
    // 785.0 is 785 to pycocotools (Python dict keys), so accept integral floats.
    const double x = v.get<double>();
    if (std::isfinite(x) && x == std::floor(x) && x >= -9.2e18 && x <= 9.2e18)
      return static_cast<std::int64_t>(x);
    w.fail("expected an integer, got " + number_text(x));
  }
  w.fail(std::string("expected an integer, got ") + v.type_name());
}

std::int64_t integer_in(const Json& v, const Where& w, std::int64_t lo, std::int64_t hi) {
  const std::int64_t x = integer(v, w);
  if (x < lo || x > hi) {
    w.fail("expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " +
           std::to_string(x));
  }
  return x;
}

const std::string& string_value(const Json& v, const Where& w) {
  if (!v.is_string()) w.fail(std::string("expected a string, got ") + v.type_name());
  return v.get_ref<const std::string&>();
}

const Json& array_of(const Json& v, const Where& w, std::size_t count) {
  if (!v.is_array()) w.fail(std::string("expected an array, got ") + v.type_name());
  if (v.size() != count) {
    w.fail("expected " + std::to_string(count) + " numbers, got " + std::to_string(v.size()));
  }
  return v;
}

const Json& record_array(const Json& root, const char* key, std::size_t max,
                         const std::string& source) {
  const auto it = root.find(key);
  if (it == root.end()) fail(source, std::string("missing \"") + key + "\"");
  if (!it->is_array())
    fail(source, std::string(key) + ": expected an array, got " + it->type_name());
  if (it->size() > max) {
    fail(source, std::string(key) + ": " + std::to_string(it->size()) + " entries, at most " +
                     std::to_string(max) + " supported");
  }
  return *it;
}

void expect_object(const Json& v, const Where& w) {
  if (!v.is_object()) w.fail(std::string("expected an object, got ") + v.type_name());
}

void insert_unique(std::unordered_map<std::int64_t, std::size_t>& ids, std::int64_t id,
                   const Where& w) {
  const auto [it, fresh] = ids.emplace(id, w.index);
  if (!fresh) {
    w.fail(std::to_string(id) + " repeats " + w.array + "[" + std::to_string(it->second) + "].id");
  }
}

}  // namespace podium::vision::coco_json
