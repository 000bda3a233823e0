// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/rate/rate_engine.hpp>

#include <chrono>
#include <cmath>
#include <limits>

#include <balnet/core/rng_stream.hpp>
#include <balnet/rate/compact_coupling.hpp>
#include <balnet/rate/coupling_matrix.hpp>
#include <balnet/rate/procedural_coupling.hpp>

#include "detail/petsc_check.hpp"

namespace balnet {

using detail::is_handle;
using detail::mat_handle;
using detail::scatter_handle;
using detail::ts_handle;
using detail::vec_handle;

// What the TS right-hand side needs.
struct rhs_context {
    const rate_model* model;
    const std::vector<double>* bias;
    Mat W;
    Vec work_phi, work_eta;
};

struct rate_engine::petsc_state {
    mat_handle W;
    vec_handle x, eta, phi;        // wrap the engine's std::vectors
    vec_handle work_phi, work_eta; // TS right-hand side
    vec_handle ghost;              // wraps the ghost tail of phi_ (Euler)
    scatter_handle gather;         // phi (owned, all ranks) -> ghost
    ts_handle ts;
    std::unique_ptr<rhs_context> rhs;
};

namespace {

// The TS right-hand side: F = (-x + W phi(x) + I) / tau. No exception may cross into PETSc.

PetscErrorCode rate_rhs(TS, PetscReal, Vec X, Vec F, void* raw) {
    auto* c = static_cast<rhs_context*>(raw);
    try {
        const PetscScalar* x = nullptr;
        PetscScalar *p = nullptr, *f = nullptr;
        const PetscScalar* e = nullptr;
        PetscInt n = 0;
        PetscCall(VecGetLocalSize(X, &n));
        PetscCall(VecGetArrayRead(X, &x));
        PetscCall(VecGetArray(c->work_phi, &p));
        c->model->phi.apply({x, static_cast<std::size_t>(n)}, {p, static_cast<std::size_t>(n)});
        PetscCall(VecRestoreArray(c->work_phi, &p));
        PetscCall(MatMult(c->W, c->work_phi, c->work_eta));
        PetscCall(VecGetArrayRead(c->work_eta, &e));
        PetscCall(VecGetArray(F, &f));
        for (PetscInt i = 0; i < n; ++i) f[i] = -x[i] + e[i] + (*c->bias)[static_cast<std::size_t>(i)];
        PetscCall(VecRestoreArray(F, &f));
        PetscCall(VecRestoreArrayRead(c->work_eta, &e));
        PetscCall(VecRestoreArrayRead(X, &x));
    } catch (...) {
        return PETSC_ERR_LIB;
    }
    return 0;
}

// Marks a Vec as changed after its array was written through the wrapped std::vector.
void touch(Vec v) {
    PetscScalar* a = nullptr;
    BALNET_PETSC(VecGetArray(v, &a));
    BALNET_PETSC(VecRestoreArray(v, &a));
}

// The first `local` entries of v as the owned part of a global Vec of size `global`.
vec_handle wrap(std::vector<double>& v, std::size_t local, std::uint64_t global) {
    vec_handle h;
    BALNET_PETSC(VecCreateMPIWithArray(PETSC_COMM_WORLD, 1, static_cast<PetscInt>(local),
                                       static_cast<PetscInt>(global), v.data(), h.out()));
    return h;
}

}  // namespace

rate_engine::rate_engine(const rate_model& model, const context& ctx, coupling_storage storage)
    : model_(model), part_(model.net.size(), ctx.size(), ctx.rank()),
      petsc_(std::make_unique<petsc_state>()) {
    if (model_.net.size() > static_cast<std::uint64_t>(std::numeric_limits<PetscInt>::max()))
        throw config_error("network.N", std::to_string(model_.net.size()),
                           "at most 2^31 - 1 with this PETSc (32-bit PetscInt)");
    const bool euler = model_.integrator == rate_integrator::euler;
    if (!euler && storage != coupling_storage::double_)
        throw config_error("network.coupling", to_string(storage),
                           "double with the TS integrator (MatMult is double)");
    const auto t0 = std::chrono::steady_clock::now();
    const std::size_t n = part_.local_size();
    x_.resize(n);
    eta_.assign(n, 0.0);
    bias_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const gid_type gid = part_.begin() + i;
        rng_stream rng(model_.init_seed, rng_purpose::initial_state, gid);
        x_[i] = model_.init_std * rng.normal();
        bias_[i] = model_.bias[model_.net.population_of(gid)];
    }
    if (euler) {
        build_kernel(storage, ctx);
    } else {
        const auto net = local_network::build(model_.net, part_);
        build_matrix(net);
        coupling_census census(model_.net.projections.size());
        census.add(net);
        coupling_ = census.reduce(ctx);
    }  // the drawn rows are freed here: PETSc's matrix is the only copy
    phi_.assign(euler && !sparse_ ? kernel_->local_columns() : n, 0.0);
    model_.phi.apply(x_, {phi_.data(), n});
    const std::uint64_t N = model_.net.size();
    petsc_->x = wrap(x_, n, N);
    petsc_->eta = wrap(eta_, n, N);
    petsc_->phi = wrap(phi_, n, N);
    if (sparse_)
        active_ = std::make_unique<active_exchange>(ctx, part_);
    else if (euler)
        setup_ghost_scatter(ctx);
    else
        setup_ts();
    build_seconds_ = ctx.max(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
}

rate_engine::~rate_engine() = default;

// The Euler kernel, and the census of its rows taken as they are drawn: stored rows go straight
// into the matrix; procedural rows are drawn once here for the census alone (one product's work).
void rate_engine::build_kernel(coupling_storage storage, const context& ctx) {
    coupling_census census(model_.net.projections.size());
    if (storage == coupling_storage::procedural) {
        kernel_ = std::make_unique<procedural_coupling>(model_.net, part_);
        row_generator gen(model_.net);
        for (gid_type gid = part_.begin(); gid < part_.end(); ++gid) {
            gen.draw(gid);
            census.add(gen, gid);
        }
    } else {
        const auto observe = [&](const row_generator& gen, gid_type gid) { census.add(gen, gid); };
        // `storage` may override the model's (benchmarks, tests): the sparse product needs
        // stored weights, so compact storage is multiplied densely whatever the model says.
        const bool stored = storage == coupling_storage::double_ || storage == coupling_storage::float_;
        if (model_.product == coupling_product::sparse && stored) {
            auto sparse = std::make_unique<sparse_coupling>(model_.net, part_, storage, observe);
            sparse_ = sparse.get();
            kernel_ = std::move(sparse);
        } else if (storage == coupling_storage::compact)
            kernel_ = std::make_unique<compact_coupling>(model_.net, part_, observe);
        else
            kernel_ = std::make_unique<coupling_matrix>(model_.net, part_, storage, observe);
    }
    coupling_ = census.reduce(ctx);
}

void rate_engine::build_matrix(const local_network& net) {
    const auto n = static_cast<PetscInt>(part_.local_size());
    const auto N = static_cast<PetscInt>(model_.net.size());
    std::vector<PetscInt> dnz(static_cast<std::size_t>(n)), onz(static_cast<std::size_t>(n));
    const auto& rp = net.row_ptr();
    const auto& col = net.col();
    for (PetscInt i = 0; i < n; ++i) {
        const auto r = static_cast<std::size_t>(i);
        for (auto k = rp[r]; k < rp[r + 1]; ++k)
            (part_.owns(col[k]) ? dnz[r] : onz[r])++;
    }
    Mat& W = *petsc_->W.out();
    BALNET_PETSC(MatCreate(PETSC_COMM_WORLD, &W));
    BALNET_PETSC(MatSetSizes(W, n, n, N, N));
    BALNET_PETSC(MatSetType(W, MATAIJ));
    BALNET_PETSC(MatSetOptionsPrefix(W, "rate_"));
    BALNET_PETSC(MatSetFromOptions(W));
    BALNET_PETSC(MatMPIAIJSetPreallocation(W, 0, dnz.data(), 0, onz.data()));
    BALNET_PETSC(MatSeqAIJSetPreallocation(W, 0, dnz.data()));
    BALNET_PETSC(MatSetOption(W, MAT_NEW_NONZERO_ALLOCATION_ERR, PETSC_TRUE));
    std::vector<PetscInt> cols;
    for (PetscInt i = 0; i < n; ++i) {
        const auto r = static_cast<std::size_t>(i);
        const auto b = rp[r], e = rp[r + 1];
        cols.assign(col.begin() + static_cast<std::ptrdiff_t>(b), col.begin() + static_cast<std::ptrdiff_t>(e));
        const PetscInt row = static_cast<PetscInt>(part_.begin()) + i;
        BALNET_PETSC(MatSetValues(W, 1, &row, static_cast<PetscInt>(cols.size()), cols.data(),
                                  net.weight().data() + b, INSERT_VALUES));
    }
    BALNET_PETSC(MatAssemblyBegin(W, MAT_FINAL_ASSEMBLY));
    BALNET_PETSC(MatAssemblyEnd(W, MAT_FINAL_ASSEMBLY));
}

void rate_engine::setup_ghost_scatter(const context& ctx) {
    const auto ghosts = kernel_->ghosts();
    const std::size_t n = x_.size();
    scatter_ = ctx.any(!ghosts.empty());
    if (!scatter_) return;  // one rank, or no coupling across ranks: nothing to move
    std::vector<PetscInt> idx(ghosts.begin(), ghosts.end());  // < N <= 2^31 - 1, checked
    is_handle from;
    BALNET_PETSC(ISCreateGeneral(PETSC_COMM_SELF, static_cast<PetscInt>(idx.size()), idx.data(),
                                 PETSC_COPY_VALUES, from.out()));
    BALNET_PETSC(VecCreateSeqWithArray(PETSC_COMM_SELF, 1, static_cast<PetscInt>(ghosts.size()),
                                       phi_.data() + n, petsc_->ghost.out()));
    BALNET_PETSC(VecScatterCreate(petsc_->phi.get(), from.get(), petsc_->ghost.get(), nullptr,
                                  petsc_->gather.out()));
}

// phi_'s ghost tail = phi of the ghost gids, from their owners.
void rate_engine::gather_ghosts() {
    touch(petsc_->phi.get());
    if (!scatter_) return;
    const auto t0 = std::chrono::steady_clock::now();
    VecScatter sc = petsc_->gather.get();
    BALNET_PETSC(VecScatterBegin(sc, petsc_->phi.get(), petsc_->ghost.get(), INSERT_VALUES, SCATTER_FORWARD));
    BALNET_PETSC(VecScatterEnd(sc, petsc_->phi.get(), petsc_->ghost.get(), INSERT_VALUES, SCATTER_FORWARD));
    ghost_bytes_ += kernel_->ghosts().size() * sizeof(double);
    exchange_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

double rate_engine::coupling_bytes() const {
    if (kernel_) return static_cast<double>(kernel_->bytes());
    // PETSc's own MatInfo::memory is 0 unless logging is on: count the AIJ arrays instead, the
    // allocated values and column indices plus i, ilen, imax of the diagonal and off-diagonal
    // blocks per row.
    MatInfo info{};
    BALNET_PETSC(MatGetInfo(petsc_->W.get(), MAT_LOCAL, &info));
    return info.nz_allocated * static_cast<double>(sizeof(PetscScalar) + sizeof(PetscInt)) +
           static_cast<double>(x_.size() * 6 * sizeof(PetscInt));
}

void rate_engine::setup_ts() {
    const std::uint64_t N = model_.net.size();
    const auto n = static_cast<PetscInt>(part_.local_size());
    BALNET_PETSC(VecCreateMPI(PETSC_COMM_WORLD, n, static_cast<PetscInt>(N), petsc_->work_phi.out()));
    BALNET_PETSC(VecDuplicate(petsc_->work_phi.get(), petsc_->work_eta.out()));
    petsc_->rhs = std::make_unique<rhs_context>(rhs_context{&model_, &bias_, petsc_->W.get(),
                                                     petsc_->work_phi.get(), petsc_->work_eta.get()});
    TS& ts = *petsc_->ts.out();
    BALNET_PETSC(TSCreate(PETSC_COMM_WORLD, &ts));
    BALNET_PETSC(TSSetProblemType(ts, TS_NONLINEAR));
    BALNET_PETSC(TSSetRHSFunction(ts, nullptr, rate_rhs, petsc_->rhs.get()));
    BALNET_PETSC(TSSetType(ts, TSRK));
    BALNET_PETSC(TSRKSetType(ts, TSRK4));
    BALNET_PETSC(TSSetTimeStep(ts, model_.dt));
    BALNET_PETSC(TSSetMaxTime(ts, 1e300));  // finite: PETSc refuses an unbounded TS
    BALNET_PETSC(TSSetExactFinalTime(ts, TS_EXACTFINALTIME_MATCHSTEP));
    TSAdapt adapt = nullptr;
    BALNET_PETSC(TSGetAdapt(ts, &adapt));
    BALNET_PETSC(TSAdaptSetType(adapt, TSADAPTNONE));  // the protocol's grid is fixed
    BALNET_PETSC(TSSetFromOptions(ts));
    BALNET_PETSC(TSSetSolution(ts, petsc_->x.get()));
    BALNET_PETSC(TSSetUp(ts));
}

void rate_engine::advance(step_type n_steps) {
    for (step_type k = 0; k < n_steps; ++k) {
        step();
        if (probe_) probe_(*this);
    }
}

void rate_engine::step() {
    if (model_.integrator == rate_integrator::ts)
        ts_step();
    else
        euler_step();
    ++steps_;
}

std::uint64_t rate_engine::exchange_bytes() const noexcept {
    return active_ ? active_->bytes_received() : ghost_bytes_;
}

void rate_engine::multiply() {
    if (sparse_) {
        const auto t0 = std::chrono::steady_clock::now();
        active_->exchange(phi());
        // On one rank nothing moves: listing the active units is then the product's own work.
        if (part_.n_ranks() > 1)
            exchange_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        sparse_->multiply_active(active_->gid(), active_->value(), eta_);
        touch(petsc_->eta.get());
    } else if (kernel_) {
        gather_ghosts();
        kernel_->multiply(phi_, eta_);
        touch(petsc_->eta.get());
    } else {
        // phi_ was modified through its std::vector: tell PETSc the Vec changed.
        touch(petsc_->phi.get());
        BALNET_PETSC(MatMult(petsc_->W.get(), petsc_->phi.get(), petsc_->eta.get()));
    }
}

void rate_engine::euler_step() {
    multiply();
    const double a = model_.dt;  // dt / tau, tau = 1
    const std::size_t n = x_.size();
    for (std::size_t i = 0; i < n; ++i) x_[i] += a * (-x_[i] + eta_[i] + bias_[i]);
    model_.phi.apply(x_, {phi_.data(), n});
}

void rate_engine::ts_step() {
    multiply();
    touch(petsc_->x.get());
    BALNET_PETSC(TSStep(petsc_->ts.get()));
    model_.phi.apply(x_, {phi_.data(), x_.size()});
}

rate_engine_state rate_engine::state() const { return {steps_, x_}; }

void rate_engine::restore(const rate_engine_state& s) {
    if (s.x.size() != x_.size()) throw internal_error("rate_engine::restore: state of another partition");
    std::copy(s.x.begin(), s.x.end(), x_.begin());
    model_.phi.apply(x_, {phi_.data(), x_.size()});
    steps_ = s.steps;
    touch(petsc_->x.get());
}

// x by unit id (items of the global list of units): any partition reads back its slice.
named_state rate_engine::checkpoint_state() const {
    named_state n;
    n.add_item_reals("x", x_, part_.begin(), part_.global_size());
    return n;
}

void rate_engine::restore(const named_state& n, step_type steps) { restore(rate_engine_state{steps, n.reals("x")}); }

}  // namespace balnet
