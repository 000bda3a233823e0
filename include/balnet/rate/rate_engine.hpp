// SPDX-License-Identifier: BSD-3-Clause
// The rate engine: tau dx/dt = -x + W phi(x) + I on the neurons this rank owns (MODELS.md §1.1).
//
// W is a PETSc MPIAIJ matrix whose rows are the owned neurons (local sizes from balnet's
// partition, exactly preallocated from local_network), so PETSc's ownership equals ours and the
// matrix is the same for any rank count. x, eta = W phi and phi live in std::vectors that PETSc
// Vecs wrap without copying. One `step()` is, for the Euler integrator (§1.5):
//   1. eta = W phi(x)      2. x += (dt/tau)(-x + eta + I)      3. phi = phi(x)
// For the TS integrator eta is the same product at the start of the step, and PETSc's TS
// (default RK4 on the fixed grid dt, changeable through PETSc options) advances x.
// Every public method is collective.
#pragma once
#include <memory>
#include <span>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/network/local_network.hpp>
#include <balnet/network/partition.hpp>
#include <balnet/rate/rate_model.hpp>

namespace balnet {

/// Global description of the coupling, identical on every rank.
struct coupling_summary {
    std::uint64_t n_synapses = 0;
    std::uint64_t hash = 0;                 ///< order-independent hash of (row, col, weight)
    std::vector<indegree_stats> indegree;   ///< per projection, over all rows
    double weight_sum = 0.0;                ///< sum of |w| (for checks of the mean weight)
    double weight_sq_sum = 0.0;             ///< sum of w^2
};

class rate_engine {
public:
    rate_engine(const rate_model& model, const context& ctx);
    ~rate_engine();
    rate_engine(const rate_engine&) = delete;
    rate_engine& operator=(const rate_engine&) = delete;

    void step();
    /// eta = W phi alone (the coupling product), for benchmarks.
    void multiply();
    step_type steps_done() const noexcept { return steps_; }

    std::span<const double> x() const noexcept { return x_; }
    std::span<const double> eta() const noexcept { return eta_; }
    std::span<const double> phi() const noexcept { return phi_; }
    const partition& part() const noexcept { return part_; }
    const coupling_summary& coupling() const noexcept { return coupling_; }
    double build_seconds() const noexcept { return build_seconds_; }

    /// Restores a state (checkpoint): x of the owned units and the step count.
    void set_state(std::span<const double> x, step_type steps);

private:
    void build_matrix(const local_network& net);
    void summarise(const local_network& net, const context& ctx);
    void setup_ts();
    void euler_step();
    void ts_step();

    rate_model model_;
    partition part_;
    std::vector<double> x_, eta_, phi_, bias_;
    step_type steps_ = 0;
    coupling_summary coupling_;
    double build_seconds_ = 0.0;
    struct petsc_state;
    std::unique_ptr<petsc_state> petsc_;
};

}  // namespace balnet
