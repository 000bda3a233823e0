// SPDX-License-Identifier: BSD-3-Clause
// Read-out reliability of a spike-coding network across trials (docs/models.md §2.5 item 5.11):
// the variance of x^ across K trials (same decoder and signal, independent voltage noise; ddof 1),
// averaged over the window's steps and the J components, against the same variance for
// independent inhomogeneous Poisson neurons with the trial-averaged rates rho_i(t): each filtered
// train r_i then has Var r_i = v_i with v_i <- e^{-2 lambda h} v_i + rho_i h, and the read-out
// x^_m = sum_i D_mi r_i has variance sum_i D_mi^2 v_i. Averaged over m this is
// sum_i ||D_i||^2 v_i / J; it is linear in rho_i h = (1/K) sum_k n_ik (spikes of neuron i in
// the step, trial k), so each trial carries one filtered scalar V <- e^{-2 lambda h} V +
// sum over this step's spikes of ||D_i||^2, started at t = 0 like r, and the Poisson variance
// is the mean of V / J over trials and window steps. Reliability gain = Var_Poisson / Var_SCN.
// Window: the states after steps t0 + 1 ... t1 (t1 - t0 samples). Memory: 2 J (t1 - t0)
// doubles, the same on every rank (x^ and the spikes of a step are global in the SCN).
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include <balnet/core/types.hpp>

namespace balnet {

class scn_trial_readout {
public:
    /// decoder: J x N column-major (the engine's); lambda [1/ms], dt [ms]; window [t0, t1) steps.
    scn_trial_readout(std::span<const double> decoder, std::uint32_t dim, double lambda, double dt, step_type t0,
                      step_type t1);

    /// After step `now` (the state of step now): x^ and the gids that spiked in that step.
    void add_step(step_type now, std::span<const double> xhat, std::span<const gid_type> spiked);
    /// Ends the trial under way (restarts the Poisson filter).
    void end_trial();

    std::uint64_t trials() const noexcept { return trials_; }
    double var_scn() const;      ///< needs trials() >= 2
    double var_poisson() const;  ///< needs trials() >= 1
    double gain() const { return var_poisson() / var_scn(); }

private:
    std::vector<double> norm_sq_;  // ||D_i||^2
    std::uint32_t dim_;
    double decay_sq_;
    step_type t0_, t1_;
    std::vector<double> sum_, sum_sq_;  // [sample][component] over trials
    double filter_ = 0.0, poisson_sum_ = 0.0;
    std::uint64_t trials_ = 0;
};

}  // namespace balnet
