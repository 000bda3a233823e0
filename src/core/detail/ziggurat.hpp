// SPDX-License-Identifier: BSD-3-Clause
// Ziggurat tables (Marsaglia & Tsang 2000, "The ziggurat method for generating random variables",
// J. Stat. Softw. 5(8)) with 256 layers of equal area v under a decreasing density f on [0, inf):
// layer i >= 1 is the box [0, x[i]] x [f(x[i]), f(x[i+1])], layer 0 the box [0, r] x [0, f(r)]
// plus the tail beyond r, drawn as the box [0, x[0]] with x[0] = v / f(r). A draw picks a layer
// and a point u x[i]: below x[i+1] it is accepted at once (98.8 % of normal draws, 98.9 % of
// exponential ones, with no transcendental call); otherwise the wedge or the tail decides. The
// method is exact: the accepted x has the density f / integral(f).
#pragma once
#include <array>

namespace balnet::detail {

struct ziggurat {
    std::array<double, 257> x{};  ///< layer edges: x[0] = v / f(r), x[1] = r, x[256] = 0
    std::array<double, 257> f{};  ///< f(x[i]) (f[256] = f(0) = 1)
    double r = 0.0;               ///< start of the tail
};

/// f(x) = exp(-x^2 / 2): the half-normal; r = 3.6541528853610088, v = 0.00492867323399.
const ziggurat& normal_ziggurat();
/// f(x) = exp(-x): the exponential; r = 7.69711747013104972, v = 0.0039496598225815571993.
const ziggurat& exponential_ziggurat();

}  // namespace balnet::detail
