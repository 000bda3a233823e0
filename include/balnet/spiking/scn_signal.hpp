// SPDX-License-Identifier: BSD-3-Clause
// The signal of a spike-coding network (docs/models.md §2.4.2): the command c(t) made of additive
// generators (constants, steps and pulses, sums of cosines, Ornstein-Uhlenbeck processes) and
// the target as the network integrates it, x~_{k+1} = Phi x~_k + Gamma c(t_k), with
// Phi = expm(A h) and Gamma = int_0^h e^{As} ds (c held over the step).
// Invariants: c(t_k) depends only on (params, k): the OU draws come from rng_stream(seed,
// signal, term << 32 | component, k), so every rank computes the same signal bitwise. For a
// diagonal A the propagators are the exact scalars (Phi = e^{-lambda h}, Gamma = (1 - Phi)/lambda
// for A = -lambda I), otherwise expm of the augmented matrix [[A h, I h], [0, 0]].
// Checkpoints: (k, x~_k, c(t_k), the OU states) is the whole state between steps (the OU draws
// are keyed by k); state() exports it, restore() continues bitwise from it.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include <balnet/core/types.hpp>
#include <balnet/spiking/scn_params.hpp>

namespace balnet {

/// Exponential of a dim x dim row-major matrix (scaling and squaring of a Taylor series,
/// accurate to a few ulps of the largest entry for the small matrices of a signal).
std::vector<double> matrix_exponential(std::span<const double> m, std::uint32_t dim);

/// Phi = expm(A h) and Gamma = int_0^h e^{As} ds, both dim x dim row-major.
struct scn_propagator {
    std::vector<double> phi;
    std::vector<double> gamma;
};
scn_propagator scn_propagators(std::span<const double> a, std::uint32_t dim, double h);

/// The command that makes x(t) = R (cos 2 pi f t, sin 2 pi f t, 0, ...) a solution of
/// dx/dt = A x + c: c = dx/dt - A x, as two cosine terms (phases 0 and -pi/2). dim >= 2.
std::vector<scn_command_term> scn_circle_command(std::span<const double> a, std::uint32_t dim,
                                                 double radius, double frequency_hz);
/// The constant command that holds x = xc: c = -A xc.
scn_command_term scn_hold_command(std::span<const double> a, std::span<const double> xc);

/// The signal's state between steps (see the header comment).
struct scn_signal_state {
    step_type steps = 0;
    std::vector<double> x;   ///< x~_k (J)
    std::vector<double> c;   ///< c(t_k) (J)
    std::vector<double> ou;  ///< the OU terms' states, term by term (J each); empty without OU
};

class scn_signal {
public:
    /// `p` must be valid (scn_params::validate).
    explicit scn_signal(const scn_params& p);

    step_type now() const noexcept { return k_; }
    std::span<const double> x() const noexcept { return x_; }  ///< x~_k
    std::span<const double> c() const noexcept { return c_; }  ///< c(t_k), held over step k
    const scn_propagator& propagator() const noexcept { return prop_; }

    /// x~_{k+1} = Phi x~_k + Gamma c(t_k); then evaluates c(t_{k+1}).
    void step();

    scn_signal_state state() const;
    /// Continues from `s` (exported by a signal of the same parameters; internal_error when its
    /// shape differs).
    void restore(const scn_signal_state& s);

private:
    void evaluate();  // c_ <- c(t_k); advances the OU states to step k first

    std::uint32_t dim_;
    double dt_;
    seed_type seed_;
    std::vector<scn_command_term> terms_;
    std::vector<step_type> on_, off_;       // active steps [on, off) per term
    std::vector<std::vector<double>> ou_;   // OU state per term (empty for other kinds)
    scn_propagator prop_;
    std::vector<double> x_, c_, tmp_;
    step_type k_ = 0;
};

}  // namespace balnet
