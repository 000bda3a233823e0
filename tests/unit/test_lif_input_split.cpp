// SPDX-License-Identifier: BSD-3-Clause
// lif_input_split against the definition, computed independently of both the engine's and the
// split's code: every recorded spike walked through synapse_index::for_each into per-(step,
// target) sums, split by weight sign (delta) or by source population (cuba; in a mixed network
// each target by its own population's model), plus the external
// counts drawn from rng_stream (the stream poisson_drive keys on). The sums are added in the
// canonical order ((step, gid) of the spike, then group, then entry), so e and i must agree
// bitwise; for delta neurons e - i must also be the input the membrane integrated (V), and a
// split restored from serialise() must continue as the uninterrupted one.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <tuple>
#include <vector>

#include <balnet/analysis/lif_input_split.hpp>
#include <balnet/core/error.hpp>
#include <balnet/core/rng_stream.hpp>
#include <balnet/spiking/brette_benchmark.hpp>
#include <balnet/spiking/poisson_drive.hpp>

using namespace balnet;

namespace {

using series = std::vector<std::vector<double>>;  // [step][selected neuron]

struct recorded {
    series e, i;
    void add(std::span<const double> ek, std::span<const double> ik) {
        e.emplace_back(ek.begin(), ek.end());
        i.emplace_back(ik.begin(), ik.end());
    }
};

// Model A at 1/25 size with a second (negative) drive on I, normal weights of both signs on E->E
// and delays spread over [1.5, 2.5] ms on I->E.
lif_network_params small_model_a() {
    brunel_model_a m;
    m.n_e = 400, m.n_i = 100, m.c_e = 40, m.c_i = 10, m.j = 0.5;
    auto net = m.network();
    net.populations[1].ext2_rate = 3000.0;
    net.populations[1].ext2_weight = -0.3;
    net.projections[0].drawn_weights = weight_distribution(weight_kind::normal, 0.3, 0.6, 1.0);
    net.projections[1].delay_max = 2.5;
    return net;
}

// The jump of one external drive of neuron gid in step k: count n from the first two words of
// rng_stream(seed, external_noise, gid + key, k), inverted by the drive's table; J n.
double external_jump(const lif_network_params& net, double rate, double weight, gid_type key, step_type k) {
    const poisson_drive drive(rate * net.dt * 1e-3);
    if (drive.lambda() == 0.0) return 0.0;
    rng_stream rng(net.seed, rng_purpose::external_noise, key, static_cast<std::uint32_t>(k));
    const std::uint64_t hi = rng.next_u32();
    return weight * static_cast<double>(drive.from_bits((hi << 32) | rng.next_u32()));
}

// e, i of the selected neurons (1-rank engine) for steps [0, steps), from the definition.
recorded naive_input(const lif_engine& eng, const std::vector<spike>& spikes,
                     const std::vector<std::size_t>& sel, step_type steps) {
    const auto& net = eng.params();
    // Each target by its own population's model (a mixed network splits each neuron by its own).
    const auto delta_target = [&](gid_type t) { return net.populations[net.population_of(t)].model == neuron_model::delta; };
    struct synapse { gid_type target; step_type delay; double w; };
    std::vector<std::vector<synapse>> out(net.size());  // per source, in for_each order
    eng.synapses().for_each([&](gid_type s, gid_type t, std::size_t, step_type d, double w) {
        out[s].push_back({t, d, w});
    });
    series pos(steps, std::vector<double>(net.size(), 0.0)), neg = pos;
    for (const auto& s : spikes) {
        const bool excitatory = net.populations[net.population_of(s.gid)].excitatory;
        for (const auto& y : out[s.gid]) {
            const step_type k = s.step - 1 + y.delay;
            if (k >= steps) continue;
            const bool delta = delta_target(y.target);
            if (delta ? y.w > 0.0 : excitatory) pos[k][y.target] += y.w;
            else if (delta) neg[k][y.target] -= y.w;
            else neg[k][y.target] += y.w;
        }
    }
    recorded r;
    for (step_type k = 0; k < steps; ++k) {
        std::vector<double> e, i;
        for (const auto n : sel) {
            const auto& p = net.populations[net.population_of(n)];
            const bool delta = p.model == neuron_model::delta;
            double en = pos[k][n], in = delta ? neg[k][n] : std::fabs(neg[k][n]);
            bool first = true;  // delta: each jump by its sign; else the first drive to e, the second's |jump| to i
            for (const auto& [rate, w, key] : {std::tuple{p.ext_rate, p.ext_weight, n},
                                               std::tuple{p.ext2_rate, p.ext2_weight, n + (gid_type{1} << 48)}}) {
                const double x = external_jump(net, rate, w, key, k);
                if (delta) {
                    en += x > 0.0 ? x : 0.0;
                    in -= x < 0.0 ? x : 0.0;
                } else if (first) {
                    en += x;
                } else {
                    in += std::fabs(x);
                }
                first = false;
            }
            e.push_back(en);
            i.push_back(in);
        }
        r.add(e, i);
    }
    return r;
}

void expect_bitwise(const series& a, const series& b, const char* what) {
    ASSERT_EQ(a.size(), b.size()) << what;
    for (std::size_t k = 0; k < a.size(); ++k)
        for (std::size_t n = 0; n < a[k].size(); ++n)
            ASSERT_EQ(std::bit_cast<std::uint64_t>(a[k][n]), std::bit_cast<std::uint64_t>(b[k][n]))
                << what << " step " << k << " neuron " << n << ": " << a[k][n] << " vs " << b[k][n];
}

const std::vector<std::size_t> selection = {0, 7, 8, 150, 399, 400, 433, 499};

}  // namespace

TEST(lif_input_split, delta_matches_the_definition_bitwise_and_the_membrane) {
    const auto net = small_model_a();
    lif_engine eng(net, partition(net.size(), 1, 0));
    recorded got;
    lif_input_split split(eng, selection, [&](step_type k, std::span<const double> e, std::span<const double> i) {
        ASSERT_EQ(k, static_cast<step_type>(got.e.size()));
        got.add(e, i);
    });
    // V and r of the selected neurons after every step (index k + 1; index 0 is the start).
    series v(1), r(1);
    for (const auto n : selection) v[0].push_back(eng.v()[n]), r[0].push_back(eng.refractory()[n]);
    eng.set_voltage_probe([&](step_type, std::span<const double> vk) {
        v.emplace_back(), r.emplace_back();
        for (const auto n : selection) v.back().push_back(vk[n]), r.back().push_back(eng.refractory()[n]);
    });
    const step_type steps = 1000;
    eng.advance(steps);
    const auto spikes = eng.take_spikes();
    ASSERT_GT(spikes.size(), 1000u);
    const auto want = naive_input(eng, spikes, selection, steps);
    expect_bitwise(got.e, want.e, "e");
    expect_bitwise(got.i, want.i, "i");
    std::size_t checked = 0;
    for (step_type k = 0; k < steps; ++k)
        for (std::size_t n = 0; n < selection.size(); ++n) {
            if (r[k][n] != 0 || r[k + 1][n] != 0) continue;  // refractory or spiking in step k
            const auto& c = eng.constants(net.population_of(selection[n]));
            EXPECT_NEAR(v[k + 1][n], c.p33 * v[k][n] + got.e[k][n] - got.i[k][n] + c.dc_step, 1e-11);
            ++checked;
        }
    EXPECT_GT(checked, 4000u);
}

TEST(lif_input_split, cuba_and_coba_match_the_definition_bitwise) {
    // cuba's g_i increments are < 0, coba's > 0: i is their magnitude either way.
    for (const auto& model : {brette_benchmark::cuba(), brette_benchmark::coba()}) {
        const auto net = model.network();
        lif_engine eng(net, partition(net.size(), 1, 0));
        recorded got;
        const std::vector<std::size_t> sel = {1, 2, 1000, 3199, 3200, 3999};
        lif_input_split split(eng, sel, [&](step_type, std::span<const double> e, std::span<const double> i) {
            got.add(e, i);
        });
        eng.advance(400);
        const auto spikes = eng.take_spikes();
        ASSERT_FALSE(spikes.empty());
        const auto want = naive_input(eng, spikes, sel, 400);
        expect_bitwise(got.e, want.e, "g_e increments");
        expect_bitwise(got.i, want.i, "|g_i increments|");
    }
}

TEST(lif_input_split, mixed_models_split_each_neuron_by_its_own_model) {
    // E delta, I coba (docs/models.md 2.3.4): E neurons by weight sign, I neurons by source (the
    // conductance increments from I are > 0: a split by sign would count them as E), the I
    // population's drives into g_e and g_i.
    auto net = small_model_a();
    auto& in = net.populations[1];
    in.model = neuron_model::coba;
    in.synapse.e_l = 0.0;  // potentials relative to rest, as the delta neurons'
    in.synapse.e_e = 70.0;
    in.synapse.e_i = -10.0;
    in.ext_weight = 0.05;  // g_L
    in.ext2_weight = 0.05;
    for (auto& pr : net.projections)
        if (pr.target == 1) pr.weight = pr.source == 0 ? 0.02 : 0.1;  // g_L
    lif_engine eng(net, partition(net.size(), 1, 0));
    recorded got;
    lif_input_split split(eng, selection, [&](step_type, std::span<const double> e, std::span<const double> i) {
        got.add(e, i);
    });
    eng.advance(600);
    const auto spikes = eng.take_spikes();
    ASSERT_GT(spikes.size(), 200u);
    const auto want = naive_input(eng, spikes, selection, 600);
    expect_bitwise(got.e, want.e, "e");
    expect_bitwise(got.i, want.i, "i");
}

TEST(lif_input_split, restored_split_continues_bitwise) {
    const auto net = small_model_a();
    const partition part(net.size(), 1, 0);
    lif_engine whole(net, part), first(net, part), second(net, part);
    recorded a, b;
    const auto into = [](recorded& r) {
        return [&r](step_type, std::span<const double> e, std::span<const double> i) { r.add(e, i); };
    };
    lif_input_split split_whole(whole, selection, into(a));
    recorded unused;
    lif_input_split split_first(first, selection, into(unused));
    lif_input_split split_second(second, selection, into(b));
    whole.advance(700);
    first.advance(333);  // ends inside an exchange interval's worth of pending input
    first.take_spikes();
    second.restore(first.state());
    split_second.restore(split_first.serialise());
    second.advance(367);
    expect_bitwise(series(a.e.begin() + 333, a.e.end()), b.e, "e");
    expect_bitwise(series(a.i.begin() + 333, a.i.end()), b.i, "i");
    EXPECT_THROW(split_second.restore(std::vector<double>{0.0, 1.0, 2.0}), internal_error);
}

TEST(lif_input_split, reports_both_external_drives_and_leaves_dynamics_unchanged) {
    lif_network_params net;
    net.dt = 0.1;
    lif_population_params p;
    p.name = "E";
    p.size = 70;
    p.ext_rate = 20000.0;
    p.ext_weight = 0.2;
    p.ext2_rate = 5000.0;
    p.ext2_weight = -0.6;
    net.populations = {p};
    lif_engine probed(net, partition(net.size(), 1, 0)), plain(net, partition(net.size(), 1, 0));
    std::vector<std::size_t> all(70);
    for (std::size_t n = 0; n < all.size(); ++n) all[n] = n;
    double sum_e = 0, sum_i = 0;
    std::uint64_t samples = 0;
    bool e_multiple = true, i_multiple = true;
    lif_input_split split(probed, all, [&](step_type, std::span<const double> e, std::span<const double> i) {
        for (std::size_t n = 0; n < e.size(); ++n) {
            sum_e += e[n];
            sum_i += i[n];
            e_multiple &= std::fabs(e[n] / 0.2 - std::round(e[n] / 0.2)) < 1e-9;
            i_multiple &= std::fabs(i[n] / 0.6 - std::round(i[n] / 0.6)) < 1e-9;
        }
        ++samples;
    });
    probed.advance(2000);
    plain.advance(2000);
    const auto spikes = probed.take_spikes();
    EXPECT_FALSE(spikes.empty());
    EXPECT_EQ(spikes, plain.take_spikes());
    EXPECT_EQ(samples, 2000u);
    const double n = static_cast<double>(samples) * 70.0;
    // Means of J * Poisson(rate h): 0.2 * 2 = 0.4 and 0.6 * 0.5 = 0.3 mV per step (5 sigma).
    EXPECT_NEAR(sum_e / n, 0.4, 5 * 0.2 * std::sqrt(2.0 / n));
    EXPECT_NEAR(sum_i / n, 0.3, 5 * 0.6 * std::sqrt(0.5 / n));
    EXPECT_TRUE(e_multiple);
    EXPECT_TRUE(i_multiple);
}

TEST(lif_input_split, second_drive_is_independent_of_the_first) {
    // Same rate and |weight| on both drives with opposite signs: if they shared their random
    // numbers the net input would be exactly 0 every step.
    lif_network_params net;
    lif_population_params p;
    p.name = "E";
    p.size = 10;
    p.ext_rate = p.ext2_rate = 10000.0;
    p.ext_weight = 0.1;
    p.ext2_weight = -0.1;
    net.populations = {p};
    lif_engine eng(net, partition(net.size(), 1, 0));
    std::uint64_t differ = 0;
    lif_input_split split(eng, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
                          [&](step_type, std::span<const double> e, std::span<const double> i) {
                              for (std::size_t n = 0; n < e.size(); ++n) differ += e[n] != i[n];
                          });
    eng.advance(500);
    EXPECT_GT(differ, 2500u);
}
