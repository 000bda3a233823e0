// SPDX-License-Identifier: BSD-3-Clause
// The rate engine: tau dx/dt = -x + W phi(x) + I on the neurons this rank owns (docs/models.md §1.1).
//
// The owned rows of W are held once, in one of two forms chosen by the integrator:
//  - Euler: a coupling_operator, either balnet's coupling_matrix (rows sliced by column panels
//    over owned + ghost columns, weights in double or float, see sliced_rows.hpp),
//    compact_coupling (float weights, 16-bit columns) or procedural_coupling (no storage: rows
//    redrawn in every product); the ghost values of phi arrive through a PETSc
//    VecScatter built once from the ghost list (PETSc owns the communication). The product is
//    then independent of the rank count bit for bit; float weights need 8 instead of 12 bytes
//    per synapse, procedural none. With model.product = sparse the kernel is sparse_coupling
//    (rows stored by column, double or float weights): the ranks exchange only the active
//    units' values (active_exchange) and the product reads only their synapses, bitwise equal
//    to the dense product.
//  - TS: a PETSc MPIAIJ matrix (TS calls MatMult), rows = owned neurons with balnet's local
//    sizes, exactly preallocated; double only.
// x, eta = W phi and phi live in std::vectors that PETSc Vecs wrap without copying (phi's vector
// has the ghost values after the owned ones). One step is, for the Euler integrator (§1.5):
//   1. eta = W phi(x)      2. x += (dt/tau)(-x + eta + I)      3. phi = phi(x)
// For the TS integrator eta is the same product at the start of the step, and PETSc's TS
// (default RK4 on the fixed grid dt, changeable through PETSc options) advances x.
// The engine has the shape of every balnet engine (lif_engine, scn_engine): advance(n), now(),
// state() / restore(), a step probe that sees the engine after every step (the run's observers
// and traces read x, eta and phi there), exchange_seconds(). Every public method is collective.
#pragma once
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/core/named_state.hpp>
#include <balnet/network/local_network.hpp>
#include <balnet/network/partition.hpp>
#include <balnet/rate/coupling_census.hpp>
#include <balnet/rate/coupling_operator.hpp>
#include <balnet/rate/rate_model.hpp>
#include <balnet/rate/sparse_coupling.hpp>
#include <balnet/rate/active_exchange.hpp>

namespace balnet {

/// The dynamical state of one rank's engine between steps: x of the owned units and the step
/// count (no random numbers are drawn after the initial state, so no RNG counters).
struct rate_engine_state {
    step_type steps = 0;
    std::vector<double> x;
};

class rate_engine {
public:
    /// `storage` applies to the Euler integrator; any but double with TS throws config_error.
    rate_engine(const rate_model& model, const context& ctx,
                coupling_storage storage = coupling_storage::double_);
    ~rate_engine();
    rate_engine(const rate_engine&) = delete;
    rate_engine& operator=(const rate_engine&) = delete;

    /// Advances by n_steps, calling the step probe (if set) after each.
    void advance(step_type n_steps);
    /// eta = W phi alone (the coupling product), for benchmarks.
    void multiply();
    step_type now() const noexcept { return steps_; }  ///< steps done so far
    double dt() const noexcept { return model_.dt; }

    /// Called after every step with the engine (x, eta, phi of that step).
    void set_step_probe(std::function<void(const rate_engine&)> probe) { probe_ = std::move(probe); }

    std::span<const double> x() const noexcept { return x_; }
    std::span<const double> eta() const noexcept { return eta_; }
    std::span<const double> phi() const noexcept { return {phi_.data(), x_.size()}; }
    const partition& part() const noexcept { return part_; }
    const coupling_summary& coupling() const noexcept { return coupling_; }
    double build_seconds() const noexcept { return build_seconds_; }
    /// Seconds spent moving ghost values between ranks so far (part of step(); for --profile).
    double exchange_seconds() const noexcept { return exchange_seconds_; }
    /// Bytes this rank has received from other ranks so far (ghost values, or the sparse
    /// product's masks and active values).
    std::uint64_t exchange_bytes() const noexcept;
    /// Whether the product reads only the active units' synapses (model.product = sparse).
    bool sparse_product() const noexcept { return sparse_ != nullptr; }
    /// Bytes this rank holds for W (balnet's matrix, or PETSc's by its own accounting).
    double coupling_bytes() const;
    /// Whether the product is PETSc's MatMult (TS integrator) rather than balnet's kernel.
    bool petsc_product() const noexcept { return !kernel_; }
    /// balnet's Euler kernel (null with PETSc's product), for its tuning (set_prefetch, tuning()).
    coupling_operator* kernel() noexcept { return kernel_.get(); }

    rate_engine_state state() const;
    /// Continues from `s` (exported by an engine of the same model and partition; internal_error
    /// when the local size differs).
    void restore(const rate_engine_state& s);
    /// The same state as named vectors for the generic checkpoint (x, by unit id: any partition
    /// reads back its slice), and back; the step count travels beside it.
    named_state checkpoint_state() const;
    void restore(const named_state& s, step_type steps);

private:
    void build_matrix(const local_network& net);
    void setup_ghost_scatter(const context& ctx);
    void gather_ghosts();
    void build_kernel(coupling_storage storage, const context& ctx);
    void setup_ts();
    void step();
    void euler_step();
    void ts_step();

    rate_model model_;
    partition part_;
    std::vector<double> x_, eta_, bias_;
    std::vector<double> phi_;  // owned values, then the ghost values of kernel_'s columns
    std::unique_ptr<coupling_operator> kernel_;  // Euler only
    const sparse_coupling* sparse_ = nullptr;  // kernel_, when the product is sparse
    std::unique_ptr<active_exchange> active_;  // with sparse_
    bool scatter_ = false;                     // some rank has ghosts (dense product)
    std::uint64_t ghost_bytes_ = 0;            // received by the ghost scatter so far
    step_type steps_ = 0;
    std::function<void(const rate_engine&)> probe_;
    coupling_summary coupling_;
    double build_seconds_ = 0.0;
    double exchange_seconds_ = 0.0;
    struct petsc_state;
    std::unique_ptr<petsc_state> petsc_;
};

}  // namespace balnet
