#include "podium/vision/teams.hpp"

#include <algorithm>
#include <cmath>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/core/quantile.hpp"
#include "podium/learn/kmeans.hpp"

namespace podium::vision {
namespace {

constexpr std::uint64_t kTeamsSeed = 1;

// The median of a team's distances (0 for an empty team).
double teams_median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return sorted_quantile(v, 0.5);
}

}  // namespace

TeamAssignment assign_teams(const std::vector<std::vector<float>>& histograms,
                            const TeamOptions& o) {
  require_option(o.teams >= 1, "", "--teams", o.teams, "must be >= 1");
  require_option(o.other_distance > 0 && o.other_distance <= 1, "teams", "other_distance",
                 o.other_distance, "must be within (0, 1]");
  require_option(o.other_factor >= 1, "teams", "other_factor", o.other_factor, "must be >= 1");
  std::size_t dims = 0;
  for (const auto& h : histograms) {
    if (h.empty()) continue;
    if (dims != 0 && h.size() != dims) {
      throw Error(ErrorKind::InvalidInput, "teams: histograms of different lengths (" +
                                               std::to_string(dims) + " and " +
                                               std::to_string(h.size()) + ")");
    }
    dims = h.size();
    for (float v : h) {
      if (!(v >= 0) || !std::isfinite(v)) {
        throw Error(ErrorKind::InvalidInput,
                    "teams: histogram bin " + std::to_string(v) + " is negative or not finite");
      }
    }
  }
  TeamAssignment r;
  r.team.assign(histograms.size(), kOtherTeam);
  r.distance.assign(histograms.size(), 1.0);
  std::vector<std::vector<double>> points;
  std::vector<std::size_t> athlete_of;
  for (std::size_t i = 0; i < histograms.size(); ++i) {
    const auto& h = histograms[i];
    if (h.empty()) continue;
    double sum = 0;
    for (float v : h)
      sum += v;
    if (!(sum > 0)) continue;
    std::vector<double> p(h.size());
    for (std::size_t j = 0; j < h.size(); ++j)
      p[j] = std::sqrt(h[j] / sum);
    points.push_back(std::move(p));
    athlete_of.push_back(i);
  }
  if (points.empty()) return r;
  const learn::KMeansResult km =
      learn::kmeans(points, {.k = std::min<int>(o.teams, static_cast<int>(points.size())),
                             .restarts = 10,
                             .seed = kTeamsSeed});
  r.teams = km.k;
  // Hellinger distance = Euclidean distance of the square roots / sqrt 2, in [0, 1].
  std::vector<double> d(points.size());
  std::vector<std::vector<double>> by_team(static_cast<std::size_t>(km.k));
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& c = km.centroids[static_cast<std::size_t>(km.labels[i])];
    double s = 0;
    for (std::size_t j = 0; j < c.size(); ++j)
      s += (points[i][j] - c[j]) * (points[i][j] - c[j]);
    d[i] = std::min(1.0, std::sqrt(s / 2));
    by_team[static_cast<std::size_t>(km.labels[i])].push_back(d[i]);
  }
  std::vector<double> bar(by_team.size());
  for (std::size_t t = 0; t < by_team.size(); ++t)
    bar[t] = std::max(o.other_distance, o.other_factor * teams_median(by_team[t]));
  for (std::size_t i = 0; i < points.size(); ++i) {
    const int t = km.labels[i];
    r.distance[athlete_of[i]] = d[i];
    r.team[athlete_of[i]] = d[i] > bar[static_cast<std::size_t>(t)] ? kOtherTeam : t;
  }
  // Teams renumbered by members (outliers not counted), larger first, ties by first athlete:
  // k-means' own order counts the outliers in.
  std::vector<int> members(by_team.size(), 0), first(by_team.size(), -1);
  for (std::size_t i = 0; i < histograms.size(); ++i) {
    const int t = r.team[i];
    if (t == kOtherTeam) continue;
    ++members[static_cast<std::size_t>(t)];
    if (first[static_cast<std::size_t>(t)] < 0)
      first[static_cast<std::size_t>(t)] = static_cast<int>(i);
  }
  std::vector<int> order(by_team.size());
  for (std::size_t t = 0; t < order.size(); ++t)
    order[t] = static_cast<int>(t);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    const auto ua = static_cast<std::size_t>(a), ub = static_cast<std::size_t>(b);
    if (members[ua] != members[ub]) return members[ua] > members[ub];
    return static_cast<unsigned>(first[ua]) < static_cast<unsigned>(first[ub]);
  });
  std::vector<int> rank(order.size());
  for (std::size_t k = 0; k < order.size(); ++k)
    rank[static_cast<std::size_t>(order[k])] = static_cast<int>(k);
  for (int& t : r.team) {
    if (t != kOtherTeam) t = rank[static_cast<std::size_t>(t)];
  }
  // Each team's kit: the mean histogram of its members (not of its outliers).
  r.centre.assign(by_team.size(), std::vector<float>(dims, 0.0F));
  for (std::size_t i = 0; i < histograms.size(); ++i) {
    const int t = r.team[i];
    if (t == kOtherTeam) continue;
    for (std::size_t j = 0; j < dims; ++j)
      r.centre[static_cast<std::size_t>(t)][j] += histograms[i][j];
  }
  for (std::size_t t = 0; t < r.centre.size(); ++t) {
    for (float& v : r.centre[t])
      v /= static_cast<float>(std::max(1, members[static_cast<std::size_t>(order[t])]));
  }
  return r;
}

}  // namespace podium::vision
