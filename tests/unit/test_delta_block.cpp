// SPDX-License-Identifier: BSD-3-Clause
// The vectorised membrane update of the delta model (src/spiking/detail/delta_block), in the
// variant this CPU loads, against the neuron-by-neuron update written out here (docs/models.md
// §2.2.3): bit for bit, with refractory neurons, -0.0 inputs (which an added +0.0 would turn
// into +0.0), one or two rings, either drive on or off, and block lengths that are not a
// multiple of any vector width.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <vector>

#include <balnet/core/rng_stream.hpp>

#include "../../src/spiking/detail/delta_block.hpp"

using namespace balnet;

namespace {

struct lanes {
    std::vector<double> v, row_e, row_i, e1, e2;
    std::vector<std::int32_t> r;
};

lanes draw(std::size_t n, std::uint64_t seed) {
    rng_stream rng(seed, rng_purpose::weights, 0, 0);
    lanes l;
    for (std::size_t j = 0; j < n; ++j) {
        l.v.push_back(20.0 * rng.uniform() - 5.0);
        l.row_e.push_back(j % 7 == 0 ? -0.0 : rng.normal());
        l.row_i.push_back(j % 5 == 0 ? -0.0 : -rng.uniform());
        l.e1.push_back(j % 3 == 0 ? 0.0 : 0.1 * static_cast<double>(rng.uniform_int(6)));
        l.e2.push_back(-0.5 * static_cast<double>(rng.uniform_int(3)));
        l.r.push_back(j % 4 == 0 ? static_cast<std::int32_t>(rng.uniform_int(20)) : 0);
    }
    return l;
}

// The definition, one neuron at a time.
void reference(lanes& l, bool two, bool with1, bool with2, double p33, double dc) {
    for (std::size_t j = 0; j < l.v.size(); ++j) {
        double x = l.row_e[j];
        l.row_e[j] = 0.0;
        if (two) {
            x += l.row_i[j];
            l.row_i[j] = 0.0;
        }
        if (l.r[j] == 0) {
            if (with1) x += l.e1[j];
            if (with2) x += l.e2[j];
            l.v[j] = p33 * l.v[j] + (x + dc);
        } else {
            --l.r[j];
        }
    }
}

}  // namespace

TEST(delta_block, equals_the_neuron_by_neuron_update_bit_for_bit) {
    const double p33 = 0.99501247919268232, dc = 0.0;
    for (std::size_t n : {1u, 7u, 64u, 61u}) {
        for (int flags = 0; flags < 8; ++flags) {
            const bool two = flags & 1, with1 = flags & 2, with2 = flags & 4;
            lanes want = draw(n, 11 + n), got = draw(n, 11 + n);
            reference(want, two, with1, with2, p33, dc);
            detail::delta_block_args a;
            a.v = got.v.data();
            a.r = got.r.data();
            a.row_e = got.row_e.data();
            a.row_i = two ? got.row_i.data() : nullptr;
            a.ext1 = with1 ? got.e1.data() : nullptr;
            a.ext2 = with2 ? got.e2.data() : nullptr;
            a.n = n;
            a.p33 = p33;
            a.dc_step = dc;
            detail::delta_block(a);
            for (std::size_t j = 0; j < n; ++j) {
                EXPECT_EQ(std::bit_cast<std::uint64_t>(got.v[j]), std::bit_cast<std::uint64_t>(want.v[j]))
                    << "n " << n << " flags " << flags << " neuron " << j;
                EXPECT_EQ(got.r[j], want.r[j]);
                EXPECT_EQ(std::bit_cast<std::uint64_t>(got.row_e[j]), 0u);
                if (two) EXPECT_EQ(std::bit_cast<std::uint64_t>(got.row_i[j]), 0u);
            }
        }
    }
}
