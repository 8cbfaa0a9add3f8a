// Teams by kit colour: each athlete's mean torso colour histogram (appearance.hpp), clustered into
// N teams by k-means on the Hellinger embedding (square roots of the histogram bins, so that the
// Euclidean distance is the Hellinger distance up to sqrt 2); athletes far from every team's kit
// (referees, officials, a keeper in another colour) are "other".
//
// Contract: pure and deterministic (fixed k-means seed). Input: one L1-normalised histogram per
// athlete (all the same length, non-negative; an empty one means "no colour seen" and makes that
// athlete "other"). Output per athlete: team 0..N-1, larger teams first, or kOtherTeam. An athlete
// is "other" when the Hellinger distance to its team's centre exceeds both
// other_distance and other_factor x the team's median distance: a kit colour the team does not
// share. With fewer distinct athletes than N, fewer teams are formed (TeamAssignment::teams).
// Throws Error(InvalidInput) for teams < 1 (the CLI's `--teams 0`), ragged or negative input.
//
//   const TeamAssignment t = assign_teams(histograms, {.teams = 2});
//   if (t.team[i] == kOtherTeam) ...;
#pragma once

#include <vector>

namespace podium::vision {

inline constexpr int kOtherTeam = -1;

struct TeamOptions {
  int teams = 2;                // >= 1
  double other_distance = 0.4;  // (0, 1]: Hellinger distance below which an athlete always fits
  double other_factor = 2.5;    // >= 1: x the team's median distance, the outlier bar above it
};

struct TeamAssignment {
  int teams = 0;                           // formed (<= options.teams)
  std::vector<int> team;                   // per athlete: 0..teams-1 or kOtherTeam
  std::vector<double> distance;            // per athlete: Hellinger distance to its team's centre
  std::vector<std::vector<float>> centre;  // per team: the mean histogram (L1-normalised)
};

TeamAssignment assign_teams(const std::vector<std::vector<float>>& histograms,
                            const TeamOptions& options);

}  // namespace podium::vision
