// The joint model's per-athlete blocks (joint_blocks.hpp): each athlete's rows reduced to the
// columns they touch, and their contribution to X'V^-1 X at a relative covariance factor.
#include "joint_blocks.hpp"

#include <Eigen/Dense>
#include <cmath>
#include <map>
#include <set>

namespace podium::career {

namespace detail {

int joint_columns(int groups, int seasons, int basis_size) {
  return seasons + groups - 1 + groups * basis_size;
}

JointBlocks make_joint_blocks(const JointData& d, const JointBasis& basis, double scale) {
  JointBlocks b;
  const int k = basis.size();
  b.p = joint_columns(d.groups, d.seasons, k);
  b.rows = static_cast<int>(d.size());
  double sum_w = 0.0, sum_wa = 0.0;
  for (std::size_t i = 0; i < d.size(); ++i)
    sum_w += d.weight[i], sum_wa += d.weight[i] * d.age[i];
  b.centre = sum_wa / sum_w;
  const double mean_w = sum_w / static_cast<double>(d.size());
  std::map<std::int32_t, std::vector<std::size_t>> rows_of;
  std::vector<std::int32_t> order;
  for (std::size_t i = 0; i < d.size(); ++i) {
    auto& rows = rows_of[d.athlete[i]];
    if (rows.empty()) order.push_back(d.athlete[i]);
    rows.push_back(i);
  }
  b.active.assign(static_cast<std::size_t>(b.p), false);
  std::vector<double> v(static_cast<std::size_t>(k));
  for (std::int32_t key : order) {
    const auto& rows = rows_of[key];
    JointBlock blk;
    blk.key = key;
    blk.group = d.group[rows.front()];
    blk.rows = static_cast<int>(rows.size());
    std::set<Eigen::Index> cols;
    for (std::size_t r : rows) {
      const int g = d.group[r];
      cols.insert(d.season[r]);
      if (g > 0) cols.insert(d.seasons + g - 1);
      for (int j = 0; j < k; ++j)
        cols.insert(d.seasons + d.groups - 1 + g * k + j);
    }
    blk.cols.assign(cols.begin(), cols.end());
    std::map<Eigen::Index, Eigen::Index> local;
    for (std::size_t c = 0; c < blk.cols.size(); ++c)
      local[blk.cols[c]] = static_cast<Eigen::Index>(c);
    const auto m = static_cast<Eigen::Index>(blk.cols.size());
    blk.xwx = Eigen::MatrixXd::Zero(m, m);
    blk.xwy = Eigen::VectorXd::Zero(m);
    blk.xwz = Eigen::MatrixXd::Zero(m, 2);
    blk.zwz.setZero();
    blk.zwy.setZero();
    Eigen::VectorXd x(m);
    for (std::size_t r : rows) {
      const double w = d.weight[r] / mean_w;
      const int g = d.group[r];
      x.setZero();
      x(local[d.season[r]]) = 1.0;
      if (g > 0) x(local[d.seasons + g - 1]) = 1.0;
      basis.evaluate(d.age[r], v.data());
      for (int j = 0; j < k; ++j)
        x(local[d.seasons + d.groups - 1 + g * k + j]) = v[static_cast<std::size_t>(j)];
      const Eigen::Vector2d z(1.0, (d.age[r] - b.centre) / scale);
      blk.xwx.noalias() += w * x * x.transpose();
      blk.xwy.noalias() += w * d.y[r] * x;
      blk.xwz.noalias() += w * x * z.transpose();
      blk.zwz.noalias() += w * z * z.transpose();
      blk.zwy.noalias() += w * d.y[r] * z;
      blk.ywy += w * d.y[r] * d.y[r];
      blk.sum_log_w += std::log(w);
    }
    for (Eigen::Index c : blk.cols)
      b.active[static_cast<std::size_t>(c)] = true;
    b.blocks.push_back(std::move(blk));
  }
  return b;
}

JointContribution joint_contribution(const JointBlock& b, const std::array<double, 3>& theta) {
  Eigen::Matrix2d l;
  l << std::abs(theta[0]), 0.0, theta[1], std::abs(theta[2]);
  const Eigen::Matrix2d m = Eigen::Matrix2d::Identity() + l.transpose() * b.zwz * l;
  const Eigen::LLT<Eigen::Matrix2d> chol(m);
  const Eigen::Matrix2d k = l * chol.solve(l.transpose());
  JointContribution c;
  const Eigen::MatrixXd xwzk = b.xwz * k;
  c.xvx = b.xwx - xwzk * b.xwz.transpose();
  c.xvy = b.xwy - xwzk * b.zwy;
  c.yvy = b.ywy - b.zwy.dot(k * b.zwy);
  const Eigen::Matrix2d lm = chol.matrixL();
  c.log_det_m = 2.0 * (std::log(lm(0, 0)) + std::log(lm(1, 1)));
  return c;
}

void joint_scatter(const JointBlock& b, const JointContribution& c, double times,
                   Eigen::MatrixXd& xvx, Eigen::VectorXd& xvy) {
  const std::size_t m = b.cols.size();
  for (std::size_t r = 0; r < m; ++r) {
    const auto rr = static_cast<Eigen::Index>(r);
    xvy(b.cols[r]) += times * c.xvy(rr);
    for (std::size_t s = 0; s < m; ++s)
      xvx(b.cols[r], b.cols[s]) += times * c.xvx(rr, static_cast<Eigen::Index>(s));
  }
}

bool joint_solve(const std::vector<bool>& active, Eigen::MatrixXd xvx, const Eigen::VectorXd& xvy,
                 Eigen::VectorXd& beta, double* log_det) {
  Eigen::VectorXd rhs = xvy;
  for (std::size_t c = 0; c < active.size(); ++c) {
    if (active[c]) continue;
    const auto i = static_cast<Eigen::Index>(c);
    xvx.row(i).setZero();
    xvx.col(i).setZero();
    xvx(i, i) = 1.0;
    rhs(i) = 0.0;
  }
  const Eigen::LLT<Eigen::MatrixXd> llt(xvx);
  if (llt.info() != Eigen::Success) return false;
  beta = llt.solve(rhs);
  if (log_det != nullptr) *log_det = 2.0 * llt.matrixLLT().diagonal().array().log().sum();
  return beta.allFinite();
}

}  // namespace detail

}  // namespace podium::career
