// RAII owners of XGBoost C API handles (DMatrix, Booster), for any model podium boosts: ranking
// today (query groups), classification and regression with the same handles (labels, value
// predictions). Every C call's return code is checked; a failure becomes Error(Model) carrying the
// call's name and the first line of XGBGetLastError() (XGBoost appends a stack trace we drop).
// This header does not include <xgboost/c_api.h>: only src/learn/xgboost.cpp does.
// Lifetime: never keep a Booster in static storage; XGBoost 1.7 frees a booster through a
// thread_local that is gone when statics are destroyed at exit (the process aborts).
//
//   xgb::DMatrix d(x, rows, cols, 1);  d.set_labels(y);  d.set_groups(query_offsets);
//   xgb::Booster b({&d});  b.set_param("objective", "rank:ndcg");  b.update(0, d);
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace podium::learn::xgb {

// "1.7.4": the linked library's version, for model cards.
std::string version();

class DMatrix {
 public:
  // Dense row-major matrix; NaN = missing.
  DMatrix(std::span<const float> x, std::size_t rows, std::size_t cols, int nthread);
  DMatrix(const DMatrix&) = delete;
  DMatrix& operator=(const DMatrix&) = delete;
  ~DMatrix();

  void set_labels(std::span<const float> labels);
  // Per-row weights (class balancing); XGBoost's default is 1 each.
  void set_weights(std::span<const float> weights);
  // Query groups of a ranking problem from query offsets (queries + 1 entries, from 0 to rows).
  void set_groups(std::span<const std::size_t> query_offsets);

 private:
  friend class Booster;
  void* handle_ = nullptr;  // DMatrixHandle
};

// What XGBoosterPredictFromDMatrix returns (its "type" field).
enum class PredictType {
  Value = 0,          // transformed prediction (probabilities for classification)
  Margin = 1,         // untransformed margin (ranking scores)
  Contributions = 2,  // TreeSHAP: rows x (features + 1), the last column the bias; with
                      // classes (multi:softprob) rows x classes x (features + 1)
};

// The shape and values XGBoosterPredictFromDMatrix returned, copied out of XGBoost's buffer.
struct Prediction {
  std::vector<std::size_t> shape;
  std::vector<float> values;
};

// The tree-booster settings every podium model boosts with (rankers, classifiers); the objective
// and its metric are set by the model. Passed to XGBoost as text that reads back exactly.
struct TreeParams {
  double eta = 0.1;                  // (0, 1]
  int max_depth = 6;                 // 1..32
  double min_child_weight = 1.0;     // >= 0
  double subsample = 1.0;            // (0, 1]
  double colsample_bytree = 1.0;     // (0, 1]
  double lambda = 1.0;               // L2 on leaf weights, >= 0
  double alpha = 0.0;                // L1 on leaf weights, >= 0
  std::uint64_t seed = 42;           // < 2^31 (XGBoost's seed is an int)
  int nthread = 1;                   // 1..256; 1 keeps training bit-for-bit reproducible
  const char* tree_method = "hist";  // "hist" or "exact"
};

// Throws Error(InvalidInput) "<owner>: <field> = <value>: <rule>" for the first field out of the
// range stated beside it.
void validate(const TreeParams& params, const std::string& owner);
// Every field by name, for model cards.
nlohmann::json params_json(const TreeParams& params);

class Booster {
 public:
  // Training booster caching `cache` (the training and validation matrices).
  explicit Booster(std::initializer_list<const DMatrix*> cache);
  // Loads XGBoost model bytes (JSON or UBJSON); errors name the load.
  static Booster from_bytes(std::string_view bytes);
  Booster(Booster&& other) noexcept;
  Booster& operator=(Booster&& other) noexcept;
  Booster(const Booster&) = delete;
  Booster& operator=(const Booster&) = delete;
  ~Booster();

  void set_param(const char* name, const std::string& value);
  // Every TreeParams field, and verbosity 1 (warnings only).
  void set_tree_params(const TreeParams& params);
  void update(int iteration, const DMatrix& train);
  // The metric value XGBoosterEvalOneIter reports for `data` (the number after the last ':').
  double eval(int iteration, const DMatrix& data, const char* name);
  int boosted_rounds() const;
  std::size_t num_features() const;
  // A booster holding rounds [0, end).
  Booster slice(int end) const;
  Prediction predict(const DMatrix& data, PredictType type) const;
  // Average gain of the splits on each feature (XGBoost's "gain" importance), num_features()
  // values; 0 for a feature no tree splits on.
  std::vector<double> gain_importance() const;
  std::string save_ubjson() const;

 private:
  explicit Booster(void* handle) : handle_(handle) {}
  void* handle_ = nullptr;  // BoosterHandle
};

}  // namespace podium::learn::xgb
