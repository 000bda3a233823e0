// SPDX-License-Identifier: BSD-3-Clause
// Mean-field predictions for a rate configuration (docs/models.md §1.7): the mapping from the run's
// keys to the population-level model of the meanfield layer, every closure that applies, their
// printed report and their layout in an HDF5 file. Shared by `balnet mft` and by `balnet run`
// with [meanfield] enabled = true.
//
// Invariants. Everything here except write_meanfield is pure (no file, no MPI), so every rank
// computes the same outcomes bit for bit and the collective writes see equal values. A closure
// that refuses (meanfield_error: wrong response, weights, network type, no convergence) is an
// outcome with state not_applicable and the solver's reason, never an exception; one that needs
// beta when none is known is skipped. Only solve_rate_closures' caller decides whether "no
// closure applied" is an error.
//
// HDF5 layout written by write_meanfield (group `root`, "/meanfield" by default):
//   root                 attrs model = "rate", beta (1/tau; 0 = none), beta_source
//   root/<closure>       attrs state ("ok" | "not applicable" | "skipped"), reason, method,
//                        assumptions, residual, iterations, beta (closures that use it)
//                        scalars m, q, f, mu, xbar, var_x (units "1") of a single population,
//                        alpha (when defined); E–I: root/<closure>/populations/<E|I>/<same>
//   root/gaussian_dmft   additionally attrs regime ("chaotic" | "fixed_point"), curve_residual;
//                        scalars tvx, qvx, tveta, qveta, delta0, delta_inf, static_gain (units
//                        "1"), beta, decay_rate ("1/tau", T -> inf; NaN at a fixed point);
//                        arrays lag ("tau"), R_x, R_eta ("1") on the run's ACF lags
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <balnet/io/config.hpp>
#include <balnet/io/h5_file.hpp>
#include <memory>

#include <balnet/meanfield/closure_result.hpp>
#include <balnet/meanfield/gaussian_dmft.hpp>
#include <balnet/meanfield/rate_population_model.hpp>
#include <balnet/rate/rate_model.hpp>

namespace balnet {

/// The population-level model of a rate run (K_E, K_I from the same E–I split as the engine).
rate_population_model rate_population_model_from(const rate_params& p);

/// What one closure gave for a configuration.
struct mft_outcome {
    enum class state { ok, not_applicable, skipped };
    std::string name;  ///< static_gaussian, heaviside_gamma, heaviside_gamma_binomial, telegraph, moment_gamma
    state status = state::skipped;
    std::string reason;                   ///< why not applicable / skipped; empty when ok
    std::optional<closure_result> result;  ///< set exactly when status == ok
    bool uses_beta = false;
    std::shared_ptr<const dmft_result> dmft;  ///< set for gaussian_dmft when ok (curves, tvx, beta)
};

std::string to_string(mft_outcome::state s);

/// Every closure of the meanfield layer, in a fixed order. beta <= 0 (or NaN) skips the
/// beta-dependent closures (telegraph, moment_gamma) with a note; beta = +inf is allowed.
/// `curves` sets the lag grid of the DMFT's R_x, R_eta and its beta (the run's record.dt, ncorr).
std::vector<mft_outcome> solve_rate_closures(const rate_population_model& model, double beta,
                                             const dmft_options& curves = {});

/// The DMFT options for a run: dtau = the recording step, lags = floor(ncorr / record.dt).
dmft_options dmft_options_from(const rate_params& p);

/// True when at least one outcome is ok.
bool any_applied(const std::vector<mft_outcome>& outcomes);

/// The parameters of the model in one line (what the predictions are for).
std::string describe_model(const rate_population_model& model);

/// The report `balnet mft` prints: per closure its name, then either
/// "  <pop>: m = .. q = .. f = .. mu = .. xbar = .. var_x = .." lines, alpha, residual,
/// iterations and the assumptions, or "  not applicable: <reason>" / "  skipped: <reason>".
std::string outcomes_text(const std::vector<mft_outcome>& outcomes);

/// Collective: writes the outcomes below `root` (layout above). beta_source says where beta
/// came from ("measured in this run", "--meanfield.beta", a file path, or "none").
void write_meanfield(h5_file& f, const std::vector<mft_outcome>& outcomes, double beta,
                     const std::string& beta_source, const std::string& root = "/meanfield");

}  // namespace balnet
