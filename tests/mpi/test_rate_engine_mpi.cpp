// SPDX-License-Identifier: BSD-3-Clause
// The rate engine at any rank count against an independent serial implementation written here:
// the same rows drawn on rank 0 alone (partition of one rank), then plain CSR Euler steps in
// C++ without PETSc. Checks: the coupling checksum is the serial one (so the matrix is identical
// for every np), and the state after 50 Euler steps agrees to rtol 1e-9.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>

#include <balnet/comm/context.hpp>
#include <balnet/core/error.hpp>
#include <balnet/core/rng_stream.hpp>
#include <balnet/network/local_network.hpp>
#include <balnet/rate/petsc_session.hpp>
#include <balnet/rate/rate_engine.hpp>

using namespace balnet;

namespace {

rate_params small_network(bool ei, connectivity_rule rule) {
    rate_params p;
    p.ei = ei;
    p.N = 301;
    p.K = rule == connectivity_rule::full ? 301 : 60;
    p.rule = rule;
    p.T = 2;
    p.ncorr = 0.5;
    return p;
}

// x after `steps` Euler steps, computed serially from the rows drawn by one process.
std::vector<double> serial_reference(const rate_model& m, int steps) {
    const std::uint64_t n = m.net.size();
    auto net = local_network::build(m.net, partition(n, 1, 0));
    std::vector<double> x(n), phi(n), eta(n);
    for (gid_type i = 0; i < n; ++i) {
        rng_stream rng(m.init_seed, rng_purpose::initial_state, i);
        x[i] = m.init_std * rng.normal();
    }
    for (int s = 0; s < steps; ++s) {
        for (gid_type i = 0; i < n; ++i) phi[i] = m.phi(x[i]);
        for (gid_type i = 0; i < n; ++i) {
            double acc = 0;
            for (auto k = net.row_ptr()[i]; k < net.row_ptr()[i + 1]; ++k)
                acc += net.weight()[k] * phi[net.col()[k]];
            eta[i] = acc;
        }
        for (gid_type i = 0; i < n; ++i)
            x[i] += m.dt * (-x[i] + eta[i] + m.bias[m.net.population_of(i)]);
    }
    return x;
}

void check_case(const rate_params& p) {
    context ctx;
    petsc_session petsc;
    const auto m = rate_model::build(p);
    rate_engine eng(m, ctx);
    auto whole = local_network::build(m.net, partition(m.net.size(), 1, 0));
    EXPECT_EQ(eng.coupling().hash, whole.hash());
    EXPECT_EQ(eng.coupling().n_synapses, whole.n_synapses());
    eng.advance(50);
    auto all = ctx.gather_all(eng.x());
    const auto ref = serial_reference(m, 50);
    ASSERT_EQ(all.values().size(), ref.size());
    double worst = 0;
    for (std::size_t i = 0; i < ref.size(); ++i)
        worst = std::max(worst, std::abs(all.values()[i] - ref[i]) / std::max(1.0, std::abs(ref[i])));
    EXPECT_LT(worst, 1e-9);
}

}  // namespace

TEST(rate_engine_mpi, inhibitory_fixed_indegree_matches_serial_reference) {
    check_case(small_network(false, connectivity_rule::fixed_indegree));
}

TEST(rate_engine_mpi, inhibitory_full_matches_serial_reference) {
    check_case(small_network(false, connectivity_rule::full));
}

TEST(rate_engine_mpi, ei_bernoulli_matches_serial_reference) {
    check_case(small_network(true, connectivity_rule::bernoulli));
}

TEST(rate_engine_mpi, more_ranks_than_neurons) {
    rate_params p = small_network(false, connectivity_rule::full);
    p.N = p.K = 3;
    check_case(p);
}

TEST(rate_engine_mpi, ts_integrator_with_euler_type_equals_builtin_euler) {
    // PETSc options pass through: TS forced to forward Euler must reproduce the Euler protocol.
    context ctx;
    rate_params p = small_network(false, connectivity_rule::fixed_indegree);
    const auto ref = serial_reference(rate_model::build(p), 30);
    p.integrator = rate_integrator::ts;
    petsc_session petsc("-ts_type euler");
    rate_engine eng(rate_model::build(p), ctx);
    eng.advance(30);
    auto all = ctx.gather_all(eng.x());
    for (std::size_t i = 0; i < ref.size(); ++i) EXPECT_NEAR(all.values()[i], ref[i], 1e-9 * std::max(1.0, std::abs(ref[i])));
}

TEST(rate_engine_mpi, ts_rk4_is_closer_to_the_fine_euler_limit_than_coarse_euler) {
    // RK4 at dt = 0.02 against Euler at dt = 0.0005 (a reference for the ODE solution).
    context ctx;
    rate_params p = small_network(false, connectivity_rule::fixed_indegree);
    rate_params fine = p;
    fine.dt = 0.0005;
    const auto ref = serial_reference(rate_model::build(fine), 40 * 20);  // t = 0.4
    const auto coarse = serial_reference(rate_model::build(p), 20);
    p.integrator = rate_integrator::ts;
    petsc_session petsc("-ts_type rk -ts_rk_type 4");
    rate_engine eng(rate_model::build(p), ctx);
    eng.advance(20);
    auto all = ctx.gather_all(eng.x());
    double err_rk = 0, err_euler = 0;
    for (std::size_t i = 0; i < ref.size(); ++i) {
        err_rk = std::max(err_rk, std::abs(all.values()[i] - ref[i]));
        err_euler = std::max(err_euler, std::abs(coarse[i] - ref[i]));
    }
    EXPECT_LT(err_rk, err_euler);
}

TEST(rate_engine_mpi, float_weights_stay_within_float_rounding_of_double) {
    // Weights rounded to float (relative error <= 2^-24) perturb eta by ~1e-7 relative; over a
    // few steps of dt = 0.02 the trajectories must agree to 1e-5, and must not be identical.
    context ctx;
    petsc_session petsc;
    for (auto rule : {connectivity_rule::fixed_indegree, connectivity_rule::full}) {
        const auto m = rate_model::build(small_network(true, rule));
        rate_engine d(m, ctx, coupling_storage::double_);
        rate_engine f(m, ctx, coupling_storage::float_);
        d.advance(10);
        f.advance(10);
        auto xd = ctx.gather_all(d.x()), xf = ctx.gather_all(f.x());
        ASSERT_EQ(xd.values().size(), xf.values().size());
        double worst = 0;
        for (std::size_t i = 0; i < xd.values().size(); ++i)
            worst = std::max(worst, std::abs(xd.values()[i] - xf.values()[i]) /
                                        std::max(1.0, std::abs(xd.values()[i])));
        EXPECT_LT(worst, 1e-5);
        EXPECT_GT(worst, 0.0);
    }
}

TEST(rate_engine_mpi, float_or_procedural_weights_with_ts_are_a_config_error) {
    context ctx;
    petsc_session petsc;
    rate_params p = small_network(false, connectivity_rule::fixed_indegree);
    p.integrator = rate_integrator::ts;
    for (auto storage : {coupling_storage::float_, coupling_storage::compact, coupling_storage::procedural})
        EXPECT_THROW(rate_engine(rate_model::build(p), ctx, storage), config_error);
}

TEST(rate_engine_mpi, procedural_coupling_is_the_stored_network_bit_for_bit) {
    // Nothing stored, rows redrawn in every product: the same checksum, in-degrees and weight
    // sums as the stored matrix, and after 50 steps the same x to the last bit at this np; the
    // serial reference (one process, plain loop) within rtol 1e-9 as for the stored engine.
    context ctx;
    petsc_session petsc;
    for (bool ei : {false, true}) {
        const auto m = rate_model::build(small_network(ei, connectivity_rule::fixed_indegree));
        rate_engine d(m, ctx, coupling_storage::double_);
        rate_engine p(m, ctx, coupling_storage::procedural);
        EXPECT_EQ(p.coupling().hash, d.coupling().hash);
        EXPECT_EQ(p.coupling().n_synapses, d.coupling().n_synapses);
        EXPECT_EQ(p.coupling().weight_sq_sum, d.coupling().weight_sq_sum);
        ASSERT_EQ(p.coupling().indegree.size(), d.coupling().indegree.size());
        for (std::size_t k = 0; k < d.coupling().indegree.size(); ++k) {
            EXPECT_EQ(p.coupling().indegree[k].min, d.coupling().indegree[k].min);
            EXPECT_EQ(p.coupling().indegree[k].total, d.coupling().indegree[k].total);
        }
        EXPECT_LT(p.coupling_bytes(), 0.1 * d.coupling_bytes());
        d.advance(50);
        p.advance(50);
        const auto xd = ctx.gather_all(d.x()), xp = ctx.gather_all(p.x());
        ASSERT_EQ(xd.values(), xp.values());
        const auto ref = serial_reference(m, 50);
        for (std::size_t i = 0; i < ref.size(); ++i)
            EXPECT_NEAR(xp.values()[i], ref[i], 1e-9 * std::max(1.0, std::abs(ref[i])));
    }
}

TEST(rate_engine_mpi, compact_coupling_is_the_float_product_bit_for_bit) {
    context ctx;
    petsc_session petsc;
    const auto m = rate_model::build(small_network(true, connectivity_rule::fixed_indegree));
    rate_engine f(m, ctx, coupling_storage::float_);
    rate_engine c(m, ctx, coupling_storage::compact);
    EXPECT_EQ(c.coupling().hash, f.coupling().hash);
    f.advance(20);
    c.advance(20);
    EXPECT_EQ(ctx.gather_all(c.x()).values(), ctx.gather_all(f.x()).values());
}

TEST(rate_engine_mpi, sparse_product_is_the_dense_product_bit_for_bit) {
    // Only the active units' synapses read and their values exchanged (network.product =
    // sparse): after 60 steps the same x to the last bit as the dense kernel, with double and
    // float weights, on 5000 units with K = 100 (three column panels of 2048 gids); with more
    // than one rank the sparse exchange receives less than the ghost scatter, since only a part
    // of the units is active (f ~ 0.2-0.4 here).
    context ctx;
    petsc_session petsc;
    for (const auto storage : {coupling_storage::double_, coupling_storage::float_}) {
        auto p = small_network(true, connectivity_rule::fixed_indegree);
        p.N = 5000;
        p.K = 100;
        p.coupling = storage;
        p.product = coupling_product::dense;
        const auto md = rate_model::build(p);
        p.product = coupling_product::sparse;
        const auto ms = rate_model::build(p);
        rate_engine d(md, ctx, storage), s(ms, ctx, storage);
        ASSERT_FALSE(d.sparse_product());
        ASSERT_TRUE(s.sparse_product());
        EXPECT_EQ(s.coupling().hash, d.coupling().hash);
        d.advance(60);
        s.advance(60);
        const auto xd = ctx.gather_all(d.x()), xs = ctx.gather_all(s.x());
        ASSERT_EQ(xd.values().size(), xs.values().size());
        for (std::size_t i = 0; i < xd.values().size(); ++i)
            ASSERT_EQ(std::bit_cast<std::uint64_t>(xd.values()[i]), std::bit_cast<std::uint64_t>(xs.values()[i])) << i;
        if (ctx.size() > 1) {
            EXPECT_GT(ctx.sum(d.exchange_bytes()), 0u);
            EXPECT_LT(ctx.sum(s.exchange_bytes()), ctx.sum(d.exchange_bytes()));
        } else {
            EXPECT_EQ(s.exchange_bytes(), 0u);
        }
    }
}
