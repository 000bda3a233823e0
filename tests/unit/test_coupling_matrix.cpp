// SPDX-License-Identifier: BSD-3-Clause
// coupling_matrix (rows drawn straight into it) against a direct loop over local_network's rows, on a rank that owns a middle
// block (partition of 3, rank 1), so that ghosts on both sides of the owned block occur. No MPI:
// the ghost values are filled here from a global x.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include <balnet/core/error.hpp>
#include <balnet/network/local_network.hpp>
#include <balnet/rate/coupling_matrix.hpp>
#include <balnet/rate/rate_model.hpp>

using namespace balnet;

namespace {

rate_model small_model(bool ei, connectivity_rule rule) {
    rate_params p;
    p.ei = ei;
    p.N = 97;
    p.K = rule == connectivity_rule::full ? 97 : 13;
    p.rule = rule;
    p.T = 1;
    p.ncorr = 0.5;
    return rate_model::build(p);
}

double x_of(gid_type g) { return std::sin(0.37 * static_cast<double>(g) + 0.1); }

// x_local as the engine fills it: owned block, then the ghosts in the matrix's order.
std::vector<double> local_x(const coupling_matrix& m, const partition& part) {
    std::vector<double> x;
    for (gid_type g = part.begin(); g < part.end(); ++g) x.push_back(x_of(g));
    for (gid_type g : m.ghosts()) x.push_back(x_of(g));
    return x;
}

void check(bool ei, connectivity_rule rule) {
    const auto model = small_model(ei, rule);
    const partition part(model.net.size(), 3, 1);
    const auto net = local_network::build(model.net, part);
    std::set<gid_type> expect_ghosts;
    for (auto c : net.col())
        if (c < part.begin() || c >= part.end()) expect_ghosts.insert(c);
    for (auto prec : {coupling_storage::double_, coupling_storage::float_}) {
        const coupling_matrix m(model.net, part, prec);
        ASSERT_EQ(m.n_rows(), part.local_size());
        ASSERT_EQ(m.n_synapses(), net.n_synapses());
        ASSERT_TRUE(std::equal(m.ghosts().begin(), m.ghosts().end(), expect_ghosts.begin(), expect_ghosts.end()));
        std::vector<double> y(m.n_rows());
        m.multiply(local_x(m, part), y);
        for (std::size_t i = 0; i < m.n_rows(); ++i) {
            double ref = 0, scale = 0;
            for (auto k = net.row_ptr()[i]; k < net.row_ptr()[i + 1]; ++k) {
                const double w = prec == coupling_storage::float_
                                     ? static_cast<double>(static_cast<float>(net.weight()[k]))
                                     : net.weight()[k];
                ref += w * x_of(net.col()[k]);
                scale += std::abs(w * x_of(net.col()[k]));
            }
            EXPECT_NEAR(y[i], ref, 1e-13 * std::max(1.0, scale)) << "row " << i;
        }
    }
}

}  // namespace

TEST(coupling_matrix, inhibitory_fixed_indegree_matches_direct_loop) { check(false, connectivity_rule::fixed_indegree); }
TEST(coupling_matrix, inhibitory_full_matches_direct_loop) { check(false, connectivity_rule::full); }
TEST(coupling_matrix, ei_bernoulli_matches_direct_loop) { check(true, connectivity_rule::bernoulli); }

TEST(coupling_matrix, one_rank_has_no_ghosts_and_float_halves_the_weights) {
    const auto model = small_model(false, connectivity_rule::full);
    const partition part(model.net.size(), 1, 0);
    const auto net = local_network::build(model.net, part);
    const coupling_matrix d(model.net, part, coupling_storage::double_);
    const coupling_matrix f(model.net, part, coupling_storage::float_);
    EXPECT_TRUE(d.ghosts().empty());
    const std::size_t nnz = net.n_synapses(), rows = part.local_size();
    // Full rows, one panel: no padding but the lanes of the last slice past the last row.
    EXPECT_EQ(d.n_synapses(), nnz);
    EXPECT_EQ(d.n_entries(), (rows + 7) / 8 * 8 * model.net.size());
    EXPECT_EQ(d.bytes() - f.bytes(), 4 * d.n_entries());  // float: 4 B less per entry, nothing else
    EXPECT_GE(f.bytes(), 8 * nnz);
}

TEST(coupling_matrix, empty_rank_multiplies_nothing) {
    const auto model = small_model(false, connectivity_rule::full);
    const partition part(model.net.size(), 200, 150);  // more ranks than neurons: owns nothing
    const coupling_matrix m(model.net, part, coupling_storage::double_);
    EXPECT_EQ(m.n_rows(), 0u);
    std::vector<double> y;
    m.multiply({}, y);
}

TEST(coupling_matrix, wrong_sizes_throw) {
    const auto model = small_model(false, connectivity_rule::fixed_indegree);
    const partition part(model.net.size(), 2, 0);
    const coupling_matrix m(model.net, part, coupling_storage::double_);
    std::vector<double> x(m.local_columns() - 1), y(m.n_rows());
    EXPECT_THROW(m.multiply(x, y), internal_error);
}

TEST(coupling_matrix, storage_names) {
    for (auto s : {coupling_storage::double_, coupling_storage::float_, coupling_storage::procedural})
        EXPECT_EQ(parse_coupling_storage(to_string(s)), s);
    EXPECT_EQ(to_string(coupling_storage::float_), "float");
    EXPECT_EQ(to_string(coupling_storage::procedural), "procedural");
    EXPECT_THROW(parse_coupling_storage("half"), config_error);
}
