// SPDX-License-Identifier: BSD-3-Clause
// The spike-coding network engine (docs/models.md §2.4.2) over the neurons one rank owns.
// Per step k (a = e^{-lambda h}, b = (1 - a) / lambda):
//     x~ <- Phi x~ + Gamma c(t_k)                                 (scn_signal)
//     V  <- a V + b D^T (c(t_k) + (A + lambda I) x^) + sigma_V sqrt(h) xi(seed, noise, gid, k)
//     r  <- a r,  x^ <- a x^,  V_i <- 0 for knocked-out neurons
//     greedy: up to S_max times, i* = global argmax of V_i - T_i over live neurons (ties to the
//             lowest gid); stop unless V_i* > T_i*; spike of i* stamped k + 1:
//             V_j -= D_j . D_i* (all j), V_i* -= mu, r_i* += 1, x^ += D_i*
//     all_above: every live neuron with V_i > T_i spikes; spikes applied in gid order
//     V_i <- 0 for knocked-out neurons
// (D^T (A + lambda I) x^ is Omega_s r with x^ = D r before the decay, without forming Omega_s.)
//
// Invariants. Every rank holds the whole decoder (J x N: the spiker's column is needed by all,
// and J N is the size of the state anyway), the target x~ and the read-out x^ = D r, updated by
// the same operations in the same order on every rank, so x^ is bitwise identical everywhere;
// V and r are kept for the owned neurons only. The global argmax is one max_loc collective per
// candidate spike (all_above: one gather per step); the winner does not depend on the
// partition, and noise and decoder are keyed by gid, so spike trains, V and x^ are bitwise the
// same for any rank count. Knocked-out neurons (from step ko = round(t_ko / h) on: the steps
// k >= ko) are clamped to V = 0 and never spike. advance() is collective when a context is
// given: every rank calls it with the same n.
//
// Checkpoints: between advance() calls (V, r of the owned neurons, x^, the signal's state, the
// knock-out set) is everything the next step depends on; the noise is keyed by (seed, gid, k),
// so the step is all the RNG state there is. state() exports it, restore() puts it into an
// engine built from the same parameters and partition; the continuation is then bitwise the
// uninterrupted one.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/core/named_state.hpp>
#include <balnet/network/partition.hpp>
#include <balnet/spiking/scn_params.hpp>
#include <balnet/spiking/scn_signal.hpp>
#include <balnet/spiking/spike.hpp>

namespace balnet {

/// One rank's engine state between advance() calls (see the header comment).
struct scn_engine_state {
    scn_signal_state signal;          ///< includes the step count
    std::vector<double> v, r;         ///< owned neurons, local order
    std::vector<double> xhat;         ///< x^_k (J), the same on every rank
    std::vector<gid_type> knocked_out;  ///< every knocked-out gid, sorted
    std::uint64_t n_collectives = 0;
};

class scn_engine {
public:
    /// Validates `p` (config_error), builds the decoder and the initial state x~_0 = x(0),
    /// r = 0, V = D^T x~_0. `part` must partition p.n; without a context it must be one rank.
    scn_engine(scn_params p, const partition& part, std::optional<context> ctx = std::nullopt);

    /// Advances by n_steps (collective when distributed).
    void advance(step_type n_steps);
    /// Starts trial `trial` (run.trials) at step 0 with the same decoder, signal and knock-out
    /// set: the state of a new engine whose params have that trial. The probe is kept.
    /// internal_error while spikes are not yet taken.
    void restart(std::uint64_t trial);

    step_type now() const noexcept { return signal_.now(); }  ///< steps done so far
    double dt() const noexcept { return p_.dt; }
    const scn_params& params() const noexcept { return p_; }
    const partition& part() const noexcept { return part_; }

    std::span<const double> target() const noexcept { return signal_.x(); }  ///< x~_k (J)
    std::span<const double> readout() const noexcept { return xhat_; }        ///< x^_k (J)
    const scn_signal& signal() const noexcept { return signal_; }
    /// The whole decoder, J x N column-major; column(gid) is D_gid.
    std::span<const double> decoder() const noexcept { return d_; }
    std::span<const double> column(gid_type gid) const noexcept {
        return {d_.data() + gid * p_.dim, p_.dim};
    }
    /// Owned neurons, local index order.
    std::span<const double> v() const noexcept { return v_; }
    std::span<const double> r() const noexcept { return r_; }
    std::span<const double> thresholds() const noexcept { return t_; }

    /// Knock-out: whether gid is in the knock-out set (active from knockout_step() on).
    bool knocked_out(gid_type gid) const;
    step_type knockout_step() const noexcept { return ko_step_; }  ///< -1 without knock-out
    std::uint64_t n_knocked_out() const noexcept { return ko_count_; }

    /// Gids that spiked in the last step, in the order they were applied (every rank alike).
    std::span<const gid_type> last_spikes() const noexcept { return step_spikes_; }
    /// The owned neurons' spikes since the last take_spikes(), in (step, gid) order.
    const std::vector<spike>& spikes() const noexcept { return recorded_; }
    std::vector<spike> take_spikes();

    /// Called after every step (the engine's state is then that of step now()).
    void set_step_probe(std::function<void(const scn_engine&)> probe) { probe_ = std::move(probe); }

    /// Seconds spent in the per-step argmax / gather collectives (benchmarks).
    double exchange_seconds() const noexcept { return collective_s_; }
    std::uint64_t n_collectives() const noexcept { return n_collectives_; }

    /// The state to checkpoint. Throws internal_error while spikes are not yet taken
    /// (take_spikes()): they belong to the caller's record, not to the engine's state.
    scn_engine_state state() const;
    /// Continues from `s` (exported by an engine of the same parameters and partition;
    /// internal_error when its shape differs). The step probe is kept.
    void restore(const scn_engine_state& s);
    /// The same state as named vectors for the generic checkpoint (shared by all ranks: signal_x,
    /// signal_c, signal_ou, xhat, knocked_out, n_collectives; by gid: v, r, so that any partition
    /// reads back its slice), and back; the step count travels beside it.
    named_state checkpoint_state() const;
    void restore(const named_state& s, step_type steps);

private:
    void initialise_state();
    void initialise_knockout();
    void step();
    void apply_spike(gid_type gid, step_type stamp);
    void spike_greedy(step_type stamp, bool ko);
    void spike_all_above(step_type stamp, bool ko);
    context::value_loc local_best(bool ko) const;
    context::value_loc global_best(bool ko);
    void clamp_knocked_out();

    scn_params p_;
    partition part_;
    std::optional<context> ctx_;
    scn_signal signal_;
    std::vector<double> d_;      // J x N, column-major
    std::vector<double> slow_;   // A + lambda I (J x J); empty when zero
    double a_ = 0.0, b_ = 0.0, noise_ = 0.0;
    std::vector<double> v_, r_, t_;
    std::vector<double> xhat_, drive_;
    std::vector<char> ko_;       // owned neurons: knocked out (from ko_step_ on)
    std::vector<gid_type> ko_gids_;  // every knocked-out gid, sorted
    step_type ko_step_ = -1;
    std::uint64_t ko_count_ = 0;
    std::vector<gid_type> step_spikes_;
    std::vector<spike> step_local_;
    std::vector<spike> recorded_;
    std::function<void(const scn_engine&)> probe_;
    double collective_s_ = 0.0;
    std::uint64_t n_collectives_ = 0;
};

}  // namespace balnet
