// SPDX-License-Identifier: BSD-3-Clause
// The textbook two-pass Pearson correlation: the independent reference the correlation tests
// compare balnet's streaming estimators with.
#pragma once
#include <cmath>
#include <vector>

namespace balnet::test {

inline double naive_pearson(const std::vector<double>& x, const std::vector<double>& y) {
    const double n = static_cast<double>(x.size());
    double mx = 0, my = 0;
    for (std::size_t k = 0; k < x.size(); ++k) { mx += x[k] / n; my += y[k] / n; }
    double a = 0, b = 0, c = 0;
    for (std::size_t k = 0; k < x.size(); ++k) {
        a += (x[k] - mx) * (y[k] - my);
        b += (x[k] - mx) * (x[k] - mx);
        c += (y[k] - my) * (y[k] - my);
    }
    return a / std::sqrt(b * c);
}

}  // namespace balnet::test
