// Class balancing: balanced weights give every class the same total, the oversampling plan
// equalises class counts, keeps every example and is deterministic from its seed.
#include "podium/action/balance.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "testkit/throws_error.hpp"

namespace podium::action {
namespace {

using testkit::ThrowsError;

const std::vector<std::string> kLabels = {"a", "a", "a", "b", "c", "c", "a", "a", "c"};

TEST(Balance, WeightsGiveEveryClassTheSameTotal) {
  const std::vector<double> w = balanced_weights(kLabels);
  // n = 9, 3 classes: a (5) 9/15, b (1) 3, c (3) 1.
  EXPECT_DOUBLE_EQ(w[0], 0.6);
  EXPECT_DOUBLE_EQ(w[3], 3.0);
  EXPECT_DOUBLE_EQ(w[4], 1.0);
  std::map<std::string, double> total;
  for (std::size_t i = 0; i < kLabels.size(); ++i)
    total[kLabels[i]] += w[i];
  for (const auto& [name, t] : total)
    EXPECT_DOUBLE_EQ(t, 3.0) << name;
}

TEST(Balance, OversamplingEqualisesClassesDeterministically) {
  const std::vector<std::size_t> plan = oversample_plan(kLabels, 5);
  ASSERT_EQ(plan.size(), 15U);
  std::map<std::string, int> count;
  std::vector<int> seen(kLabels.size(), 0);
  for (std::size_t i : plan) {
    ++count[kLabels[i]];
    ++seen[i];
  }
  EXPECT_EQ(count["a"], 5);
  EXPECT_EQ(count["b"], 5);
  EXPECT_EQ(count["c"], 5);
  for (int s : seen)
    EXPECT_GE(s, 1);
  EXPECT_EQ(seen[3], 5);                      // b repeated whole
  EXPECT_EQ(seen[4] + seen[5] + seen[8], 5);  // c once, then 2 more of 3, each at most twice
  EXPECT_LE(*std::max_element(seen.begin() + 4, seen.begin() + 6), 2);
  EXPECT_EQ(plan, oversample_plan(kLabels, 5));
  EXPECT_NE(plan, oversample_plan(kLabels, 6));
  EXPECT_TRUE(oversample_plan(std::vector<std::string>{}, 1).empty());
}

TEST(Balance, AnUnlabelledExampleIsLocated) {
  const std::vector<std::string> labels = {"a", ""};
  EXPECT_THAT([&] { balanced_weights(labels); },
              ThrowsError(ErrorKind::InvalidInput,
                          "labels[1]: an example without a label cannot be balanced"));
  EXPECT_THAT([&] { oversample_plan(labels, 1); },
              ThrowsError(ErrorKind::InvalidInput, ::testing::HasSubstr("labels[1]")));
}

}  // namespace
}  // namespace podium::action
