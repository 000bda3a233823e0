// SPDX-License-Identifier: BSD-3-Clause
// Words of the run summaries that depend on a value: "1 rank" / "2 ranks", a CV that has no
// value said in words (no neuron fired often enough) instead of "nan", and the rows of the
// simulation-vs-theory tables.
#pragma once
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>

namespace balnet::detail {

inline std::string ranks_text(int n) { return std::to_string(n) + (n == 1 ? " rank" : " ranks"); }

/// `cv` printed at 4 significant digits, or why there is none.
inline std::string cv_text(double cv, unsigned long long min_isis) {
    if (std::isnan(cv)) return "n/a (no neuron with " + std::to_string(min_isis) + " ISIs in the window)";
    std::ostringstream o;
    o.precision(4);
    o << cv;
    return o.str();
}

/// One row of a simulation-vs-theory table, the same for every model.
inline std::string comparison_line(const std::string& observable, double simulated, double predicted,
                                   double relative) {
    char line[160];
    std::snprintf(line, sizeof line, "    %-8s simulated %-12.5g predicted %-12.5g rel. diff %+.3f\n",
                  observable.c_str(), simulated, predicted, relative);
    return line;
}

}  // namespace balnet::detail
