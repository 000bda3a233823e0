// SPDX-License-Identifier: BSD-3-Clause
// What every mean-field closure returns: per-population predictions of the docs/models.md §1.6
// observables, plus how the answer was obtained (method, residual of the self-consistency,
// iterations) and the assumptions it rests on, in words, so that a prediction is never
// reported without its caveats. A result exists only for a converged solve: solvers throw
// meanfield_error instead of returning an unconverged or out-of-regime number.
#pragma once
#include <limits>
#include <string>
#include <vector>

namespace balnet {

/// Stationary statistics of one population under a closure (definitions as in docs/models.md §1.6,
/// with time and unit averages replaced by the closure's distribution of x).
struct population_prediction {
    std::string name;  ///< "I" for the inhibitory network, "E" / "I" for the E–I network
    double m = 0.0;     ///< mean rate E[phi(x)]
    double q = 0.0;     ///< second moment E[phi(x)^2]
    double f = 0.0;     ///< fraction on, P(x > 0)
    double mu = 0.0;    ///< mean rate of the on units, m / f (NaN when f = 0)
    double xbar = 0.0;  ///< mean input x
    double var_x = 0.0; ///< variance of x over units (and time) under the closure
};

struct closure_result {
    std::string method;  ///< e.g. "static_gaussian", "heaviside_gamma", "telegraph"
    std::vector<population_prediction> populations;
    /// m sqrt(K) (J0/g)^2 for the inhibitory network (docs/models.md §1.6); NaN for E–I.
    double alpha = std::numeric_limits<double>::quiet_NaN();
    double residual = 0.0;  ///< max |self-consistency residual| at the returned point
    int iterations = 0;     ///< solver iterations (outer loop, where nested)
    std::string assumptions;
};

/// The WARNING part of a theory's `assumptions` (a rate closure's or the Siegert solution's) as
/// the runs' simulation-vs-theory tables print it under the theory's rows, so that a run says as
/// loudly as `balnet mft` that its theory is outside its assumptions; "" when there is none.
inline std::string assumptions_warning_line(const std::string& assumptions) {
    const auto w = assumptions.find("WARNING:");
    if (w == std::string::npos) return "";
    return "    (outside its assumptions:" + assumptions.substr(w + 8) + ")\n";
}

/// Tolerances shared by all closures.
struct solver_options {
    double tolerance = 1e-10;  ///< relative tolerance of the roots
    int max_iterations = 200;
};

}  // namespace balnet
