// SPDX-License-Identifier: BSD-3-Clause
// procedural_coupling (nothing stored, rows redrawn in the product) against the stored matrix and
// against a direct sum over the stored rows, on the first, a middle and the last block of a
// partition of 3 (ghosts on one or both sides of the owned block). No MPI: the ghost values are
// filled here from a global x, in the order of each operator's ghost list.
#include <gtest/gtest.h>

#include <cmath>

#include <balnet/core/error.hpp>
#include <balnet/network/local_network.hpp>
#include <balnet/rate/coupling_matrix.hpp>
#include <balnet/rate/procedural_coupling.hpp>
#include <balnet/rate/rate_model.hpp>

using namespace balnet;

namespace {

rate_model model_of(bool ei, connectivity_rule rule, weight_kind w, bool autapses) {
    rate_params p;
    p.ei = ei;
    p.N = 211;
    p.K = rule == connectivity_rule::full ? 211 : 17;
    p.rule = rule;
    p.distribution = w;
    p.autapses = autapses;
    p.T = 1;
    p.ncorr = 0.5;
    return rate_model::build(p);
}

double x_of(gid_type g) { return std::cos(0.71 * static_cast<double>(g) - 0.3); }

std::vector<double> local_x(const coupling_operator& op, const partition& part) {
    std::vector<double> x;
    for (gid_type g = part.begin(); g < part.end(); ++g) x.push_back(x_of(g));
    for (gid_type g : op.ghosts()) x.push_back(x_of(g));
    return x;
}

void check(const rate_model& model) {
    for (int rank = 0; rank < 3; ++rank) {
        const partition part(model.net.size(), 3, rank);
        const auto net = local_network::build(model.net, part);
        const coupling_matrix stored(model.net, part, coupling_storage::double_);
        const procedural_coupling proc(model.net, part);
        ASSERT_EQ(proc.n_rows(), part.local_size());
        ASSERT_EQ(proc.ghosts().size(), model.net.size() - part.local_size());
        std::vector<double> ys(part.local_size()), yp(part.local_size());
        stored.multiply(local_x(stored, part), ys);
        proc.multiply(local_x(proc, part), yp);
        proc.multiply(local_x(proc, part), yp);  // a second product draws the same rows again
        const auto& rp = net.row_ptr();
        for (std::size_t i = 0; i < part.local_size(); ++i) {
            EXPECT_EQ(yp[i], ys[i]) << "row " << part.begin() + i;  // bitwise: same rows, same order
            double direct = 0.0, scale = 0.0;
            for (auto k = rp[i]; k < rp[i + 1]; ++k) {
                direct += net.weight()[k] * x_of(net.col()[k]);
                scale += std::abs(net.weight()[k]);
            }
            EXPECT_NEAR(yp[i], direct, 1e-13 * (1.0 + scale));
        }
    }
}

}  // namespace

TEST(procedural_coupling, inhibitory_fixed_indegree_gamma_equals_the_stored_product) {
    check(model_of(false, connectivity_rule::fixed_indegree, weight_kind::gamma, true));
}

TEST(procedural_coupling, ei_fixed_indegree_lognormal_without_autapses) {
    check(model_of(true, connectivity_rule::fixed_indegree, weight_kind::lognormal, false));
}

TEST(procedural_coupling, ei_bernoulli_normal) {
    check(model_of(true, connectivity_rule::bernoulli, weight_kind::normal, true));
}

TEST(procedural_coupling, full_coupling) {
    check(model_of(false, connectivity_rule::full, weight_kind::gamma, true));
}

TEST(procedural_coupling, holds_no_synapse) {
    const auto model = model_of(false, connectivity_rule::fixed_indegree, weight_kind::gamma, true);
    const partition part(model.net.size(), 2, 0);
    const procedural_coupling proc(model.net, part);
    std::vector<double> y(part.local_size());
    proc.multiply(local_x(proc, part), y);
    // The ghost list (8 B a unit) and one row's buffers: no term grows with the synapses.
    const std::size_t K = 17;
    EXPECT_LE(proc.bytes(), 8 * model.net.size() + 64 * K);
}

TEST(procedural_coupling, rejects_wrong_sizes) {
    const auto model = model_of(false, connectivity_rule::fixed_indegree, weight_kind::gamma, true);
    const partition part(model.net.size(), 1, 0);
    const procedural_coupling proc(model.net, part);
    std::vector<double> x(3), y(part.local_size());
    EXPECT_THROW(proc.multiply(x, y), internal_error);
}
