#include "podium/action/evaluation.hpp"

#include <algorithm>
#include <set>

#include "podium/core/error.hpp"

namespace podium::action {

std::vector<std::string> class_names(std::span<const PoseSequence> sequences) {
  std::set<std::string> labels;
  for (const PoseSequence& s : sequences)
    labels.insert(s.label);
  return {labels.begin(), labels.end()};
}

Evaluation evaluate(ActionModel& model, std::span<const PoseSequence> sequences,
                    std::span<const Fold> folds, const EvaluationProgress& progress) {
  Evaluation e;
  e.model = model.name();
  e.classes = class_names(sequences);
  const std::size_t classes = e.classes.size();
  e.overall = report_from_confusion(std::vector<std::int64_t>(classes * classes, 0), classes);
  const auto pick = [&](const std::vector<std::size_t>& indices) {
    std::vector<PoseSequence> out;
    out.reserve(indices.size());
    for (const std::size_t i : indices)
      out.push_back(sequences[i]);
    return out;
  };
  for (std::size_t f = 0; f < folds.size(); ++f) {
    if (progress) progress(f, folds.size());
    const std::vector<PoseSequence> train = pick(folds[f].train);
    const std::vector<PoseSequence> test = pick(folds[f].test);
    model.fit(train, e.classes);
    const std::vector<double> p = model.predict(test);
    PODIUM_ASSERT(p.size() == test.size() * classes);
    FoldResult r;
    r.test = folds[f].test;
    std::vector<std::size_t> truth;
    for (std::size_t t = 0; t < test.size(); ++t) {
      const auto row = p.begin() + static_cast<std::ptrdiff_t>(t * classes);
      r.predicted.push_back(static_cast<std::size_t>(
          std::max_element(row, row + static_cast<std::ptrdiff_t>(classes)) - row));
      truth.push_back(static_cast<std::size_t>(
          std::lower_bound(e.classes.begin(), e.classes.end(), test[t].label) - e.classes.begin()));
    }
    r.report = classification_report(truth, r.predicted, classes);
    e.overall = merge(e.overall, r.report);
    e.folds.push_back(std::move(r));
  }
  return e;
}

}  // namespace podium::action
