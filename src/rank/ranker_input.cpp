#include "rank/ranker_input.hpp"

#include <cmath>

#include "podium/core/error.hpp"

namespace podium::rank {

void check_dataset(const RankDataset& data, std::string_view what) {
  const std::string where(what);
  if (data.features() == 0) throw Error(ErrorKind::InvalidInput, where + ": no features");
  if (data.rows() == 0) throw Error(ErrorKind::InvalidInput, where + ": no rows");
  if (data.x.size() != data.rows() * data.features()) {
    throw Error(ErrorKind::InvalidInput,
                where + ": x has " + std::to_string(data.x.size()) + " values, expected rows " +
                    std::to_string(data.rows()) + " x features " + std::to_string(data.features()));
  }
  if (data.query_offsets.size() < 2 || data.query_offsets.front() != 0 ||
      data.query_offsets.back() != data.rows()) {
    throw Error(ErrorKind::InvalidInput, where + ": query_offsets must run from 0 to rows (" +
                                             std::to_string(data.rows()) +
                                             ") with at least one query");
  }
  for (std::size_t q = 0; q < data.queries(); ++q) {
    if (data.query_offsets[q + 1] <= data.query_offsets[q]) {
      throw Error(ErrorKind::InvalidInput, where + ": query " + std::to_string(q) +
                                               " is empty (offsets " +
                                               std::to_string(data.query_offsets[q]) + ".." +
                                               std::to_string(data.query_offsets[q + 1]) + ")");
    }
  }
  for (std::size_t i = 0; i < data.rows(); ++i) {
    const float y = data.labels[i];
    if (!std::isfinite(y) || y < 0.0F || y > kMaxRankLabel) {
      throw Error(ErrorKind::InvalidInput, where + ": row " + std::to_string(i) + ": label " +
                                               std::to_string(y) + " is outside [0, 31]");
    }
  }
  for (std::size_t k = 0; k < data.x.size(); ++k) {
    if (std::isinf(data.x[k])) {
      const std::size_t f = k % data.features();
      throw Error(ErrorKind::InvalidInput, where + ": row " + std::to_string(k / data.features()) +
                                               ", feature '" + data.feature_names[f] +
                                               "': infinite value (use NaN for missing)");
    }
  }
}

void check_matrix(std::span<const float> x, std::size_t rows, std::size_t features) {
  if (x.size() != rows * features) {
    throw Error(ErrorKind::InvalidInput, "feature matrix has " + std::to_string(x.size()) +
                                             " values, expected rows " + std::to_string(rows) +
                                             " x features " + std::to_string(features));
  }
}

void check_feature_names(const std::vector<std::string>& model,
                         const std::vector<std::string>& actual, std::string_view what) {
  const std::string where(what);
  if (model.size() != actual.size()) {
    throw Error(ErrorKind::Model, "model has " + std::to_string(model.size()) + " features, " +
                                      where + " has " + std::to_string(actual.size()));
  }
  for (std::size_t f = 0; f < model.size(); ++f) {
    if (model[f] != actual[f]) {
      throw Error(ErrorKind::Model, "feature " + std::to_string(f) + " is '" + model[f] +
                                        "' in the model but '" + actual[f] + "' in " + where);
    }
  }
}

}  // namespace podium::rank
