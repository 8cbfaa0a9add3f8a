// TrueSkill's factor graph for single-player teams (Herbrich et al. 2007), messages in natural
// parameters. The layers above the difference chain (skill -> performance) are exact Gaussian
// steps and computed in closed form; only the chain of difference and truncation factors is
// iterated.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <string>

#include "podium/core/error.hpp"
#include "podium/core/option.hpp"
#include "podium/rank/rating.hpp"

namespace podium::rank {

namespace {

constexpr double kRatingInf = std::numeric_limits<double>::infinity();
constexpr double kRatingMinDelta = 1e-4;  // the paper's convergence threshold on messages
constexpr int kRatingMaxSweeps = 100;

// A Gaussian in natural parameters: pi = 1 / variance, tau = mean / variance. pi = 0 is the
// uniform message.
struct Gauss {
  double pi = 0.0;
  double tau = 0.0;

  static Gauss from_mean_var(double mean, double var) {
    if (!(var < kRatingInf)) return {};
    return {1.0 / var, mean / var};
  }
  double mean() const { return pi != 0.0 ? tau / pi : 0.0; }
  double var() const { return pi != 0.0 ? 1.0 / pi : kRatingInf; }
  Gauss operator*(Gauss o) const { return {pi + o.pi, tau + o.tau}; }
  Gauss operator/(Gauss o) const { return {pi - o.pi, tau - o.tau}; }
};

// How far a message moved: the larger of |d tau| and sqrt|d pi| (the trueskill packages' rule).
double rating_delta(Gauss a, Gauss b) {
  const double dpi = std::abs(a.pi - b.pi);
  if (!std::isfinite(dpi)) return 0.0;
  return std::max(std::abs(a.tau - b.tau), std::sqrt(dpi));
}

// Message of a sum factor x = c1 * y1 + c2 * y2 given the messages y1, y2 send it.
Gauss sum_message(Gauss y1, double c1, Gauss y2, double c2) {
  const double var = c1 * c1 * y1.var() + c2 * c2 * y2.var();
  return Gauss::from_mean_var(c1 * y1.mean() + c2 * y2.mean(), var);
}

double rating_pdf(double x) {
  return std::exp(-0.5 * x * x) / std::sqrt(2.0 * std::numbers::pi);
}
double rating_cdf(double x) {
  return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

// Phi^-1 by bisection: called once per option set, exact to double precision.
double rating_inverse_cdf(double p) {
  double lo = -40.0;
  double hi = 40.0;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (rating_cdf(mid) < p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

// Far in a tail the variance of a Gaussian truncated there ~ 1 / x^2 of the original.
constexpr double kRatingTailX = -30.0;

struct Truncation {
  double v = 0.0;  // mean shift
  double w = 0.0;  // variance reduction, in (0, 1)
};

// Truncation d > eps of a standardised d with mean t (a win).
Truncation truncate_win(double t, double eps) {
  const double x = t - eps;
  double v = 0.0;
  if (x > kRatingTailX) {
    v = rating_pdf(x) / rating_cdf(x);
  } else {
    // Mills ratio series: Phi(x) ~ phi(x) / |x| * (1 - 1/x^2 + 3/x^4 - 15/x^6).
    const double x2 = x * x;
    v = -x / (1.0 - 1.0 / x2 + 3.0 / (x2 * x2) - 15.0 / (x2 * x2 * x2));
  }
  const double w = v * (v + x);
  return {v, std::clamp(w, 1e-12, 1.0 - 1e-12)};
}

// Truncation |d| <= eps of a standardised d with mean t (a draw).
Truncation truncate_draw(double t, double eps) {
  const double abs_t = std::abs(t);
  const double a = eps - abs_t;
  const double b = -eps - abs_t;
  const double denom = rating_cdf(a) - rating_cdf(b);
  const double sign = t < 0.0 ? -1.0 : 1.0;
  if (denom < 1e-300) return {a * sign, std::clamp(1.0 - 1.0 / (a * a), 1e-12, 1.0 - 1e-12)};
  const double v = (rating_pdf(b) - rating_pdf(a)) / denom;
  const double w = v * v + (a * rating_pdf(a) - b * rating_pdf(b)) / denom;
  return {v * sign, std::clamp(w, 1e-12, 1.0 - 1e-12)};
}

void check_rating_options(const TrueSkillOptions& o) {
  require_option(std::isfinite(o.mu), "trueskill", "mu", o.mu, "must be finite");
  require_option(std::isfinite(o.sigma) && o.sigma > 0.0, "trueskill", "sigma", o.sigma,
                 "must be > 0");
  require_option(std::isfinite(o.beta) && o.beta > 0.0, "trueskill", "beta", o.beta, "must be > 0");
  require_option(std::isfinite(o.tau) && o.tau >= 0.0, "trueskill", "tau", o.tau, "must be >= 0");
  require_option(o.draw_probability > 0.0 && o.draw_probability < 1.0, "trueskill",
                 "draw_probability", o.draw_probability, "must be in (0, 1)");
  require_option(std::isfinite(o.k) && o.k >= 0.0, "trueskill", "k", o.k, "must be >= 0");
}

}  // namespace

std::vector<Rating> trueskill_update(std::span<const Rating> players,
                                     std::span<const std::int32_t> ranks,
                                     const TrueSkillOptions& options) {
  check_rating_options(options);
  if (ranks.size() != players.size()) {
    throw Error(ErrorKind::InvalidInput, "trueskill: " + std::to_string(ranks.size()) +
                                             " ranks for " + std::to_string(players.size()) +
                                             " players");
  }
  for (std::size_t i = 0; i < players.size(); ++i) {
    if (!std::isfinite(players[i].mu) || !(players[i].sigma > 0.0) ||
        !std::isfinite(players[i].sigma)) {
      throw Error(ErrorKind::InvalidInput,
                  Place{.source = "trueskill", .record = i, .field = "players"},
                  "a rating needs a finite mu and a finite sigma > 0");
    }
  }
  const std::size_t n = players.size();
  std::vector<Rating> out(players.begin(), players.end());
  if (n < 2) return out;

  // Players in finishing order; the chain runs over neighbours in it.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return ranks[a] < ranks[b]; });

  const double beta2 = options.beta * options.beta;
  const double tau2 = options.tau * options.tau;
  const double eps =
      rating_inverse_cdf((options.draw_probability + 1.0) / 2.0) * std::sqrt(2.0) * options.beta;

  // Skill priors after the dynamics, and the performance messages they send to the chain.
  std::vector<Gauss> skill(n);
  std::vector<Gauss> perf(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Rating& r = players[order[i]];
    const double var = r.sigma * r.sigma + tau2;
    skill[i] = Gauss::from_mean_var(r.mu, var);
    perf[i] = Gauss::from_mean_var(r.mu, var + beta2);
  }
  const std::size_t m = n - 1;  // difference factors
  std::vector<bool> draw(m);
  for (std::size_t j = 0; j < m; ++j)
    draw[j] = ranks[order[j]] == ranks[order[j + 1]];
  std::vector<Gauss> to_left(m);   // difference factor j -> performance j
  std::vector<Gauss> to_right(m);  // difference factor j -> performance j + 1
  std::vector<Gauss> to_diff(m);   // difference factor j -> difference j
  std::vector<Gauss> trunc(m);     // truncation factor j -> difference j

  const auto marginal = [&](std::size_t i) {
    Gauss g = perf[i];
    if (i < m) g = g * to_left[i];
    if (i > 0) g = g * to_right[i - 1];
    return g;
  };
  // d_j = p_j - p_{j+1}.
  const auto down = [&](std::size_t j) {
    to_diff[j] = sum_message(marginal(j) / to_left[j], 1.0, marginal(j + 1) / to_right[j], -1.0);
  };
  const auto truncate = [&](std::size_t j) {
    const Gauss in = to_diff[j];  // the difference's marginal without the truncation
    const double c = in.pi;
    const double d = in.tau;
    const double sqrt_c = std::sqrt(c);
    const Truncation t =
        draw[j] ? truncate_draw(d / sqrt_c, eps * sqrt_c) : truncate_win(d / sqrt_c, eps * sqrt_c);
    const Gauss posterior{c / (1.0 - t.w), (d + sqrt_c * t.v) / (1.0 - t.w)};
    const Gauss next = posterior / in;
    const double delta = rating_delta(next, trunc[j]);
    trunc[j] = next;
    return delta;
  };
  // p_j = d_j + p_{j+1};  p_{j+1} = p_j - d_j.
  const auto up_left = [&](std::size_t j) {
    to_left[j] = sum_message(trunc[j], 1.0, marginal(j + 1) / to_right[j], 1.0);
  };
  const auto up_right = [&](std::size_t j) {
    to_right[j] = sum_message(marginal(j) / to_left[j], 1.0, trunc[j], -1.0);
  };

  for (int sweep = 0; sweep < kRatingMaxSweeps; ++sweep) {
    double delta = 0.0;
    if (m == 1) {
      down(0);
      delta = truncate(0);
    } else {
      for (std::size_t j = 0; j + 1 < m; ++j) {
        down(j);
        delta = std::max(delta, truncate(j));
        up_right(j);
      }
      for (std::size_t j = m - 1; j > 0; --j) {
        down(j);
        delta = std::max(delta, truncate(j));
        up_left(j);
      }
    }
    if (delta <= kRatingMinDelta) break;
  }
  up_left(0);
  up_right(m - 1);

  // Back through the performance noise to the skills.
  for (std::size_t i = 0; i < n; ++i) {
    const Gauss from_chain = marginal(i) / perf[i];
    const Gauss to_skill = Gauss::from_mean_var(from_chain.mean(), from_chain.var() + beta2);
    const Gauss post = skill[i] * to_skill;
    out[order[i]] = {post.mean(), std::sqrt(post.var())};
  }
  return out;
}

}  // namespace podium::rank
