#include "podium/action/folds.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <random>
#include <string>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"

namespace podium::action {
namespace {

struct FoldsGroup {
  std::vector<std::size_t> members;
  std::vector<double> label_counts;
};

// The squared distance of a fold's label counts from an even share of every label.
double folds_imbalance(const std::vector<double>& counts, const std::vector<double>& target) {
  double sum = 0;
  for (std::size_t l = 0; l < counts.size(); ++l)
    sum += (counts[l] - target[l]) * (counts[l] - target[l]);
  return sum;
}

}  // namespace

std::vector<Fold> make_folds(std::span<const PoseSequence> sequences, const FoldOptions& options) {
  std::map<std::string, std::size_t> label_index;
  for (const PoseSequence& s : sequences) {
    if (s.label.empty()) {
      throw Error(ErrorKind::InvalidInput, Place{.source = s.id, .field = "label"},
                  "evaluation needs labelled sequences");
    }
    label_index.emplace(s.label, 0);
  }
  std::size_t next = 0;
  for (auto& [label, index] : label_index)
    index = next++;

  // Groups in order of first appearance.
  std::vector<FoldsGroup> groups;
  std::map<std::string, std::size_t> group_index;
  for (std::size_t i = 0; i < sequences.size(); ++i) {
    const auto [it, added] = group_index.emplace(sequences[i].group, groups.size());
    if (added) groups.push_back({.members = {}, .label_counts = std::vector<double>(next, 0.0)});
    FoldsGroup& g = groups[it->second];
    g.members.push_back(i);
    g.label_counts[label_index[sequences[i].label]] += 1;
  }
  if (groups.size() < 2) {
    reject_option("folds", "groups", std::to_string(groups.size()),
                  "cross-validation needs at least two groups");
  }
  if (options.folds == 1 || options.folds < 0 ||
      static_cast<std::size_t>(options.folds) > groups.size()) {
    reject_option("folds", "folds", std::to_string(options.folds),
                  "must be 0 (one per group) or 2.." + std::to_string(groups.size()) +
                      " (the number of groups)");
  }

  std::vector<std::size_t> fold_of(groups.size());
  std::size_t k = groups.size();
  if (options.folds == 0) {
    std::iota(fold_of.begin(), fold_of.end(), 0);
  } else {
    k = static_cast<std::size_t>(options.folds);
    std::vector<std::size_t> order(groups.size());
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(options.seed);
    std::shuffle(order.begin(), order.end(), rng);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return groups[a].members.size() > groups[b].members.size();
    });
    std::vector<double> target(next, 0.0);
    for (const FoldsGroup& g : groups)
      for (std::size_t l = 0; l < next; ++l)
        target[l] += g.label_counts[l] / static_cast<double>(k);
    std::vector<std::vector<double>> counts(k, std::vector<double>(next, 0.0));
    std::vector<std::size_t> sizes(k, 0);
    for (const std::size_t gi : order) {
      const FoldsGroup& g = groups[gi];
      std::size_t best = 0;
      double best_cost = 0;
      for (std::size_t f = 0; f < k; ++f) {
        // The cost of the whole assignment changes only in fold f: compare that change.
        std::vector<double> with = counts[f];
        for (std::size_t l = 0; l < next; ++l)
          with[l] += g.label_counts[l];
        const double cost = folds_imbalance(with, target) - folds_imbalance(counts[f], target);
        // An empty fold takes a group first, so that every fold gets a test set.
        bool better = f == 0;
        if (f > 0 && (sizes[f] == 0) != (sizes[best] == 0)) {
          better = sizes[f] == 0;
        } else if (f > 0) {
          better = cost < best_cost || (cost == best_cost && sizes[f] < sizes[best]);
        }
        if (better) {
          best = f;
          best_cost = cost;
        }
      }
      fold_of[gi] = best;
      for (std::size_t l = 0; l < next; ++l)
        counts[best][l] += g.label_counts[l];
      sizes[best] += g.members.size();
    }
  }

  std::vector<Fold> folds(k);
  for (std::size_t gi = 0; gi < groups.size(); ++gi)
    for (std::size_t f = 0; f < k; ++f)
      for (const std::size_t i : groups[gi].members)
        (f == fold_of[gi] ? folds[f].test : folds[f].train).push_back(i);
  for (Fold& f : folds) {
    std::sort(f.train.begin(), f.train.end());
    std::sort(f.test.begin(), f.test.end());
    PODIUM_ASSERT(!f.test.empty());
  }
  return folds;
}

}  // namespace podium::action
