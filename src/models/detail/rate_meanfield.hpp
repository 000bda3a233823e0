// SPDX-License-Identifier: BSD-3-Clause
// `balnet run` with [meanfield] enabled = true: the mean-field closures of docs/models.md §1.7 for the
// run's own configuration, the beta-dependent ones fed with the beta this run measured, written
// to /meanfield of the run's file (layout in balnet/models/mft_rate.hpp) together with a table of
// simulation against theory:
//   /meanfield/comparison/<closure>/{simulated, predicted, relative_difference}  (float64 [n])
//   attribute /meanfield/comparison/<closure>@observables: the n observable names, in order
// (h5_file stores string arrays as attributes only). relative_difference = (predicted −
// simulated) / |simulated|. Observables: m, f, mu, xbar, var_x (= tvx + qvx), alpha for the
// inhibitory network; <pop>.m, <pop>.f, <pop>.mu, <pop>.xbar for E–I. gaussian_dmft adds tvx, qvx,
// tveta, beta and R_x(1), R_x(2), R_x(5) (lags in tau), its predictions taken at the run's recorded
// duration T (finite_time_estimates: the estimators' own-time-mean bias, docs/models.md §1.6).
// Collective; every rank passes the same summary (the solvers are pure, so all ranks agree).
#pragma once
#include <string>

#include <balnet/analysis/rate_observables.hpp>
#include <balnet/io/config.hpp>
#include <balnet/io/h5_file.hpp>
#include <balnet/rate/rate_model.hpp>

namespace balnet::detail {

/// Writes /meanfield when meanfield.enabled; returns the lines for the run summary ("" when
/// disabled). A closure that refuses is recorded, never an error; none applying is not an error
/// either (the run itself succeeded) and is said in the summary.
std::string rate_meanfield(h5_file& f, const config& cfg, const rate_model& m,
                           const rate_summary& s);

}  // namespace balnet::detail
