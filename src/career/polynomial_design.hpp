// Private to the career module: the polynomial design matrix shared by the least-squares and
// mixed-model fits.
#pragma once

#include <Eigen/Dense>

#include "podium/career/age_curve.hpp"

namespace podium::career::detail {

// Throws Error(InvalidInput) prefixed with `what` for data a degree-`degree` fit cannot use.
void check_curve_data(const CurveData& d, int degree, const char* what);
// Rows (age_i - centre)^0 .. ^degree.
Eigen::MatrixXd design(const CurveData& d, int degree, double centre);
Polynomial to_polynomial(const Eigen::VectorXd& beta, double centre);

}  // namespace podium::career::detail
