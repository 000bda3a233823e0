// SPDX-License-Identifier: BSD-3-Clause
#include "ziggurat.hpp"

#include <cmath>

namespace balnet::detail {
namespace {

// x[i+1] solves f(x[i+1]) = f(x[i]) + v / x[i]: every layer has the area v. The constants r and
// v of Marsaglia & Tsang close the top layer at x = 0 (x[256] is set to 0 exactly).
template <typename F, typename Finv>
ziggurat build(double r, double v, F f, Finv finv) {
    ziggurat z;
    z.r = r;
    z.x[0] = v / f(r);
    z.x[1] = r;
    for (std::size_t i = 1; i < 255; ++i) z.x[i + 1] = finv(f(z.x[i]) + v / z.x[i]);
    z.x[256] = 0.0;
    for (std::size_t i = 0; i < 257; ++i) z.f[i] = f(z.x[i]);
    return z;
}

}  // namespace

const ziggurat& normal_ziggurat() {
    static const ziggurat z = build(
        3.6541528853610088, 0.00492867323399, [](double x) { return std::exp(-0.5 * x * x); },
        [](double y) { return std::sqrt(-2.0 * std::log(y)); });
    return z;
}

const ziggurat& exponential_ziggurat() {
    static const ziggurat z = build(
        7.69711747013104972, 0.0039496598225815571993, [](double x) { return std::exp(-x); },
        [](double y) { return -std::log(y); });
    return z;
}

}  // namespace balnet::detail
