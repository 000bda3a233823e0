// SPDX-License-Identifier: BSD-3-Clause
// procedural_coupling (nothing stored, rows redrawn in the product) against the stored matrix and
// against a direct sum over the stored rows, on the first, a middle and the last block of a
// partition of 3 (ghosts on one or both sides of the owned block); compact_coupling (6 B per
// synapse) against the float matrix it re-encodes. No MPI: the ghost values are filled here from
// a global x, in the order of each operator's ghost list.
#include <gtest/gtest.h>

#include <cmath>

#include <balnet/core/error.hpp>
#include <balnet/network/local_network.hpp>
#include <balnet/rate/compact_coupling.hpp>
#include <balnet/rate/coupling_matrix.hpp>
#include <balnet/rate/procedural_coupling.hpp>
#include <balnet/rate/rate_model.hpp>

using namespace balnet;

namespace {

rate_model model_of(bool ei, connectivity_rule rule, weight_kind w, bool autapses,
                    std::uint64_t n = 211, std::uint64_t k = 17) {
    rate_params p;
    p.ei = ei;
    p.N = n;
    p.K = rule == connectivity_rule::full ? n : k;
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

// The stored products with each prefetch hint (prefetch_tuner.hpp) against the procedural one,
// which has no prefetch and sums in the documented order: the hint changes no bit, at any rank.
TEST(procedural_coupling, every_prefetch_hint_of_the_stored_products_gives_the_same_bits) {
    const auto model = model_of(true, connectivity_rule::fixed_indegree, weight_kind::gamma, true, 20011, 30);
    for (int rank = 0; rank < 3; ++rank) {
        const partition part(model.net.size(), 3, rank);
        const procedural_coupling proc(model.net, part);
        std::vector<double> yp(part.local_size());
        proc.multiply(local_x(proc, part), yp);
        coupling_matrix f(model.net, part, coupling_storage::float_);
        std::vector<double> yf(part.local_size());
        f.multiply(local_x(f, part), yf);
        for (auto h : prefetch_hints) {
            coupling_matrix d(model.net, part, coupling_storage::double_);
            compact_coupling c(model.net, part);
            d.set_prefetch(h);
            c.set_prefetch(h);
            EXPECT_EQ(d.tuning(), "prefetch " + to_string(h) + " (set)");
            std::vector<double> yd(part.local_size()), yc(part.local_size());
            d.multiply(local_x(d, part), yd);
            c.multiply(local_x(c, part), yc);
            EXPECT_EQ(yd, yp) << "double, prefetch " << to_string(h) << ", rank " << rank;
            EXPECT_EQ(yc, yf) << "compact, prefetch " << to_string(h) << ", rank " << rank;
        }
    }
}

// A matrix large enough to be measured (sliced_rows::tune_min_entries): the first product, which
// runs every hint, and a later one with the hint kept both equal the procedural product.
TEST(procedural_coupling, the_measured_first_product_gives_the_same_bits) {
    const auto model = model_of(false, connectivity_rule::fixed_indegree, weight_kind::gamma, true, 80021, 60);
    const partition part(model.net.size(), 2, 1);
    const procedural_coupling proc(model.net, part);
    const coupling_matrix d(model.net, part, coupling_storage::double_);
    ASSERT_GE(d.n_entries(), (sliced_rows<double, std::uint32_t>::tune_min_entries));
    EXPECT_EQ(d.tuning(), "prefetch t0 (before the first product)");
    std::vector<double> yp(part.local_size()), y1(part.local_size()), y2(part.local_size());
    proc.multiply(local_x(proc, part), yp);
    d.multiply(local_x(d, part), y1);
    EXPECT_NE(d.tuning().find("(measured at the first product: t0 "), std::string::npos) << d.tuning();
    d.multiply(local_x(d, part), y2);
    EXPECT_EQ(y1, yp);
    EXPECT_EQ(y2, yp);
}

// compact_coupling lives beside: the same comparison, against the float matrix it re-encodes.
TEST(compact_coupling, equals_the_float_matrix_bit_for_bit_across_panels) {
    // N = 150 001, K = 40: panels of 2^14 gids (the widest), ten of them; at 3 ranks a panel
    // has owned units, ghosts below or above them, or both.
    const auto model = model_of(true, connectivity_rule::fixed_indegree, weight_kind::gamma, true, 150001, 40);
    for (int ranks : {1, 3}) {
        for (int rank = 0; rank < ranks; ++rank) {
            const partition part(model.net.size(), ranks, rank);
            const coupling_matrix f(model.net, part, coupling_storage::float_);
            const compact_coupling c(model.net, part);
            ASSERT_EQ(c.n_rows(), f.n_rows());
            ASSERT_EQ(std::vector<gid_type>(c.ghosts().begin(), c.ghosts().end()),
                      std::vector<gid_type>(f.ghosts().begin(), f.ghosts().end()));
            EXPECT_EQ(c.panels(), 10u);
            std::vector<double> yf(f.n_rows()), yc(c.n_rows());
            f.multiply(local_x(f, part), yf);
            c.multiply(local_x(c, part), yc);
            EXPECT_EQ(yc, yf) << ranks << " ranks, rank " << rank;
            // 6 B per stored entry, 2.25 B per row and panel (slice lengths, lane rows), the
            // panel bases, the ghosts (8 B), the copy of x and its gather list (12 B per local
            // column and panel); padding below 10 % of the entries.
            ASSERT_EQ(c.n_entries(), f.n_entries());
            const double rows8 = static_cast<double>((c.n_rows() + 7) / 8 * 8 + 8 * 37);  // 37 windows
            const double extra = 2.25 * rows8 * c.panels() + 16.0 * c.panels() + 8.0 * static_cast<double>(c.ghosts().size()) +
                                 12.0 * static_cast<double>(c.local_columns()) + 128.0 * 37;
            EXPECT_LE(static_cast<double>(c.bytes()), 6.0 * static_cast<double>(c.n_entries()) + extra);
            EXPECT_LE(c.n_entries(), f.n_synapses() * 11 / 10);
            // 2 B less per entry (16-bit columns); compact's copy of x has a slot per panel more,
            // and its gather list (4 B) and panel bases (4 B) are extra.
            const std::size_t cols = c.local_columns(), panels = c.panels();
            EXPECT_EQ(f.bytes() + 4 * cols + 16 * panels, c.bytes() + 2 * c.n_entries() + 8);
        }
    }
}
