#include "podium/vision/teams.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "podium/core/error.hpp"
#include "podium/core/random.hpp"

namespace podium::vision {
namespace {

// A kit: most of the torso's mass in one bin, the rest spread as noise (shadows, numbers, skin).
std::vector<float> kit(int main_bin, double main_share, Rng& rng) {
  std::vector<float> h(16, 0.0F);
  h[static_cast<std::size_t>(main_bin)] = static_cast<float>(main_share);
  double rest = 1 - main_share;
  for (int i = 0; i < 15; ++i) {
    const double v = rest * rng.uniform() * 0.3;
    h[static_cast<std::size_t>((main_bin + 1 + i) % 16)] += static_cast<float>(v);
    rest -= v;
  }
  h[static_cast<std::size_t>((main_bin + 8) % 16)] += static_cast<float>(rest);
  return h;
}

TEST(Teams, TwoKitsAndAReferee) {
  Rng rng(7);
  std::vector<std::vector<float>> h;
  for (int i = 0; i < 6; ++i)
    h.push_back(kit(2, 0.7, rng));  // red, athletes 0..5
  for (int i = 0; i < 5; ++i)
    h.push_back(kit(10, 0.7, rng));  // blue, athletes 6..10
  h.push_back(kit(14, 0.8, rng));    // the referee in black, athlete 11
  const TeamAssignment t = assign_teams(h, {.teams = 2});
  ASSERT_EQ(t.teams, 2);
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(t.team[static_cast<std::size_t>(i)], 0) << i;  // the larger team first
  for (int i = 6; i < 11; ++i)
    EXPECT_EQ(t.team[static_cast<std::size_t>(i)], 1) << i;
  EXPECT_EQ(t.team[11], kOtherTeam);
  // The kit centre is the red bin's, not pulled by the referee.
  EXPECT_GT(t.centre[0][2], 0.6F);
  // Deterministic.
  EXPECT_EQ(assign_teams(h, {.teams = 2}).team, t.team);
}

TEST(Teams, FewerAthletesThanTeamsAndNoColour) {
  Rng rng(3);
  const std::vector<std::vector<float>> h = {kit(2, 0.7, rng), {}};
  const TeamAssignment t = assign_teams(h, {.teams = 3});
  EXPECT_EQ(t.teams, 1);
  EXPECT_EQ(t.team, (std::vector<int>{0, kOtherTeam}));
  EXPECT_EQ(assign_teams({}, {.teams = 2}).teams, 0);
}

TEST(Teams, RejectsBadInput) {
  EXPECT_THROW(assign_teams({{1.0F}}, {.teams = 0}), Error);
  EXPECT_THROW(assign_teams({{1.0F}, {0.5F, 0.5F}}, {}), Error);
  EXPECT_THROW(assign_teams({{-1.0F, 2.0F}}, {}), Error);
  try {
    assign_teams({{1.0F}}, {.teams = 0});
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("--teams"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace podium::vision
