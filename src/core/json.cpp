#include "podium/core/json.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "podium/core/limits.hpp"
#include "podium/core/message.hpp"

namespace podium::json {
namespace {

// Builds the DOM from nlohmann's SAX events (as its own DOM parser does), bounds the nesting
// depth and the number of values (limits::kJsonValues: a value costs 16 to ~100 bytes, so a few
// hundred MB of "0," would otherwise take gigabytes) and keeps the byte position of a syntax
// error, which nlohmann's exceptions for number overflow do not carry.
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
  bool too_many() const { return values_ > limits::kJsonValues; }
  std::uint64_t values() const { return values_; }
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
    if (++values_ > limits::kJsonValues) return false;
    *slot() = std::forward<V>(v);
    return true;
  }
  bool open(Json container) {
    if (open_.size() >= kMaxDepth) {
      too_deep_ = true;
      return false;
    }
    if (++values_ > limits::kJsonValues) return false;
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
  std::uint64_t values_ = 0;
  std::size_t position_ = 0;
  std::string message_;
};

// Place of nlohmann's position (1-based index of the last byte read): byte, line and column.
Place located(std::string_view bytes, std::size_t position, const std::string& source) {
  const std::size_t at = std::min(position > 0 ? position - 1 : 0, bytes.size());
  const std::string_view before = bytes.substr(0, at);
  const std::size_t line =
      1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t nl = before.rfind('\n');
  const std::size_t column = at - (nl == std::string_view::npos ? 0 : nl + 1) + 1;
  return Place{.source = source, .byte = position, .line = line, .column = column};
}

// The 1-based position of the first opening bracket past kMaxDepth. The SAX parser has accepted
// every byte before it, so strings are well formed and only their quotes and escapes matter.
std::size_t too_deep_position(std::string_view bytes) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) return i + 1;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return bytes.size();
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

// nlohmann's message without its prefix ("[json.exception.parse_error.101] parse error at line 1,
// column 2: "), cut and on one line.
std::string syntax_problem(std::string what) {
  if (const auto colon = what.find(": "); colon != std::string::npos) what.erase(0, colon + 2);
  if (const auto bracket = what.find("] ");
      what.rfind("[json.exception", 0) == 0 && bracket != std::string::npos)
    what.erase(0, bracket + 2);
  if (what.size() > 160) what = what.substr(0, 160) + "...";
  for (char& c : what) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return what;
}

}  // namespace

Json parse(std::string_view bytes, const std::string& source, std::size_t max_bytes) {
  if (bytes.size() > max_bytes)
    throw limits::exceeded(source, "size", bytes.size(), max_bytes, "bytes of JSON");
  Json root;
  LocatingSax sax(root);
  if (Json::sax_parse(bytes, &sax)) return root;
  if (sax.too_many()) {
    // Counting stops at the first value past the limit: the document has at least that many.
    throw limits::exceeded(source, "values", sax.values(), limits::kJsonValues,
                           "values per JSON document");
  }
  if (sax.too_deep()) {
    throw Error(ErrorKind::Format, located(bytes, too_deep_position(bytes), source),
                "not valid JSON: nested deeper than " + std::to_string(kMaxDepth) + " levels");
  }
  std::string what = syntax_problem(sax.message());
  if (looks_like_non_finite(bytes, sax.position()))
    what += " (NaN and Infinity are not JSON numbers)";
  throw Error(ErrorKind::Format, located(bytes, sax.position(), source), "not valid JSON: " + what);
}

Where Where::key(const char* k) const {
  PODIUM_ASSERT(size_ < kMaxSegments);
  Where w = *this;
  w.segments_[w.size_++] = {k, 0};
  return w;
}

Where Where::index(std::size_t i) const {
  PODIUM_ASSERT(size_ < kMaxSegments);
  Where w = *this;
  w.segments_[w.size_++] = {nullptr, i};
  return w;
}

Where Where::named(const std::string& base) const {
  Where w(*this);
  w.base_ = base;
  w.size_ = 0;
  return w;
}

Where Where::parent() const {
  PODIUM_ASSERT(size_ > 0);
  Where w = *this;
  --w.size_;
  return w;
}

std::string Where::path() const {
  std::string p(base_);
  for (std::size_t s = 0; s < size_; ++s) {
    const Segment& seg = segments_[s];
    if (seg.key == nullptr) {
      p += "[" + std::to_string(seg.index) + "]";
    } else {
      if (!p.empty()) p += s == 0 ? ": " : ".";
      // Keys read from the document may hold anything; a message stays one line.
      for (const char* c = seg.key; *c != '\0'; ++c)
        p += (static_cast<unsigned char>(*c) < 0x20 || *c == 0x7f) ? '?' : *c;
    }
  }
  return p;
}

Place Where::place() const {
  return Place{.source = std::string(source_), .field = path()};
}

void Where::fail(const std::string& problem) const {
  throw Error(ErrorKind::Format, place(), problem);
}

const Json& member(const Json& obj, const Where& w) {
  PODIUM_ASSERT(w.size_ > 0 && w.segments_[w.size_ - 1].key != nullptr);
  const char* key = w.segments_[w.size_ - 1].key;
  expect_object(obj, w.parent());
  const auto it = obj.find(key);
  if (it == obj.end()) w.parent().fail(std::string("missing \"") + key + "\"");
  return *it;
}

const Json* optional_member(const Json& obj, const char* key) {
  const auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

void expect_object(const Json& v, const Where& w) {
  if (!v.is_object()) w.fail(std::string("expected an object, got ") + v.type_name());
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

std::uint64_t unsigned_integer(const Json& v, const Where& w) {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  return static_cast<std::uint64_t>(integer_in(v, w, 0, std::numeric_limits<std::int64_t>::max()));
}

const std::string& string_value(const Json& v, const Where& w) {
  if (!v.is_string()) w.fail(std::string("expected a string, got ") + v.type_name());
  return v.get_ref<const std::string&>();
}

bool boolean(const Json& v, const Where& w) {
  if (!v.is_boolean()) w.fail(std::string("expected a boolean, got ") + v.type_name());
  return v.get<bool>();
}

const Json& array(const Json& v, const Where& w, std::size_t max) {
  if (!v.is_array()) w.fail(std::string("expected an array, got ") + v.type_name());
  if (v.size() > max) {
    w.fail(std::to_string(v.size()) + " entries, at most " + std::to_string(max) + " supported");
  }
  return v;
}

const Json& number_array(const Json& v, const Where& w, std::size_t count) {
  if (!v.is_array()) w.fail(std::string("expected an array, got ") + v.type_name());
  if (v.size() != count) {
    w.fail("expected " + std::to_string(count) + " numbers, got " + std::to_string(v.size()));
  }
  return v;
}

const Json& array_member(const Json& obj, const Where& w, std::size_t max) {
  return array(member(obj, w), w, max);
}

void insert_unique(std::unordered_map<std::int64_t, std::size_t>& ids, std::int64_t id,
                   const Where& w) {
  PODIUM_ASSERT(w.size_ >= 2 && w.segments_[w.size_ - 2].key == nullptr);
  const auto [it, fresh] = ids.emplace(id, w.segments_[w.size_ - 2].index);
  if (!fresh) {
    Where first = w;
    first.segments_[first.size_ - 2].index = it->second;
    w.fail(std::to_string(id) + " repeats " + first.path());
  }
}

std::int64_t proto_int64(const Json& v, const Where& w) {
  if (!v.is_string()) return integer(v, w);
  const std::string& s = v.get_ref<const std::string&>();
  std::int64_t x = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty())
    w.fail("expected an integer, got " + quoted_for_message(s));
  return x;
}

double proto_double(const Json& v, const Where& w) {
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (s == "Infinity") return std::numeric_limits<double>::infinity();
    if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
    w.fail("expected a number, got " + quoted_for_message(s));
  }
  if (!v.is_number()) w.fail(std::string("expected a number, got ") + v.type_name());
  return v.get<double>();
}

Json number_or_null(double v) {
  return std::isfinite(v) ? Json(v) : Json(nullptr);
}

}  // namespace podium::json
