// Cross-validation folds: no group on both sides, every sequence tested once, one fold per group
// in order, stratified k folds over single-sequence groups, deterministic, and bad options.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "podium/action/folds.hpp"
#include "podium/core/error.hpp"

namespace podium::action {
namespace {

PoseSequence folds_clip(const std::string& group, const std::string& label) {
  PoseSequence s;
  s.id = group;
  s.id.append("/").append(label);
  s.group = group;
  s.label = label;
  return s;
}

// Groups of uneven size and label mix, listed out of order.
std::vector<PoseSequence> uneven_groups() {
  std::vector<PoseSequence> out;
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"b", "x"}, {"a", "x"}, {"b", "y"}, {"c", "y"}, {"a", "z"}, {"b", "x"}, {"d", "z"},
      {"c", "x"}, {"e", "y"}, {"a", "y"}, {"d", "x"}, {"e", "z"}, {"f", "x"}, {"f", "y"}};
  for (const auto& [g, l] : rows)
    out.push_back(folds_clip(g, l));
  return out;
}

void expect_partition_by_group(const std::vector<PoseSequence>& s, const std::vector<Fold>& folds) {
  std::vector<int> tested(s.size(), 0);
  for (const Fold& f : folds) {
    EXPECT_FALSE(f.test.empty());
    EXPECT_TRUE(std::is_sorted(f.train.begin(), f.train.end()));
    EXPECT_TRUE(std::is_sorted(f.test.begin(), f.test.end()));
    EXPECT_EQ(f.train.size() + f.test.size(), s.size());
    std::set<std::string> train_groups;
    for (const std::size_t i : f.train)
      train_groups.insert(s[i].group);
    for (const std::size_t i : f.test) {
      ++tested[i];
      EXPECT_EQ(train_groups.count(s[i].group), 0U) << "group " << s[i].group << " on both sides";
    }
  }
  for (std::size_t i = 0; i < s.size(); ++i)
    EXPECT_EQ(tested[i], 1) << "sequence " << i;
}

TEST(Folds, OnePerGroupInOrderOfFirstAppearance) {
  const std::vector<PoseSequence> s = uneven_groups();
  const std::vector<Fold> folds = make_folds(s, {.folds = 0});
  ASSERT_EQ(folds.size(), 6U);
  expect_partition_by_group(s, folds);
  EXPECT_EQ(folds[0].test, (std::vector<std::size_t>{0, 2, 5}));  // b
  EXPECT_EQ(folds[1].test, (std::vector<std::size_t>{1, 4, 9}));  // a
  EXPECT_EQ(folds[5].test, (std::vector<std::size_t>{12, 13}));   // f
}

TEST(Folds, KFoldsOverGroupsKeepEachGroupOnOneSide) {
  const std::vector<PoseSequence> s = uneven_groups();
  for (const int k : {2, 3, 4, 6}) {
    const std::vector<Fold> folds = make_folds(s, {.folds = k, .seed = 3});
    ASSERT_EQ(folds.size(), static_cast<std::size_t>(k));
    expect_partition_by_group(s, folds);
  }
}

TEST(Folds, SingleSequenceGroupsAreStratifiedByLabel) {
  // 30 "a", 20 "b", 10 "c", every sequence its own group: 5 folds of 6 a, 4 b, 2 c.
  std::vector<PoseSequence> s;
  for (int i = 0; i < 60; ++i)
    s.push_back(folds_clip("file" + std::to_string(i), i % 6 < 3 ? "a" : (i % 6 < 5 ? "b" : "c")));
  const std::vector<Fold> folds = make_folds(s, {.folds = 5, .seed = 11});
  expect_partition_by_group(s, folds);
  for (const Fold& f : folds) {
    std::map<std::string, int> counts;
    for (const std::size_t i : f.test)
      ++counts[s[i].label];
    EXPECT_EQ(counts["a"], 6);
    EXPECT_EQ(counts["b"], 4);
    EXPECT_EQ(counts["c"], 2);
  }
}

TEST(Folds, TheSameSeedGivesTheSameFoldsAnotherSeedOthers) {
  std::vector<PoseSequence> s;
  for (int i = 0; i < 40; ++i)
    s.push_back(folds_clip("file" + std::to_string(i), i % 2 == 0 ? "a" : "b"));
  const auto tests = [&](std::uint64_t seed) {
    std::vector<std::vector<std::size_t>> out;
    for (const Fold& f : make_folds(s, {.folds = 4, .seed = seed}))
      out.push_back(f.test);
    return out;
  };
  EXPECT_EQ(tests(5), tests(5));
  EXPECT_NE(tests(5), tests(6));
}

TEST(Folds, BadOptionsAndDataAreErrors) {
  const std::vector<PoseSequence> s = uneven_groups();
  EXPECT_THROW(make_folds(s, {.folds = 1}), Error);
  EXPECT_THROW(make_folds(s, {.folds = 7}), Error);  // 6 groups
  EXPECT_THROW(make_folds(s, {.folds = -2}), Error);
  const std::vector<PoseSequence> one_group = {folds_clip("a", "x"), folds_clip("a", "y")};
  EXPECT_THROW(make_folds(one_group, {.folds = 0}), Error);
  std::vector<PoseSequence> unlabelled = s;
  unlabelled[3].label.clear();
  try {
    make_folds(unlabelled, {.folds = 0});
    FAIL() << "an unlabelled sequence was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.place().source, "c/y");
    EXPECT_EQ(e.place().field, "label");
  }
}

}  // namespace
}  // namespace podium::action
