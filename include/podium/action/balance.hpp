// Class balancing for training sets whose classes are not equally common: per-sample weights
// (for losses and boosters that take them) or an oversampling plan (for those that do not).
//
// Contract: labels are one class name per example, none empty (an unlabelled example cannot be
// balanced: Error(InvalidInput) naming its index). Classes are the distinct labels.
// - balanced_weights: example i of class c weighs n / (classes x n_c), so every class carries the
//   same total weight n / classes and the weights average 1 (scikit-learn's "balanced").
// - oversample_plan: indices into labels in which every class appears as often as the largest:
//   each class's examples repeated whole floor(max / n_c) times, the remainder drawn without
//   replacement, then the whole plan shuffled. Deterministic from the seed (core's Rng); every
//   example appears at least once.
//
//   std::vector<double> w = balanced_weights(labels);  // {"a","a","a","b"} -> 2/3, 2/3, 2/3, 2
//   for (std::size_t i : oversample_plan(labels, seed)) train_on(examples[i]);
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace podium::action {

std::vector<double> balanced_weights(std::span<const std::string> labels);
std::vector<std::size_t> oversample_plan(std::span<const std::string> labels, std::uint64_t seed);

}  // namespace podium::action
