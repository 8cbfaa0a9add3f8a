// Private to the career module: the per-athlete sufficient statistics of the joint model
// (joint_model.hpp), shared by the fit and by the resampling that re-solves the fixed effects at
// fixed variance parameters (bootstrap, leave-one-athlete-out).
#pragma once

#include <Eigen/Dense>
#include <array>
#include <vector>

#include "podium/career/joint_model.hpp"

namespace podium::career::detail {

// One athlete's rows reduced to the columns they touch (their seasons, group shift and basis).
struct JointBlock {
  std::vector<Eigen::Index> cols;  // sorted column indices of X this athlete touches
  Eigen::MatrixXd xwx;             // X_i' W_i X_i on cols
  Eigen::VectorXd xwy;             // X_i' W_i y_i on cols
  Eigen::MatrixXd xwz;             // X_i' W_i Z_i on cols (|cols| x 2)
  Eigen::Matrix2d zwz;
  Eigen::Vector2d zwy;
  double ywy = 0.0;
  double sum_log_w = 0.0;
  int rows = 0;
  std::int32_t key = 0;
  int group = 0;  // of the athlete's first row
};

struct JointBlocks {
  int p = 0;  // fixed-effect columns
  int rows = 0;
  double centre = 0.0;
  std::vector<JointBlock> blocks;
  std::vector<bool> active;  // columns with any weight (a season without rows is pinned to 0)
};

int joint_columns(int groups, int seasons, int basis_size);
JointBlocks make_joint_blocks(const JointData& d, const JointBasis& basis, double scale);

// An athlete's contribution to X'V^-1 X and X'V^-1 y (on its cols, with sigma^2 factored out)
// at relative covariance factor theta, and log|M_i|, y_i'V_i^-1 y_i.
struct JointContribution {
  Eigen::MatrixXd xvx;
  Eigen::VectorXd xvy;
  double yvy = 0.0;
  double log_det_m = 0.0;
};
JointContribution joint_contribution(const JointBlock& b, const std::array<double, 3>& theta);

// Adds a contribution into full-size matrices.
void joint_scatter(const JointBlock& b, const JointContribution& c, double times,
                   Eigen::MatrixXd& xvx, Eigen::VectorXd& xvy);
// Solves (xvx) beta = xvy with inactive columns pinned to 0; returns false when not positive
// definite. log_det receives log|xvx| over the active columns.
bool joint_solve(const std::vector<bool>& active, Eigen::MatrixXd xvx, const Eigen::VectorXd& xvy,
                 Eigen::VectorXd& beta, double* log_det);

}  // namespace podium::career::detail
