// Cross-validation folds for the action evaluation protocol: every sequence is tested exactly
// once, by a model that never saw its group (a group's sequences stay on one side of every
// split: a source video never feeds both training and test).
//
// Contract: make_folds(sequences, options) with labelled sequences (Error(InvalidInput) naming the
// first unlabelled one).
// - folds == 0: one fold per group (leave one group out; "the source's natural split", e.g. the
//   tennis set's three source videos), folds in the order of the groups' first appearance.
// - folds == k >= 2: k folds over groups, stratified by label as far as whole groups allow: the
//   groups, largest first (ties in a seeded random order), each go to the fold whose label counts
//   then stay closest (least squares) to an even share of every label; ties to the smaller fold,
//   then the lower index. Where every group is one sequence (Pose Trainer and push-up: group =
//   file) this is stratified k-fold over sequences. k must not exceed the number of groups.
// Each fold's train and test hold sequence indices, ascending, disjoint, together all of them;
// every fold's test is non-empty. The same sequences, options and seed give the same folds.
// Errors (InvalidInput): folds of 1 or more than the groups, fewer than two groups.
//
//   const std::vector<Fold> folds = make_folds(clips, {.folds = 5, .seed = 7});
//   for (const Fold& f : folds) { train(f.train); test(f.test); }
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "podium/action/sequence.hpp"

namespace podium::action {

struct FoldOptions {
  int folds = 0;  // 0: one per group; else 2..number of groups
  std::uint64_t seed = 42;
};

struct Fold {
  std::vector<std::size_t> train;  // ascending
  std::vector<std::size_t> test;   // ascending
};

std::vector<Fold> make_folds(std::span<const PoseSequence> sequences, const FoldOptions& options);

}  // namespace podium::action
