// RAII owners of XGBoost C API handles (DMatrix, Booster) for the LambdaMART ranker. Every C call's
// return code is checked; a failure becomes Error(Model) carrying the call's name and the first
// line of XGBGetLastError() (XGBoost appends a stack trace we drop). Internal to
// podium_rank_models: no other target includes <xgboost/c_api.h>.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <xgboost/c_api.h>

namespace podium::rank::xgb {

void check(int rc, const char* call);

class DMatrix {
 public:
  // Dense row-major matrix; NaN = missing.
  DMatrix(std::span<const float> x, std::size_t rows, std::size_t cols, int nthread);
  DMatrix(const DMatrix&) = delete;
  DMatrix& operator=(const DMatrix&) = delete;
  ~DMatrix();

  void set_labels(std::span<const float> labels);
  // Query groups from RankDataset::query_offsets (queries + 1 entries).
  void set_groups(std::span<const std::size_t> query_offsets);
  DMatrixHandle get() const { return handle_; }

 private:
  DMatrixHandle handle_ = nullptr;
};

// The shape and values XGBoosterPredictFromDMatrix returned, copied out of XGBoost's buffer.
struct Prediction {
  std::vector<std::size_t> shape;
  std::vector<float> values;
};

class Booster {
 public:
  // Training booster caching `cache` (the training and validation matrices).
  explicit Booster(std::span<const DMatrixHandle> cache);
  // Loads XGBoost model bytes (JSON or UBJSON); errors name the load.
  static Booster from_bytes(std::string_view bytes);
  Booster(Booster&& other) noexcept;
  Booster& operator=(Booster&& other) noexcept;
  Booster(const Booster&) = delete;
  Booster& operator=(const Booster&) = delete;
  ~Booster();

  void set_param(const char* name, const std::string& value);
  void update(int iteration, const DMatrix& train);
  // The metric value XGBoosterEvalOneIter reports for `data` (the number after the last ':').
  double eval(int iteration, const DMatrix& data, const char* name);
  int boosted_rounds() const;
  std::size_t num_features() const;
  // A booster holding rounds [0, end).
  Booster slice(int end) const;
  // type: 1 margin, 2 TreeSHAP contributions (see XGBoosterPredictFromDMatrix).
  Prediction predict(const DMatrix& data, int type) const;
  std::string save_ubjson() const;

 private:
  explicit Booster(BoosterHandle handle) : handle_(handle) {}
  BoosterHandle handle_ = nullptr;
};

}  // namespace podium::rank::xgb
