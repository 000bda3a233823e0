// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/spiking/neuron_models.hpp>

#include <algorithm>
#include <cmath>

#include <balnet/core/error.hpp>

#include "detail/delta_block.hpp"
#include "detail/philox_batch.hpp"

namespace balnet {
namespace {

// The jumps of one drive for neurons [gid0, gid0 + n) in step k: jump[count] per neuron.
void external_jumps(seed_type seed, gid_type gid0, std::uint32_t k, const lif_external_input& x, std::size_t n,
                    std::uint64_t* bits, double* out) {
    detail::philox_batch(seed, rng_purpose::external_noise, gid0 + x.key_offset, k, n, bits);
    std::uint32_t count[detail::philox_lanes];
    x.drive->counts_from_bits(bits, n, count);
    const double* jump = x.jump.data();
    for (std::size_t j = 0; j < n; ++j) out[j] = jump[count[j]];
}

}  // namespace

lif_constants make_lif_constants(const lif_population_params& p, double dt) {
    lif_constants c;
    c.p33 = std::exp(-dt / p.tau_m);
    c.dc_step = p.mu_dc * (1.0 - c.p33);  // P30 I_e with R I_e = mu_dc
    c.theta = p.theta;
    c.v_reset = p.v_reset;
    c.n_ref = static_cast<std::int32_t>(std::llround(p.t_ref / dt));
    c.ext_weight = p.ext_weight;
    return c;
}

namespace {

// docs/models.md §2.2.3: x = B + J_ext n_ext (+ the second drive); refractory neurons discard
// their input (their draws are simply unused). Two rings (a mixed network, §2.3.4): B = row_e[i]
// + row_i[i]; one ring: B = row_e[i], no addition (the bits of a delta-only network). Block by
// block: the drives' jumps, the membrane update (detail/delta_block, vectorised), then the
// threshold in local index order.
void delta_step(const lif_constants& c, const neuron_state& s, const neuron_input& in, std::size_t begin,
                std::size_t end, std::vector<std::size_t>& spiked) {
    const lif_external_input x1 = in.external[0];
    const lif_external_input x2 = in.external[1];
    const bool driven = x1.drive && x1.drive->lambda() > 0.0;
    const bool driven2 = x2.drive && x2.drive->lambda() > 0.0;
    const auto k = static_cast<std::uint32_t>(in.step);
    std::uint64_t bits[detail::philox_lanes];
    double ext1[detail::philox_lanes];
    double ext2[detail::philox_lanes];
    detail::delta_block_args a;
    a.p33 = c.p33;
    a.dc_step = c.dc_step;
    a.ext1 = driven ? ext1 : nullptr;
    a.ext2 = driven2 ? ext2 : nullptr;
    double* v = s.v.data();
    std::int32_t* r = s.r.data();
    for (auto blk = begin; blk < end; blk += detail::philox_lanes) {
        const auto n = std::min(detail::philox_lanes, end - blk);
        if (driven) external_jumps(in.noise_seed, in.first_gid + blk, k, x1, n, bits, ext1);
        if (driven2) external_jumps(in.noise_seed, in.first_gid + blk, k, x2, n, bits, ext2);
        a.v = v + blk;
        a.r = r + blk;
        a.row_e = in.row_e.data() + blk;
        a.row_i = in.row_i.empty() ? nullptr : in.row_i.data() + blk;
        a.n = n;
        detail::delta_block(a);
        for (auto i = blk; i < blk + n; ++i) {
            if (v[i] >= c.theta) {
                spiked.push_back(i);
                v[i] = c.v_reset;
                r[i] = c.n_ref;
            }
        }
    }
}

}  // namespace

void delta_neuron::step(const constants& c, const neuron_state& s, const neuron_input& in, std::size_t begin,
                        std::size_t end, std::vector<std::size_t>& spiked) {
    delta_step(c, s, in, begin, end, spiked);
}

exp_neuron::constants exp_neuron::make(const lif_population_params& p, neuron_model m, double dt) {
    auto c = exp_synapse_constants::make(m, p.synapse, p.tau_m, p.theta, p.v_reset,
                                         static_cast<std::int32_t>(std::llround(p.t_ref / dt)), dt);
    if (p.mu_dc != 0.0) c.dc_step = m == neuron_model::cuba ? p.mu_dc * (1.0 - c.p_m) : c.h_tau * p.mu_dc;
    return c;
}

// This step's increments (recurrent, then external) join g_e and g_i and are consumed; then
// exp_synapse_step.
void join_synaptic_input(std::span<double> ge, std::span<double> gi, const neuron_input& in, std::size_t begin,
                         std::size_t end) {
    for (auto i = begin; i < end; ++i) {
        ge[i] += in.row_e[i];
        gi[i] += in.row_i[i];
        in.row_e[i] = 0.0;
        in.row_i[i] = 0.0;
    }
    const lif_external_input x1 = in.external[0];
    const lif_external_input x2 = in.external[1];
    const bool driven = x1.drive && x1.drive->lambda() > 0.0;
    const bool driven2 = x2.drive && x2.drive->lambda() > 0.0;
    if (!driven && !driven2) return;
    const auto k = static_cast<std::uint32_t>(in.step);
    std::uint64_t bits[detail::philox_lanes];
    double ext[detail::philox_lanes];
    for (auto blk = begin; blk < end; blk += detail::philox_lanes) {
        const auto n = std::min(detail::philox_lanes, end - blk);
        if (driven) {
            external_jumps(in.noise_seed, in.first_gid + blk, k, x1, n, bits, ext);
            for (std::size_t j = 0; j < n; ++j) ge[blk + j] += ext[j];
        }
        if (driven2) {
            external_jumps(in.noise_seed, in.first_gid + blk, k, x2, n, bits, ext);
            for (std::size_t j = 0; j < n; ++j) gi[blk + j] += ext[j];
        }
    }
}

void exp_neuron::step(const constants& c, const neuron_state& s, const neuron_input& in, std::size_t begin,
                      std::size_t end, std::vector<std::size_t>& spiked) {
    join_synaptic_input(s.named[0], s.named[1], in, begin, end);
    exp_synapse_step(c, {s.v, s.named[0], s.named[1], s.r}, begin, end, spiked);
}

void adex_model::step(const constants& c, const neuron_state& s, const neuron_input& in, std::size_t begin,
                      std::size_t end, std::vector<std::size_t>& spiked) {
    join_synaptic_input(s.named[0], s.named[1], in, begin, end);
    adex_step(c, {s.v, s.named[2], s.named[0], s.named[1], s.r}, begin, end, spiked);
}

neuron_constants make_neuron_constants(neuron_model m, const lif_population_params& p, double dt) {
    if (m == neuron_model::delta) return delta_neuron::make(p, m, dt);
    if (m == neuron_model::adex) return adex_model::make(p, m, dt);
    return exp_neuron::make(p, m, dt);
}

namespace {

// f(the policy of model m) — the one place a model value turns into its type.
template <typename F>
auto with_policy(neuron_model m, F&& f) {
    switch (m) {
    case neuron_model::delta: return f(delta_neuron{});
    case neuron_model::adex: return f(adex_model{});
    case neuron_model::cuba:
    case neuron_model::coba: break;
    }
    return f(exp_neuron{});
}

}  // namespace

std::size_t neuron_channels(neuron_model m) {
    return with_policy(m, [](auto policy) { return decltype(policy)::channels; });
}

std::vector<std::string_view> neuron_state_names(neuron_model m) {
    return with_policy(m, [](auto policy) {
        const auto& names = decltype(policy)::state_names;
        return std::vector<std::string_view>(names.begin(), names.end());
    });
}

double neuron_bytes_per_neuron(neuron_model m) {
    return with_policy(m, [](auto policy) { return decltype(policy)::bytes_per_neuron; });
}

std::size_t network_channels(const lif_network_params& net) {
    std::size_t c = 1;
    for (const auto& p : net.populations) c = std::max(c, neuron_channels(p.model));
    return c;
}

std::vector<std::string_view> network_state_names(const lif_network_params& net) {
    std::vector<std::string_view> names;
    for (const auto& p : net.populations) {
        auto own = neuron_state_names(p.model);
        if (own.size() > names.size()) names = std::move(own);
    }
    for (const auto& p : net.populations) {
        const auto own = neuron_state_names(p.model);
        if (!std::equal(own.begin(), own.end(), names.begin()))
            throw internal_error("network_state_names: the state of " + to_string(p.model) + " is not a prefix of the union");
    }
    return names;
}

}  // namespace balnet
