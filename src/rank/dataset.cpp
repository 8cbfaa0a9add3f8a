#include "podium/rank/dataset.hpp"

#include <cmath>
#include <string>

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

RankDataset select_queries(const RankDataset& d, const std::vector<std::size_t>& queries) {
  RankDataset out;
  out.feature_names = d.feature_names;
  for (std::size_t q : queries) {
    const std::size_t begin = d.query_offsets[q], end = d.query_offsets[q + 1];
    out.x.insert(out.x.end(), d.x.begin() + begin * d.features(), d.x.begin() + end * d.features());
    out.labels.insert(out.labels.end(), d.labels.begin() + begin, d.labels.begin() + end);
    if (!d.athletes.empty()) {
      out.athletes.insert(out.athletes.end(), d.athletes.begin() + begin, d.athletes.begin() + end);
    }
    if (!d.events.empty()) out.events.push_back(d.events[q]);
    out.query_offsets.push_back(out.labels.size());
  }
  return out;
}

ValidationSplit split_for_validation(const RankDataset& d) {
  constexpr std::size_t kValidationEvery = 5;
  std::vector<std::size_t> fit, validation;
  for (std::size_t q = 0; q < d.queries(); ++q) {
    (q % kValidationEvery == kValidationEvery - 1 ? validation : fit).push_back(q);
  }
  return {select_queries(d, fit), select_queries(d, validation)};
}

}  // namespace podium::rank
