// SPDX-License-Identifier: BSD-3-Clause
// The vectorised update of cuba and coba neurons (src/spiking/detail/exp_block), in the variant
// this CPU loads, against the neuron-by-neuron update written out here from docs/models.md §2.3
// (cuba: exact propagators; coba: forward Euler), bit for bit, with refractory neurons, with and
// without a constant drive, over ranges that are not a multiple of any vector width.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <vector>

#include <balnet/core/rng_stream.hpp>
#include <balnet/spiking/exp_synapse_neuron.hpp>

#include "../../src/spiking/detail/exp_block.hpp"

using namespace balnet;

namespace {

struct neurons {
    std::vector<double> v, ge, gi;
    std::vector<std::int32_t> r;
    exp_synapse_state state() { return {v, ge, gi, r}; }
};

neurons draw(std::size_t n) {
    rng_stream rng(3, rng_purpose::weights, n, 0);
    neurons x;
    for (std::size_t j = 0; j < n; ++j) {
        x.v.push_back(-70.0 + 25.0 * rng.uniform());
        x.ge.push_back(4.0 * rng.uniform());
        x.gi.push_back(j % 6 == 0 ? 0.0 : 20.0 * rng.uniform());
        x.r.push_back(j % 3 == 0 ? static_cast<std::int32_t>(rng.uniform_int(50)) : 0);
    }
    return x;
}

void reference(const exp_synapse_constants& c, neurons& x, std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) {
        if (x.r[i] == 0) {
            double vn = c.model == neuron_model::cuba
                            ? c.e_l + (x.v[i] - c.e_l) * c.p_m + x.ge[i] * c.kappa_e + x.gi[i] * c.kappa_i
                            : x.v[i] + c.h_tau * ((c.e_l - x.v[i]) + x.ge[i] * (c.e_e - x.v[i]) +
                                                  x.gi[i] * (c.e_i - x.v[i]));
            if (c.dc_step != 0.0) vn = vn + c.dc_step;
            x.v[i] = vn;
        } else {
            --x.r[i];
        }
        x.ge[i] *= c.decay_e;
        x.gi[i] *= c.decay_i;
    }
}

}  // namespace

TEST(exp_block, equals_the_neuron_by_neuron_update_bit_for_bit) {
    exp_synapse_params p;
    p.tau_e = 5.0;
    p.tau_i = 10.0;
    p.e_l = -60.0;
    p.e_e = 0.0;
    p.e_i = -80.0;
    for (auto m : {neuron_model::cuba, neuron_model::coba}) {
        for (double dc : {0.0, 0.37}) {
            auto c = exp_synapse_constants::make(m, p, 20.0, -50.0, -60.0, 50, 0.1);
            c.dc_step = dc;
            for (std::size_t n : {1u, 13u, 67u}) {
                neurons want = draw(n), got = draw(n);
                const std::size_t b = n > 2 ? 1 : 0;  // a range that starts off the first neuron
                reference(c, want, b, n);
                detail::exp_block(c, got.state(), b, n);
                for (std::size_t j = 0; j < n; ++j) {
                    EXPECT_EQ(std::bit_cast<std::uint64_t>(got.v[j]), std::bit_cast<std::uint64_t>(want.v[j]))
                        << to_string(m) << " dc " << dc << " n " << n << " neuron " << j;
                    EXPECT_EQ(std::bit_cast<std::uint64_t>(got.ge[j]), std::bit_cast<std::uint64_t>(want.ge[j]));
                    EXPECT_EQ(std::bit_cast<std::uint64_t>(got.gi[j]), std::bit_cast<std::uint64_t>(want.gi[j]));
                    EXPECT_EQ(got.r[j], want.r[j]);
                }
            }
        }
    }
}
