#include "podium/action/metrics.hpp"

#include <limits>
#include <string>

#include "podium/core/error.hpp"

namespace podium::action {

ClassificationReport report_from_confusion(std::vector<std::int64_t> confusion,
                                           std::size_t classes) {
  PODIUM_ASSERT(confusion.size() == classes * classes);
  ClassificationReport r;
  r.classes = classes;
  r.confusion = std::move(confusion);
  r.precision.assign(classes, 0);
  r.recall.assign(classes, 0);
  r.f1.assign(classes, 0);
  r.support.assign(classes, 0);
  std::vector<std::int64_t> predicted(classes, 0);
  std::int64_t correct = 0, total = 0;
  for (std::size_t t = 0; t < classes; ++t) {
    for (std::size_t p = 0; p < classes; ++p) {
      const std::int64_t n = r.confusion[t * classes + p];
      PODIUM_ASSERT(n >= 0);
      r.support[t] += n;
      predicted[p] += n;
      total += n;
      if (t == p) correct += n;
    }
  }
  r.examples = static_cast<std::size_t>(total);
  if (total == 0) {
    r.accuracy = r.macro_f1 = std::numeric_limits<double>::quiet_NaN();
    return r;
  }
  r.accuracy = static_cast<double>(correct) / static_cast<double>(total);
  double f1_sum = 0;
  std::size_t present = 0;
  for (std::size_t c = 0; c < classes; ++c) {
    const auto tp = static_cast<double>(r.confusion[c * classes + c]);
    if (predicted[c] > 0) r.precision[c] = tp / static_cast<double>(predicted[c]);
    if (r.support[c] > 0) r.recall[c] = tp / static_cast<double>(r.support[c]);
    const double sum = r.precision[c] + r.recall[c];
    if (sum > 0) r.f1[c] = 2 * r.precision[c] * r.recall[c] / sum;
    if (predicted[c] > 0 || r.support[c] > 0) {
      f1_sum += r.f1[c];
      ++present;
    }
  }
  r.macro_f1 = f1_sum / static_cast<double>(present);
  return r;
}

ClassificationReport classification_report(std::span<const std::size_t> truth,
                                           std::span<const std::size_t> predicted,
                                           std::size_t classes) {
  if (truth.size() != predicted.size()) {
    throw Error(ErrorKind::InvalidInput, Place{.field = "predicted"},
                std::to_string(predicted.size()) + " predictions for " +
                    std::to_string(truth.size()) + " examples");
  }
  std::vector<std::int64_t> confusion(classes * classes, 0);
  for (std::size_t i = 0; i < truth.size(); ++i) {
    if (truth[i] >= classes || predicted[i] >= classes) {
      throw Error(ErrorKind::InvalidInput, Place{.record = i},
                  "class index outside 0.." + std::to_string(classes) + " - 1");
    }
    ++confusion[truth[i] * classes + predicted[i]];
  }
  return report_from_confusion(std::move(confusion), classes);
}

ClassificationReport merge(const ClassificationReport& a, const ClassificationReport& b) {
  PODIUM_ASSERT(a.classes == b.classes);
  std::vector<std::int64_t> confusion = a.confusion;
  for (std::size_t i = 0; i < confusion.size(); ++i)
    confusion[i] += b.confusion[i];
  return report_from_confusion(std::move(confusion), a.classes);
}

}  // namespace podium::action
