// SPDX-License-Identifier: BSD-3-Clause
// Excitatory and inhibitory input currents of spike-coding neurons (docs/models.md §2.5 item 5.9,
// Barrett et al. 2016): per owned neuron i the components {D_mi x~_m}_m and {W_ij r_j}_{j != i},
// W = the off-diagonal part of Omega_f = -D^T D; E_i = the sum of the positive components,
// I_i = the sum of the |negative| ones. Since r_j >= 0, the recurrent part is
// sum_j r_j max(0, -+D_i . D_j): it is kept as two filtered sums updated from the step's spikes
// (e <- a e + positive weights of this step's spikes), exactly as r decays and jumps, so no N x N
// matrix and no global r vector is needed. Over the steps k in [t0, t1) it accumulates shifted
// one-pass sums per neuron for the Pearson correlation corr_t(E_i, I_i); result() averages over
// neurons (ranks combine by exact sums: the same bits at any rank count), with the balance index mean_i |<E_i> - <I_i>| / <E_i>.
// add() must see every step from the first (the filters start at r = 0); a checkpointed run
// continues from serialise()'s numbers instead.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/core/exact_sum.hpp>
#include <balnet/spiking/scn_engine.hpp>

namespace balnet {

struct scn_ei_result {
    double rho = 0.0;       ///< mean over neurons of corr_t(E_i, I_i); NaN if none qualifies
    double balance = 0.0;   ///< mean over neurons of |<E_i> - <I_i>| / <E_i>
    double mean_e = 0.0;    ///< mean over neurons and time of E_i
    double mean_i = 0.0;    ///< mean over neurons and time of I_i
    std::uint64_t n_rho = 0;      ///< neurons with non-zero variances (counted in rho)
    std::uint64_t n_neurons = 0;
};

class scn_ei_currents {
public:
    /// Owned neurons of `eng`; window [t0, t1) in steps.
    scn_ei_currents(const scn_engine& eng, step_type t0, step_type t1);

    /// After each step of `eng` (its step probe), in order from the first step.
    void add(const scn_engine& eng);

    /// E_i, I_i of the owned neurons in the engine's current state (the initial one before add).
    std::span<const double> e() const noexcept { return e_; }
    std::span<const double> i() const noexcept { return i_; }

    /// Per owned neuron: time means of E and I and corr_t(E_i, I_i) (NaN when undefined).
    std::vector<double> mean_e() const;
    std::vector<double> mean_i() const;
    std::vector<double> correlation() const;

    scn_ei_result result() const;                    ///< owned neurons only
    scn_ei_result result(const context& ctx) const;  ///< all neurons (collective)

    /// The filters, current E/I and sums as numbers (checkpoints); restore() takes them back
    /// into an object of the same engine partition and window (internal_error otherwise), bitwise.
    std::vector<double> serialise() const;
    void restore(std::span<const double> state);

private:
    struct sums {
        double se = 0, si = 0, see = 0, sii = 0, sei = 0;
    };
    /// {sum rho, sum balance, sum <E>, sum <I>} (exact) and {n rho, n neurons} of the owned neurons.
    void local_sums(exact_sum totals[4], std::uint64_t counts[2]) const;

    gid_type first_;
    std::uint32_t dim_;
    double decay_;
    step_type t0_, t1_;
    std::vector<double> lat_e_, lat_i_;  // filtered recurrent parts
    std::vector<double> e_, i_;
    std::vector<double> shift_e_, shift_i_;
    std::vector<sums> s_;
    std::uint64_t n_samples_ = 0;
};

}  // namespace balnet
