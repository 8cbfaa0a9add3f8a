#include "podium/learn/xgboost.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <sstream>
#include <type_traits>
#include <utility>
#include <vector>

#include <xgboost/c_api.h>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"

namespace podium::learn::xgb {
namespace {

// DMatrixHandle and BoosterHandle are void*: the header keeps them opaque.
static_assert(std::is_same_v<DMatrixHandle, void*> && std::is_same_v<BoosterHandle, void*>);

void check(int rc, const char* call) {
  if (rc == 0) return;
  std::string message = XGBGetLastError();
  const std::size_t newline = message.find('\n');
  if (newline != std::string::npos) message.resize(newline);
  throw Error(ErrorKind::Model, std::string("xgboost: ") + call + ": " + message);
}

// 17 significant digits read back as the same double.
std::string exact_text(double v) {
  std::ostringstream s;
  s.precision(17);
  s << v;
  return s.str();
}

}  // namespace

std::string version() {
  int major = 0, minor = 0, patch = 0;
  XGBoostVersion(&major, &minor, &patch);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

DMatrix::DMatrix(std::span<const float> x, std::size_t rows, std::size_t cols, int nthread) {
  check(XGDMatrixCreateFromMat_omp(x.data(), rows, cols, std::numeric_limits<float>::quiet_NaN(),
                                   &handle_, nthread),
        "XGDMatrixCreateFromMat_omp");
}

DMatrix::~DMatrix() {
  if (handle_ != nullptr) XGDMatrixFree(handle_);
}

void DMatrix::set_labels(std::span<const float> labels) {
  check(XGDMatrixSetFloatInfo(handle_, "label", labels.data(), labels.size()),
        "XGDMatrixSetFloatInfo(label)");
}

void DMatrix::set_weights(std::span<const float> weights) {
  check(XGDMatrixSetFloatInfo(handle_, "weight", weights.data(), weights.size()),
        "XGDMatrixSetFloatInfo(weight)");
}

void DMatrix::set_groups(std::span<const std::size_t> query_offsets) {
  std::vector<unsigned> sizes;
  sizes.reserve(query_offsets.size() - 1);
  for (std::size_t q = 0; q + 1 < query_offsets.size(); ++q) {
    const std::size_t n = query_offsets[q + 1] - query_offsets[q];
    if (n > std::numeric_limits<unsigned>::max()) {
      throw Error(ErrorKind::InvalidInput,
                  "query " + std::to_string(q) + " has " + std::to_string(n) + " rows, too many");
    }
    sizes.push_back(static_cast<unsigned>(n));
  }
  check(XGDMatrixSetUIntInfo(handle_, "group", sizes.data(), sizes.size()),
        "XGDMatrixSetUIntInfo(group)");
}

Booster::Booster(std::initializer_list<const DMatrix*> cache) {
  std::vector<DMatrixHandle> handles;
  for (const DMatrix* d : cache)
    handles.push_back(d->handle_);
  check(XGBoosterCreate(handles.data(), handles.size(), &handle_), "XGBoosterCreate");
}

Booster Booster::from_bytes(std::string_view bytes) {
  BoosterHandle handle = nullptr;
  check(XGBoosterCreate(nullptr, 0, &handle), "XGBoosterCreate");
  Booster booster(handle);
  check(XGBoosterLoadModelFromBuffer(handle, bytes.data(), bytes.size()),
        "XGBoosterLoadModelFromBuffer");
  return booster;
}

Booster::Booster(Booster&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}

Booster& Booster::operator=(Booster&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) XGBoosterFree(handle_);
    handle_ = std::exchange(other.handle_, nullptr);
  }
  return *this;
}

Booster::~Booster() {
  if (handle_ != nullptr) XGBoosterFree(handle_);
}

void Booster::set_param(const char* name, const std::string& value) {
  check(XGBoosterSetParam(handle_, name, value.c_str()), name);
}

void validate(const TreeParams& p, const std::string& owner) {
  require_option(p.eta > 0.0 && p.eta <= 1.0, owner, "eta", p.eta, "must be in (0, 1]");
  require_option(p.max_depth >= 1 && p.max_depth <= 32, owner, "max_depth", p.max_depth,
                 "must be in 1..32");
  require_option(p.min_child_weight >= 0.0 && std::isfinite(p.min_child_weight), owner,
                 "min_child_weight", p.min_child_weight, "must be finite and >= 0");
  require_option(p.subsample > 0.0 && p.subsample <= 1.0, owner, "subsample", p.subsample,
                 "must be in (0, 1]");
  require_option(p.colsample_bytree > 0.0 && p.colsample_bytree <= 1.0, owner, "colsample_bytree",
                 p.colsample_bytree, "must be in (0, 1]");
  require_option(p.lambda >= 0.0 && std::isfinite(p.lambda), owner, "lambda", p.lambda,
                 "must be finite and >= 0");
  require_option(p.alpha >= 0.0 && std::isfinite(p.alpha), owner, "alpha", p.alpha,
                 "must be finite and >= 0");
  require_option(p.seed < (1ULL << 31U), owner, "seed", p.seed, "must be < 2^31");
  require_option(p.nthread >= 1 && p.nthread <= 256, owner, "nthread", p.nthread,
                 "must be in 1..256");
  const std::string method = p.tree_method == nullptr ? "" : p.tree_method;
  require_option(method == "hist" || method == "exact", owner, "tree_method", method,
                 "must be hist or exact");
}

nlohmann::json params_json(const TreeParams& p) {
  return {{"eta", p.eta},
          {"max_depth", p.max_depth},
          {"min_child_weight", p.min_child_weight},
          {"subsample", p.subsample},
          {"colsample_bytree", p.colsample_bytree},
          {"lambda", p.lambda},
          {"alpha", p.alpha},
          {"seed", p.seed},
          {"nthread", p.nthread},
          {"tree_method", p.tree_method}};
}

void Booster::set_tree_params(const TreeParams& p) {
  set_param("eta", exact_text(p.eta));
  set_param("max_depth", std::to_string(p.max_depth));
  set_param("min_child_weight", exact_text(p.min_child_weight));
  set_param("subsample", exact_text(p.subsample));
  set_param("colsample_bytree", exact_text(p.colsample_bytree));
  set_param("lambda", exact_text(p.lambda));
  set_param("alpha", exact_text(p.alpha));
  set_param("seed", std::to_string(p.seed));
  set_param("nthread", std::to_string(p.nthread));
  set_param("tree_method", p.tree_method);
  set_param("verbosity", "1");
}

void Booster::update(int iteration, const DMatrix& train) {
  check(XGBoosterUpdateOneIter(handle_, iteration, train.handle_), "XGBoosterUpdateOneIter");
}

double Booster::eval(int iteration, const DMatrix& data, const char* name) {
  DMatrixHandle handles[] = {data.handle_};
  const char* names[] = {name};
  const char* out = nullptr;
  check(XGBoosterEvalOneIter(handle_, iteration, handles, names, 1, &out), "XGBoosterEvalOneIter");
  // "[12]\tvalid-ndcg@10:0.8123": one metric, its value after the last ':'.
  const std::string text = out;
  const std::size_t colon = text.rfind(':');
  const double value =
      colon == std::string::npos ? NAN : std::strtod(text.c_str() + colon + 1, nullptr);
  if (!std::isfinite(value)) {
    throw Error(ErrorKind::Model, "xgboost: evaluation output '" + text + "' has no metric value");
  }
  return value;
}

int Booster::boosted_rounds() const {
  int rounds = 0;
  check(XGBoosterBoostedRounds(handle_, &rounds), "XGBoosterBoostedRounds");
  return rounds;
}

std::size_t Booster::num_features() const {
  bst_ulong n = 0;
  check(XGBoosterGetNumFeature(handle_, &n), "XGBoosterGetNumFeature");
  return n;
}

Booster Booster::slice(int end) const {
  BoosterHandle out = nullptr;
  check(XGBoosterSlice(handle_, 0, end, 1, &out), "XGBoosterSlice");
  return Booster(out);
}

Prediction Booster::predict(const DMatrix& data, PredictType type) const {
  const std::string config = "{\"type\": " + std::to_string(static_cast<int>(type)) +
                             ", \"training\": false, \"iteration_begin\": 0, "
                             "\"iteration_end\": 0, \"strict_shape\": false}";
  const bst_ulong* shape = nullptr;
  bst_ulong dim = 0;
  const float* values = nullptr;
  check(XGBoosterPredictFromDMatrix(handle_, data.handle_, config.c_str(), &shape, &dim, &values),
        "XGBoosterPredictFromDMatrix");
  Prediction out;
  std::size_t count = 1;
  for (bst_ulong d = 0; d < dim; ++d) {
    out.shape.push_back(shape[d]);
    count *= shape[d];
  }
  out.values.assign(values, values + count);
  return out;
}

std::vector<double> Booster::gain_importance() const {
  bst_ulong named = 0;
  const char** names = nullptr;
  bst_ulong dim = 0;
  const bst_ulong* shape = nullptr;
  const float* scores = nullptr;
  check(XGBoosterFeatureScore(handle_, "{\"importance_type\": \"gain\"}", &named, &names, &dim,
                              &shape, &scores),
        "XGBoosterFeatureScore");
  // Tree boosters report one score per feature used, named "f<column>" (podium never sets
  // feature names on a DMatrix).
  std::vector<double> gain(num_features(), 0.0);
  for (bst_ulong i = 0; i < named; ++i) {
    const std::string name = names[i];
    const std::size_t column = name.size() > 1 && name[0] == 'f'
                                   ? std::strtoull(name.c_str() + 1, nullptr, 10)
                                   : gain.size();
    if (column >= gain.size()) {
      throw Error(ErrorKind::Model, "xgboost: feature score for unknown feature '" + name + "'");
    }
    gain[column] = scores[i];
  }
  return gain;
}

std::string Booster::save_ubjson() const {
  bst_ulong len = 0;
  const char* data = nullptr;
  check(XGBoosterSaveModelToBuffer(handle_, "{\"format\": \"ubj\"}", &len, &data),
        "XGBoosterSaveModelToBuffer");
  return std::string(data, len);
}

}  // namespace podium::learn::xgb
