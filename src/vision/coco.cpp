// COCO keypoints: parsing (ground truth, results), pycocotools-exact evaluation, PCK, export.
//
// Evaluation follows pycocotools' cocoeval.py (computeOks, evaluateImg, accumulate, summarize)
// operation by operation, including numpy's pairwise summation order and linspace thresholds,
// so that the numbers agree to the last bit wherever libm's exp() agrees with numpy's.
#include "podium/vision/coco.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "podium/core/error.hpp"
#include "podium/vision/person.hpp"
#include "podium/vision/skeleton.hpp"

namespace podium::vision {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kMaxJsonDepth =
    64;  // COCO files nest 5 deep (annotations[].segmentation[][])
constexpr std::size_t kMaxDetections = 20;  // pycocotools keypoint Params.maxDets
constexpr std::size_t kKeypoints = kCocoKeypointCount;
constexpr std::size_t kThresholds = 10;
constexpr std::size_t kRecallPoints = 101;
constexpr std::size_t kAreaRanges = 3;  // all, medium, large
// np.linspace(.5, 0.95, 10) as pycocotools' setKpParams makes it (not rounded: 0.8999...).
constexpr std::array<double, kThresholds> kOksThresholds = {
    0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95};
constexpr std::array<std::array<double, 2>, kAreaRanges> kAreaRangesPx2 = {
    {{0.0, 1e5 * 1e5}, {32.0 * 32.0, 96.0 * 96.0}, {96.0 * 96.0, 1e5 * 1e5}}};
constexpr double kNumpyEps = 2.220446049250313e-16;  // np.spacing(1)

// ---------------------------------------------------------------------------------------------
// JSON reading with locations

[[noreturn]] void fail(const std::string& source, const std::string& what) {
  throw Error(ErrorKind::Format, source + ": " + what);
}

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

// Where a value sits: "annotations[12].keypoints[3]", built only when an error is reported.
struct Where {
  const std::string& source;
  const char* array;  // "annotations"; "" for a top-level array
  std::size_t index;
  const char* field = nullptr;
  std::size_t element = std::numeric_limits<std::size_t>::max();

  Where at(const char* f) const { return {source, array, index, f}; }
  Where item(std::size_t e) const { return {source, array, index, field, e}; }
  std::string path() const {
    std::string p = std::string(array) + "[" + std::to_string(index) + "]";
    if (field != nullptr) p += std::string(".") + field;
    if (element != std::numeric_limits<std::size_t>::max())
      p += "[" + std::to_string(element) + "]";
    return p;
  }
  [[noreturn]] void fail(const std::string& what) const {
    vision::fail(source, path() + ": " + what);
  }
};

// The shortest text that reads back as v: 0.1, -5, 1e+300, nan.
std::string number_text(double v) {
  char buf[32];
  const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  return {buf, end};
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

std::array<double, 4> parse_box(const Json& v, const Where& w) {
  const Json& a = array_of(v, w, 4);
  std::array<double, 4> box{};
  for (std::size_t i = 0; i < 4; ++i)
    box[i] = i < 2 ? number(a[i], w.item(i)) : non_negative(a[i], w.item(i));
  return box;
}

// A top-level member that must be an array of objects, bounded.
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

// id -> index of its first record; a repeat is an error naming both.
void insert_unique(std::unordered_map<std::int64_t, std::size_t>& ids, std::int64_t id,
                   const Where& w) {
  const auto [it, fresh] = ids.emplace(id, w.index);
  if (!fresh) {
    w.fail(std::to_string(id) + " repeats " + w.array + "[" + std::to_string(it->second) + "].id");
  }
}

CocoAnnotation parse_annotation(const Json& a, const Where& w,
                                const std::unordered_map<std::int64_t, std::size_t>& images,
                                const std::unordered_map<std::int64_t, std::size_t>& categories) {
  expect_object(a, w);
  CocoAnnotation ann;
  ann.id =
      integer_in(member(a, w.at("id")), w.at("id"), 1, std::numeric_limits<std::int64_t>::max());
  ann.image_id = integer(member(a, w.at("image_id")), w.at("image_id"));
  if (!images.contains(ann.image_id))
    w.at("image_id").fail(std::to_string(ann.image_id) + " is not the id of an image");
  ann.category_id = integer(member(a, w.at("category_id")), w.at("category_id"));
  if (!categories.contains(ann.category_id))
    w.at("category_id").fail(std::to_string(ann.category_id) + " is not the id of a category");
  const Where wk = w.at("keypoints");
  const Json& kps = array_of(member(a, wk), wk, kCocoKeypointValues);
  for (std::size_t i = 0; i < kps.size(); ++i) {
    ann.keypoints[i] = number(kps[i], wk.item(i));
    if (i % 3 == 2 && ann.keypoints[i] != 0 && ann.keypoints[i] != 1 && ann.keypoints[i] != 2) {
      wk.item(i).fail("visibility " + number_text(ann.keypoints[i]) + ", expected 0, 1 or 2");
    }
  }
  ann.num_keypoints = static_cast<int>(
      integer_in(member(a, w.at("num_keypoints")), w.at("num_keypoints"), 0, kCocoKeypointCount));
  ann.bbox = parse_box(member(a, w.at("bbox")), w.at("bbox"));
  // PoseTrack18 and other COCO-style sets leave "area" out; the box's area stands in (as mmpose's
  // converters do), since COCO's own areas are segment areas podium could not recompute anyway.
  if (const Json* area = optional_member(a, "area")) {
    ann.area = non_negative(*area, w.at("area"));
  } else {
    ann.area = ann.bbox[2] * ann.bbox[3];
  }
  const Json& crowd = member(a, w.at("iscrowd"));
  ann.iscrowd =
      crowd.is_boolean() ? crowd.get<bool>() : integer_in(crowd, w.at("iscrowd"), 0, 1) == 1;
  return ann;
}

// ---------------------------------------------------------------------------------------------
// numpy-exact arithmetic

// numpy's pairwise summation (np.sum / np.add.reduce of a contiguous float64 array).
double pairwise_sum(const double* a, std::size_t n) {
  if (n < 8) {
    double res = 0.;
    for (std::size_t i = 0; i < n; ++i)
      res += a[i];
    return res;
  }
  if (n <= 128) {
    double r[8];
    for (std::size_t j = 0; j < 8; ++j)
      r[j] = a[j];
    std::size_t i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (std::size_t j = 0; j < 8; ++j)
        r[j] += a[i + j];
    }
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i)
      res += a[i];
    return res;
  }
  std::size_t n2 = n / 2;
  n2 -= n2 % 8;
  return pairwise_sum(a, n2) + pairwise_sum(a + n2, n - n2);
}

// np.mean(values): the reduction runs in buffers of 8192 elements.
double numpy_mean(const std::vector<double>& v) {
  constexpr std::size_t kBuffer = 8192;
  double sum = 0;
  for (std::size_t i = 0; i < v.size(); i += kBuffer)
    sum += pairwise_sum(v.data() + i, std::min(kBuffer, v.size() - i));
  return sum / static_cast<double>(v.size());
}

// np.max((0, v), axis=0): NaN wins, as in np.maximum.
double max0(double v) {
  return std::isnan(v) ? v : std::max(0.0, v);
}

// ---------------------------------------------------------------------------------------------
// Evaluation

// One image, category and area range after matching (pycocotools' evalImgs entry).
struct EvalImage {
  std::vector<double> scores;  // best first, at most kMaxDetections
  std::array<std::vector<char>, kThresholds> matched;
  std::array<std::vector<char>, kThresholds> ignored;
  std::size_t counted_gt = 0;  // ground truth not ignored
};

// One image and category.
struct Bucket {
  std::vector<std::size_t> gts;  // annotation indices, file order
  std::vector<std::size_t> dts;  // result indices, file order
};

double result_area(const CocoResult& r, bool from_box) {
  if (from_box) return (*r.bbox)[2] * (*r.bbox)[3];
  double x0 = r.keypoints[0], x1 = x0, y0 = r.keypoints[1], y1 = y0;
  for (std::size_t i = 1; i < kKeypoints; ++i) {
    x0 = std::min(x0, r.keypoints[3 * i]);
    x1 = std::max(x1, r.keypoints[3 * i]);
    y0 = std::min(y0, r.keypoints[3 * i + 1]);
    y1 = std::max(y1, r.keypoints[3 * i + 1]);
  }
  return (x1 - x0) * (y1 - y0);
}

bool outside(double area, std::size_t range) {
  return area < kAreaRangesPx2[range][0] || area > kAreaRangesPx2[range][1];
}

EvalImage evaluate_image(const std::vector<const CocoAnnotation*>& gts,
                         const std::vector<const CocoResult*>& dts,
                         const std::vector<double>& dt_areas,
                         const std::vector<std::vector<double>>& oks, std::size_t range) {
  const std::size_t gt_count = gts.size(), dt_count = dts.size();
  std::vector<char> gt_ignore(gt_count);
  for (std::size_t g = 0; g < gt_count; ++g) {
    const CocoAnnotation& a = *gts[g];
    gt_ignore[g] = a.iscrowd || a.num_keypoints == 0 || outside(a.area, range);
  }
  std::vector<std::size_t> order(gt_count);  // ignored ground truth last, stable
  for (std::size_t g = 0; g < gt_count; ++g)
    order[g] = g;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return gt_ignore[a] < gt_ignore[b]; });

  EvalImage e;
  for (const CocoResult* d : dts)
    e.scores.push_back(d->score);
  for (std::size_t g = 0; g < gt_count; ++g)
    e.counted_gt += gt_ignore[g] ? 0 : 1;
  for (std::size_t t = 0; t < kThresholds; ++t) {
    std::vector<char>& dtm = e.matched[t];
    std::vector<char>& dtig = e.ignored[t];
    dtm.assign(dt_count, 0);
    dtig.assign(dt_count, 0);
    std::vector<char> gtm(gt_count, 0);
    if (gt_count > 0) {
      for (std::size_t d = 0; d < dt_count; ++d) {
        double best = std::min(kOksThresholds[t], 1 - 1e-10);
        std::ptrdiff_t m = -1;
        for (std::size_t s = 0; s < gt_count; ++s) {
          const std::size_t g = order[s];
          if (gtm[s] && !gts[g]->iscrowd) continue;
          if (m > -1 && !gt_ignore[order[m]] && gt_ignore[g]) break;
          if (oks[d][g] < best) continue;
          best = oks[d][g];
          m = static_cast<std::ptrdiff_t>(s);
        }
        if (m == -1) continue;
        dtig[d] = gt_ignore[order[m]];
        dtm[d] = 1;
        gtm[m] = 1;
      }
    }
    for (std::size_t d = 0; d < dt_count; ++d) {
      if (!dtm[d] && outside(dt_areas[d], range)) dtig[d] = 1;
    }
  }
  return e;
}

// Fills precision[t][r] (101 points) and recall[t] for one category and area range; leaves -1
// when there is no ground truth to find.
void accumulate(const std::vector<EvalImage>& images, double* precision, double* recall) {
  std::size_t counted = 0;
  struct Det {
    double score;
    const EvalImage* image;
    std::size_t index;
  };
  std::vector<Det> dets;
  for (const EvalImage& e : images) {
    counted += e.counted_gt;
    for (std::size_t d = 0; d < e.scores.size(); ++d)
      dets.push_back({e.scores[d], &e, d});
  }
  if (counted == 0) return;
  std::stable_sort(dets.begin(), dets.end(),
                   [](const Det& a, const Det& b) { return a.score > b.score; });
  const std::size_t nd = dets.size();
  std::vector<double> rc(nd), pr(nd);
  for (std::size_t t = 0; t < kThresholds; ++t) {
    double tp = 0, fp = 0;
    for (std::size_t i = 0; i < nd; ++i) {
      const EvalImage& e = *dets[i].image;
      const bool ig = e.ignored[t][dets[i].index];
      const bool m = e.matched[t][dets[i].index];
      tp += (m && !ig) ? 1 : 0;
      fp += (!m && !ig) ? 1 : 0;
      rc[i] = tp / static_cast<double>(counted);
      pr[i] = tp / (fp + tp + kNumpyEps);
    }
    recall[t] = nd > 0 ? rc[nd - 1] : 0;
    for (std::size_t i = nd; i-- > 1;) {
      if (pr[i] > pr[i - 1]) pr[i - 1] = pr[i];
    }
    double* q = precision + t * kRecallPoints;
    for (std::size_t r = 0; r < kRecallPoints; ++r) {
      // np.linspace(0, 1, 101): r * 0.01, the last one exactly 1.
      const double threshold = r == kRecallPoints - 1 ? 1.0 : static_cast<double>(r) * (1.0 / 100);
      const auto at =
          static_cast<std::size_t>(std::lower_bound(rc.begin(), rc.end(), threshold) - rc.begin());
      if (at >= nd) break;  // pycocotools: IndexError ends the loop, the rest stays 0
      q[r] = pr[at];
    }
  }
}

// Mean of the entries > -1, -1 when there is none (pycocotools' _summarize).
double summary_mean(const std::vector<double>& values) {
  std::vector<double> kept;
  for (double v : values) {
    if (v > -1) kept.push_back(v);
  }
  return kept.empty() ? -1 : numpy_mean(kept);
}

// Image and category buckets in pycocotools' order (category, then image id ascending).
struct Indexed {
  std::map<std::pair<std::size_t, std::int64_t>, Bucket> buckets;
  std::size_t categories = 0;
};

Indexed index_buckets(const CocoGroundTruth& gt, std::span<const CocoResult> results) {
  std::unordered_set<std::int64_t> images;
  for (const CocoImage& im : gt.images)
    images.insert(im.id);
  std::unordered_map<std::int64_t, std::size_t> categories;
  std::vector<std::int64_t> cat_ids;
  for (const CocoCategory& c : gt.categories)
    cat_ids.push_back(c.id);
  std::sort(cat_ids.begin(), cat_ids.end());
  cat_ids.erase(std::unique(cat_ids.begin(), cat_ids.end()), cat_ids.end());
  for (std::size_t k = 0; k < cat_ids.size(); ++k)
    categories.emplace(cat_ids[k], k);

  Indexed ix;
  ix.categories = cat_ids.size();
  for (std::size_t i = 0; i < gt.annotations.size(); ++i) {
    const CocoAnnotation& a = gt.annotations[i];
    const auto k = categories.find(a.category_id);
    if (k == categories.end() || !images.contains(a.image_id)) continue;
    ix.buckets[{k->second, a.image_id}].gts.push_back(i);
  }
  for (std::size_t i = 0; i < results.size(); ++i) {
    const CocoResult& r = results[i];
    if (!images.contains(r.image_id)) {
      throw Error(ErrorKind::InvalidInput, "results[" + std::to_string(i) + "].image_id " +
                                               std::to_string(r.image_id) + " is not an image of " +
                                               gt.source);
    }
    const auto k = categories.find(r.category_id);
    if (k != categories.end()) ix.buckets[{k->second, r.image_id}].dts.push_back(i);
  }
  return ix;
}

bool areas_from_boxes(std::span<const CocoResult> results) {
  if (results.empty() || !results.front().bbox) return false;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (!results[i].bbox) {
      throw Error(ErrorKind::InvalidInput,
                  "results[" + std::to_string(i) +
                      "] has no bbox but results[0] has one (pycocotools then takes every "
                      "detection's area from its bbox)");
    }
  }
  return true;
}

std::vector<const CocoResult*> top_detections(const Bucket& b,
                                              std::span<const CocoResult> results) {
  std::vector<const CocoResult*> dts;
  for (std::size_t i : b.dts)
    dts.push_back(&results[i]);
  std::stable_sort(dts.begin(), dts.end(),
                   [](const CocoResult* a, const CocoResult* c) { return a->score > c->score; });
  if (dts.size() > kMaxDetections) dts.resize(kMaxDetections);
  return dts;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Parsing

CocoGroundTruth parse_coco_ground_truth(std::string_view json_bytes, const std::string& source) {
  const Json root = parse_json(json_bytes, source);
  if (!root.is_object())
    fail(source, std::string("expected a JSON object at the top level, got ") + root.type_name());
  CocoGroundTruth gt;
  gt.source = source;

  const Json& images = record_array(root, "images", kCocoMaxImages, source);
  std::unordered_map<std::int64_t, std::size_t> image_ids;
  gt.images.reserve(images.size());
  for (std::size_t i = 0; i < images.size(); ++i) {
    const Where w{source, "images", i};
    const Json& v = images[i];
    expect_object(v, w);
    CocoImage im;
    im.id = integer(member(v, w.at("id")), w.at("id"));
    insert_unique(image_ids, im.id, w.at("id"));
    if (const Json* f = optional_member(v, "file_name"))
      im.file_name = string_value(*f, w.at("file_name"));
    if (const Json* f = optional_member(v, "width"))
      im.width =
          static_cast<int>(integer_in(*f, w.at("width"), 0, std::numeric_limits<int>::max()));
    if (const Json* f = optional_member(v, "height"))
      im.height =
          static_cast<int>(integer_in(*f, w.at("height"), 0, std::numeric_limits<int>::max()));
    gt.images.push_back(std::move(im));
  }

  const Json& categories = record_array(root, "categories", kCocoMaxCategories, source);
  std::unordered_map<std::int64_t, std::size_t> category_ids;
  gt.categories.reserve(categories.size());
  for (std::size_t i = 0; i < categories.size(); ++i) {
    const Where w{source, "categories", i};
    const Json& v = categories[i];
    expect_object(v, w);
    CocoCategory c;
    c.id = integer(member(v, w.at("id")), w.at("id"));
    insert_unique(category_ids, c.id, w.at("id"));
    if (const Json* f = optional_member(v, "name")) c.name = string_value(*f, w.at("name"));
    if (const Json* f = optional_member(v, "keypoints")) {
      const Where wk = w.at("keypoints");
      if (!f->is_array()) wk.fail(std::string("expected an array, got ") + f->type_name());
      if (f->size() != kCocoKeypointCount) {
        wk.fail("expected " + std::to_string(kCocoKeypointCount) + " names (COCO-17), got " +
                std::to_string(f->size()));
      }
      for (std::size_t k = 0; k < f->size(); ++k)
        c.keypoints.push_back(string_value((*f)[k], wk.item(k)));
    }
    gt.categories.push_back(std::move(c));
  }

  const Json& annotations = record_array(root, "annotations", kCocoMaxAnnotations, source);
  std::unordered_map<std::int64_t, std::size_t> annotation_ids;
  gt.annotations.reserve(annotations.size());
  for (std::size_t i = 0; i < annotations.size(); ++i) {
    const Where w{source, "annotations", i};
    gt.annotations.push_back(parse_annotation(annotations[i], w, image_ids, category_ids));
    insert_unique(annotation_ids, gt.annotations.back().id, w.at("id"));
  }
  return gt;
}

std::vector<CocoResult> parse_coco_results(std::string_view json_bytes, const std::string& source) {
  const Json root = parse_json(json_bytes, source);
  if (!root.is_array())
    fail(source, std::string("expected a JSON array of results, got ") + root.type_name());
  if (root.size() > kCocoMaxResults) {
    fail(source, std::to_string(root.size()) + " results, at most " +
                     std::to_string(kCocoMaxResults) + " supported");
  }
  std::vector<CocoResult> results;
  results.reserve(root.size());
  for (std::size_t i = 0; i < root.size(); ++i) {
    const Where w{source, "", i};
    const Json& v = root[i];
    expect_object(v, w);
    CocoResult r;
    r.image_id = integer(member(v, w.at("image_id")), w.at("image_id"));
    r.category_id = integer(member(v, w.at("category_id")), w.at("category_id"));
    const Where wk = w.at("keypoints");
    const Json& kps = array_of(member(v, wk), wk, kCocoKeypointValues);
    for (std::size_t k = 0; k < kps.size(); ++k)
      r.keypoints[k] = number(kps[k], wk.item(k));
    r.score = number(member(v, w.at("score")), w.at("score"));
    // pycocotools treats "bbox": [] as no box.
    if (const Json* b = optional_member(v, "bbox"); b != nullptr && !(b->is_array() && b->empty()))
      r.bbox = parse_box(*b, w.at("bbox"));
    if (i > 0 && results.front().bbox && !r.bbox) {
      w.fail("no \"bbox\", but [0] has one (pycocotools then takes every area from bbox)");
    }
    results.push_back(r);
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// OKS and evaluation

const std::array<double, kCocoKeypointCount>& coco_keypoint_sigmas() {
  // np.array([.26, .25, ...]) / 10.0, as pycocotools writes them.
  static const std::array<double, kCocoKeypointCount> sigmas = [] {
    const std::array<double, kCocoKeypointCount> tenfold = {
        .26, .25, .25, .35, .35, .79, .79, .72, .72, .62, .62, 1.07, 1.07, .87, .87, .89, .89};
    std::array<double, kCocoKeypointCount> s{};
    for (std::size_t i = 0; i < kKeypoints; ++i)
      s[i] = tenfold[i] / 10.0;
    return s;
  }();
  return sigmas;
}

double coco_oks(const CocoAnnotation& gt, const std::array<double, kCocoKeypointValues>& kp) {
  const auto& sigmas = coco_keypoint_sigmas();
  int labelled = 0;
  for (std::size_t i = 0; i < kKeypoints; ++i)
    labelled += gt.keypoints[3 * i + 2] > 0 ? 1 : 0;
  const double x0 = gt.bbox[0] - gt.bbox[2], x1 = gt.bbox[0] + gt.bbox[2] * 2;
  const double y0 = gt.bbox[1] - gt.bbox[3], y1 = gt.bbox[1] + gt.bbox[3] * 2;
  std::array<double, kCocoKeypointCount> terms{};
  std::size_t n = 0;
  for (std::size_t i = 0; i < kKeypoints; ++i) {
    const double xd = kp[3 * i], yd = kp[3 * i + 1];
    double dx = 0, dy = 0;
    if (labelled > 0) {
      if (!(gt.keypoints[3 * i + 2] > 0)) continue;
      dx = xd - gt.keypoints[3 * i];
      dy = yd - gt.keypoints[3 * i + 1];
    } else {
      dx = max0(x0 - xd) + max0(xd - x1);
      dy = max0(y0 - yd) + max0(yd - y1);
    }
    const double var = (sigmas[i] * 2) * (sigmas[i] * 2);
    const double e = (dx * dx + dy * dy) / var / (gt.area + kNumpyEps) / 2;
    terms[n++] = std::exp(-e);
  }
  return pairwise_sum(terms.data(), n) / static_cast<double>(n);
}

CocoKeypointStats evaluate_coco_keypoints(const CocoGroundTruth& gt,
                                          std::span<const CocoResult> results) {
  const bool from_boxes = areas_from_boxes(results);
  const Indexed ix = index_buckets(gt, results);
  const std::size_t cats = ix.categories;
  // evals[k * kAreaRanges + a]: per image, in image id order.
  std::vector<std::vector<EvalImage>> evals(cats * kAreaRanges);
  for (const auto& [key, bucket] : ix.buckets) {
    std::vector<const CocoAnnotation*> gts;
    for (std::size_t i : bucket.gts)
      gts.push_back(&gt.annotations[i]);
    const std::vector<const CocoResult*> dts = top_detections(bucket, results);
    std::vector<double> dt_areas;
    dt_areas.reserve(dts.size());
    for (const CocoResult* d : dts)
      dt_areas.push_back(result_area(*d, from_boxes));
    std::vector<std::vector<double>> oks(dts.size(), std::vector<double>(gts.size()));
    for (std::size_t d = 0; d < dts.size(); ++d) {
      for (std::size_t g = 0; g < gts.size(); ++g)
        oks[d][g] = coco_oks(*gts[g], dts[d]->keypoints);
    }
    for (std::size_t a = 0; a < kAreaRanges; ++a)
      evals[key.first * kAreaRanges + a].push_back(evaluate_image(gts, dts, dt_areas, oks, a));
  }

  // precision[t][r][k][a] and recall[t][k][a], -1 where undefined, in numpy's memory order.
  std::vector<double> precision(kThresholds * kRecallPoints * cats * kAreaRanges, -1.0);
  std::vector<double> recall(kThresholds * cats * kAreaRanges, -1.0);
  std::vector<double> p(kThresholds * kRecallPoints), r(kThresholds);
  for (std::size_t k = 0; k < cats; ++k) {
    for (std::size_t a = 0; a < kAreaRanges; ++a) {
      std::fill(p.begin(), p.end(), 0.0);
      std::fill(r.begin(), r.end(), -1.0);
      accumulate(evals[k * kAreaRanges + a], p.data(), r.data());
      if (r[0] == -1.0) continue;
      for (std::size_t t = 0; t < kThresholds; ++t) {
        recall[(t * cats + k) * kAreaRanges + a] = r[t];
        for (std::size_t q = 0; q < kRecallPoints; ++q)
          precision[((t * kRecallPoints + q) * cats + k) * kAreaRanges + a] =
              p[t * kRecallPoints + q];
      }
    }
  }
  const auto ap = [&](std::size_t a, std::size_t t_begin, std::size_t t_end) {
    std::vector<double> s;
    for (std::size_t t = t_begin; t < t_end; ++t) {
      for (std::size_t q = 0; q < kRecallPoints; ++q) {
        for (std::size_t k = 0; k < cats; ++k)
          s.push_back(precision[((t * kRecallPoints + q) * cats + k) * kAreaRanges + a]);
      }
    }
    return summary_mean(s);
  };
  const auto ar = [&](std::size_t a, std::size_t t_begin, std::size_t t_end) {
    std::vector<double> s;
    for (std::size_t t = t_begin; t < t_end; ++t) {
      for (std::size_t k = 0; k < cats; ++k)
        s.push_back(recall[(t * cats + k) * kAreaRanges + a]);
    }
    return summary_mean(s);
  };
  CocoKeypointStats s;
  // Threshold indices: 0 is OKS 0.50, 5 is 0.75 (pycocotools finds them by exact equality).
  constexpr std::size_t kAll = 0, kMedium = 1, kLarge = 2, kT50 = 0, kT75 = 5;
  s.ap = ap(kAll, 0, kThresholds);
  s.ap50 = ap(kAll, kT50, kT50 + 1);
  s.ap75 = ap(kAll, kT75, kT75 + 1);
  s.ap_medium = ap(kMedium, 0, kThresholds);
  s.ap_large = ap(kLarge, 0, kThresholds);
  s.ar = ar(kAll, 0, kThresholds);
  s.ar50 = ar(kAll, kT50, kT50 + 1);
  s.ar75 = ar(kAll, kT75, kT75 + 1);
  s.ar_medium = ar(kMedium, 0, kThresholds);
  s.ar_large = ar(kLarge, 0, kThresholds);
  return s;
}

std::string coco_keypoint_stats_report(const CocoKeypointStats& s) {
  const struct {
    bool precision;
    const char* iou;
    const char* area;
    double value;
  } rows[] = {{true, "0.50:0.95", "all", s.ap},
              {true, "0.50", "all", s.ap50},
              {true, "0.75", "all", s.ap75},
              {true, "0.50:0.95", "medium", s.ap_medium},
              {true, "0.50:0.95", "large", s.ap_large},
              {false, "0.50:0.95", "all", s.ar},
              {false, "0.50", "all", s.ar50},
              {false, "0.75", "all", s.ar75},
              {false, "0.50:0.95", "medium", s.ar_medium},
              {false, "0.50:0.95", "large", s.ar_large}};
  std::string out;
  char line[128];
  for (const auto& row : rows) {
    std::snprintf(line, sizeof line, " %-18s %s @[ IoU=%-9s | area=%6s | maxDets= 20 ] = %0.3f\n",
                  row.precision ? "Average Precision" : "Average Recall",
                  row.precision ? "(AP)" : "(AR)", row.iou, row.area, row.value);
    out += line;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// PCK

CocoPck coco_pck(const CocoGroundTruth& gt, std::span<const CocoResult> results, double threshold) {
  if (!std::isfinite(threshold) || threshold <= 0) {
    throw Error(ErrorKind::InvalidInput,
                "PCK threshold " + number_text(threshold) + ", expected a finite number > 0");
  }
  const Indexed ix = index_buckets(gt, results);
  CocoPck pck;
  for (const auto& [key, bucket] : ix.buckets) {
    std::vector<const CocoAnnotation*> gts;
    for (std::size_t i : bucket.gts) {
      const CocoAnnotation& a = gt.annotations[i];
      if (!a.iscrowd && a.num_keypoints > 0 && std::max(a.bbox[2], a.bbox[3]) > 0)
        gts.push_back(&a);
    }
    struct Pair {
      double oks;
      std::size_t g, d;
    };
    std::vector<Pair> pairs;
    for (std::size_t g = 0; g < gts.size(); ++g) {
      for (std::size_t d = 0; d < bucket.dts.size(); ++d) {
        const double o = coco_oks(*gts[g], results[bucket.dts[d]].keypoints);
        if (o > 0) pairs.push_back({o, g, d});
      }
    }
    std::stable_sort(pairs.begin(), pairs.end(),
                     [](const Pair& a, const Pair& b) { return a.oks > b.oks; });
    std::vector<std::ptrdiff_t> match(gts.size(), -1);
    std::vector<char> taken(bucket.dts.size(), 0);
    for (const Pair& p : pairs) {
      if (match[p.g] >= 0 || taken[p.d]) continue;
      match[p.g] = static_cast<std::ptrdiff_t>(p.d);
      taken[p.d] = 1;
    }
    for (std::size_t g = 0; g < gts.size(); ++g) {
      const CocoAnnotation& a = *gts[g];
      const double radius = threshold * std::max(a.bbox[2], a.bbox[3]);
      for (std::size_t i = 0; i < kKeypoints; ++i) {
        if (!(a.keypoints[3 * i + 2] > 0)) continue;
        ++pck.total;
        if (match[g] < 0) continue;
        const auto& kp = results[bucket.dts[static_cast<std::size_t>(match[g])]].keypoints;
        const double dist =
            std::hypot(kp[3 * i] - a.keypoints[3 * i], kp[3 * i + 1] - a.keypoints[3 * i + 1]);
        pck.correct += dist < radius ? 1 : 0;
      }
    }
  }
  if (pck.total > 0) pck.pck = static_cast<double>(pck.correct) / static_cast<double>(pck.total);
  return pck;
}

// ---------------------------------------------------------------------------------------------
// Export

std::vector<CocoResult> coco_results_from_people(std::int64_t image_id,
                                                 std::span<const Person> people) {
  std::vector<CocoResult> out;
  out.reserve(people.size());
  for (std::size_t p = 0; p < people.size(); ++p) {
    const Person& person = people[p];
    const std::string who = "image " + std::to_string(image_id) + ", person " + std::to_string(p);
    const LayoutInfo& info = layout_info(person.layout);
    if (person.keypoints.size() != info.keypoints.size()) {
      throw Error(ErrorKind::InvalidInput, who + ": " + std::to_string(person.keypoints.size()) +
                                               " keypoints, expected " +
                                               std::to_string(info.keypoints.size()) +
                                               " for layout " + std::string(info.name));
    }
    CocoResult r;
    r.image_id = image_id;
    r.category_id = 1;
    r.score = person.score;
    if (!std::isfinite(r.score))
      throw Error(ErrorKind::InvalidInput, who + ": score " + number_text(r.score));
    for (std::size_t i = 0; i < kKeypoints; ++i) {
      const int src = person.layout == Layout::Coco17 ? i : blazepose_to_coco17()[i];
      const Keypoint& k = person.keypoints[static_cast<std::size_t>(src)];
      if (!std::isfinite(k.x) || !std::isfinite(k.y) || !std::isfinite(k.score)) {
        throw Error(ErrorKind::InvalidInput,
                    who + ": keypoint " + std::string(info.keypoints[src]) + " is not finite (" +
                        number_text(k.x) + ", " + number_text(k.y) + ", " + number_text(k.score) +
                        ")");
      }
      r.keypoints[3 * i] = k.x;
      r.keypoints[3 * i + 1] = k.y;
      r.keypoints[3 * i + 2] = k.score;
    }
    out.push_back(r);
  }
  return out;
}

std::string write_coco_results(std::span<const CocoResult> results) {
  std::string out = "[";
  for (std::size_t i = 0; i < results.size(); ++i) {
    const CocoResult& r = results[i];
    const auto finite = [&](double v, const char* what) {
      if (!std::isfinite(v)) {
        throw Error(ErrorKind::InvalidInput, "results[" + std::to_string(i) + "]." + what + " is " +
                                                 number_text(v) + ", which JSON cannot hold");
      }
      return v;
    };
    Json j = Json::object();
    j["image_id"] = r.image_id;
    j["category_id"] = r.category_id;
    Json kps = Json::array();
    for (double v : r.keypoints)
      kps.push_back(finite(v, "keypoints"));
    j["keypoints"] = std::move(kps);
    j["score"] = finite(r.score, "score");
    if (r.bbox) {
      Json box = Json::array();
      for (double v : *r.bbox)
        box.push_back(finite(v, "bbox"));
      j["bbox"] = std::move(box);
    }
    out += i == 0 ? "\n" : ",\n";
    out += j.dump();
  }
  out += results.empty() ? "]\n" : "\n]\n";
  return out;
}

}  // namespace podium::vision
