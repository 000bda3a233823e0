// SPDX-License-Identifier: BSD-3-Clause
// The AdEx neuron model (include/balnet/spiking/adex_neuron.hpp, docs/models.md §2.8) against an
// independent integration written here: classical RK4 at h/1000 (h/100 for the firing patterns)
// whose step also shrinks on the upstroke so that V moves by at most Delta_T/50 per step (no cap
// on the exponential, no substep grid), the synaptic variables evaluated as g_k e^{-(t - t_k)/tau}
// through std::exp, a spike wherever that fine trajectory reaches V_peak and the reset at that
// time. Checked: V, w and spike times of one
// neuron with input spikes through conductance and current synapses; the firing patterns of Naud,
// Marcille, Clopath & Gerstner (2008) with their Table 1 parameters, both the pattern each set is
// published to produce and the reference's spike times; bitwise independence of range splits;
// the refractory clamp; the validation naming the field.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <utility>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <balnet/core/error.hpp>
#include <balnet/core/rng_stream.hpp>
#include <balnet/spiking/adex_neuron.hpp>

using namespace balnet;

namespace {

constexpr double h = 0.1;  // [ms] the grid step

// Increments of g_e and g_i that arrive before step k (k = 0 .. n - 1).
struct inputs {
    std::vector<double> de, di;
    explicit inputs(std::size_t n) : de(n, 0.0), di(n, 0.0) {}
};

// A trajectory on the grid: V and w at t = (k + 1) h, and the spikes.
struct trace {
    std::vector<double> v, w;
    std::vector<double> spikes;  // reference: the crossing times; model: the stamps (k + 1) h
};

// The model under test: one neuron, increments added before each step as the engine does.
trace run_model(const adex_params& p, const inputs& in, double v0, double w0) {
    const auto c = adex_constants::make(p, h);
    std::vector<double> v{v0}, w{w0}, ge{0.0}, gi{0.0};
    std::vector<std::int32_t> r{0};
    std::vector<std::size_t> spiked;
    trace out;
    for (std::size_t k = 0; k < in.de.size(); ++k) {
        ge[0] += in.de[k];
        gi[0] += in.di[k];
        spiked.clear();
        adex_step(c, {v, w, ge, gi, r}, 0, 1, spiked);
        out.v.push_back(v[0]);
        out.w.push_back(w[0]);
        if (!spiked.empty()) out.spikes.push_back(static_cast<double>(k + 1) * h);
    }
    return out;
}

// The independent reference (see the file comment).
class reference {
public:
    reference(const adex_params& p, double v0, double w0) : p_(p), v_(v0), w_(w0) {}

    trace run(const inputs& in, double dt_max) {
        trace out;
        double ge = 0.0, gi = 0.0;
        for (std::size_t k = 0; k < in.de.size(); ++k) {
            ge += in.de[k];
            gi += in.di[k];
            const double t0 = static_cast<double>(k) * h, t1 = t0 + h;
            double t = t0;
            while (t < t1) t = advance(t, t0, t1, ge, gi, dt_max, out.spikes);
            out.v.push_back(v_);
            out.w.push_back(w_);
            ge *= std::exp(-h / p_.tau_e);
            gi *= std::exp(-h / p_.tau_i);
        }
        return out;
    }

private:
    double syn(double v, double ge, double gi) const {
        return p_.synapse == adex_synapse::conductance ? ge * (p_.e_e - v) + gi * (p_.e_i - v) : ge + gi;
    }
    double dv(double t, double v, double w, double t0, double ge0, double gi0) const {
        const double ge = ge0 * std::exp(-(t - t0) / p_.tau_e), gi = gi0 * std::exp(-(t - t0) / p_.tau_i);
        return (-p_.g_l * (v - p_.e_l) + p_.g_l * p_.delta_t * std::exp((v - p_.v_t) / p_.delta_t) - w +
                syn(v, ge, gi) + p_.i_e) / p_.c_m;
    }
    double dw(double v, double w) const { return (p_.a * (v - p_.e_l) - w) / p_.tau_w; }

    // One step from t (within the grid step [t0, t1)); returns the new time.
    double advance(double t, double t0, double t1, double ge0, double gi0, double dt_max,
                   std::vector<double>& spikes) {
        if (t < held_until_) {  // refractory: V = V_r, w relaxes towards a (V_r - E_L) exactly
            const double dt = std::min(held_until_, t1) - t, target = p_.a * (p_.v_r - p_.e_l);
            w_ = target + (w_ - target) * std::exp(-dt / p_.tau_w);
            return t + dt;
        }
        const double k1v = dv(t, v_, w_, t0, ge0, gi0), k1w = dw(v_, w_);
        const double dt = std::min({dt_max, t1 - t, p_.delta_t / 50.0 / std::abs(k1v)});
        const double k2v = dv(t + dt / 2, v_ + dt / 2 * k1v, w_ + dt / 2 * k1w, t0, ge0, gi0);
        const double k2w = dw(v_ + dt / 2 * k1v, w_ + dt / 2 * k1w);
        const double k3v = dv(t + dt / 2, v_ + dt / 2 * k2v, w_ + dt / 2 * k2w, t0, ge0, gi0);
        const double k3w = dw(v_ + dt / 2 * k2v, w_ + dt / 2 * k2w);
        const double k4v = dv(t + dt, v_ + dt * k3v, w_ + dt * k3w, t0, ge0, gi0);
        const double k4w = dw(v_ + dt * k3v, w_ + dt * k3w);
        v_ += dt / 6 * (k1v + 2 * k2v + 2 * k3v + k4v);
        w_ += dt / 6 * (k1w + 2 * k2w + 2 * k3w + k4w);
        if (v_ >= p_.v_peak) {
            spikes.push_back(t + dt);
            v_ = p_.v_r;
            w_ += p_.b;
            // The model's definition of a refractory period (the header): it starts at the end
            // of the substep h_s that holds the crossing.
            const double h_s = h / p_.substeps;
            if (p_.t_ref > 0) held_until_ = std::ceil((t + dt) / h_s) * h_s + p_.t_ref;
        }
        return t + dt;
    }

    adex_params p_;
    double v_, w_;
    double held_until_ = -1.0;
};

std::vector<double> isis(const std::vector<double>& spikes) {
    std::vector<double> d;
    for (std::size_t i = 1; i < spikes.size(); ++i) d.push_back(spikes[i] - spikes[i - 1]);
    return d;
}


// The number of leading spikes that the model stamps in the grid step holding the reference's
// crossing: (k + 1) h - h - tol <= t_ref <= (k + 1) h + tol.
std::size_t matching_spikes(const trace& model, const trace& ref, double tol) {
    std::size_t j = 0;
    while (j < model.spikes.size() && j < ref.spikes.size() && ref.spikes[j] >= model.spikes[j] - h - tol &&
           ref.spikes[j] <= model.spikes[j] + tol)
        ++j;
    return j;
}

// Random input spikes: before each step an excitatory increment with probability p_e and an
// inhibitory one with probability p_i (a fixed std::mt19937_64 seed: the same inputs every run).
inputs random_inputs(std::size_t n, double p_e, double w_e, double p_i, double w_i) {
    std::mt19937_64 gen(20260512);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    inputs in(n);
    for (std::size_t k = 0; k < n; ++k) {
        if (u(gen) < p_e) in.de[k] = w_e;
        if (u(gen) < p_i) in.di[k] = w_i;
    }
    return in;
}

struct trace_error {
    double v = 0.0, w = 0.0;
};

// The largest differences on the grid; V only where the reference is below V_T: on the upstroke
// V changes by hundreds of mV/ms, and there the spike times are the measure.
trace_error max_error(const trace& model, const trace& ref, double v_t) {
    trace_error e;
    for (std::size_t k = 0; k < model.v.size(); ++k) {
        if (ref.v[k] < v_t) e.v = std::max(e.v, std::abs(model.v[k] - ref.v[k]));
        e.w = std::max(e.w, std::abs(model.w[k] - ref.w[k]));
    }
    return e;
}

// The model at 1 and 4 substeps against the reference at h/1000: the same spikes in the same
// steps, and V, w at every grid time within tol_v, tol_w.
void expect_follows_reference(adex_params p, const inputs& in, double tol_v, double tol_w) {
    const auto ref = reference(p, p.e_l, 0.0).run(in, h / 1000);  // t_ref = 0: no substep in it
    for (const std::int32_t substeps : {1, 4}) {
        p.substeps = substeps;
        const auto model = run_model(p, in, p.e_l, 0.0);
        ASSERT_GE(ref.spikes.size(), 10u) << "the drive must make the neuron fire";
        EXPECT_EQ(model.spikes.size(), ref.spikes.size()) << substeps;
        EXPECT_EQ(matching_spikes(model, ref, 1e-6), ref.spikes.size()) << substeps;
        const trace_error e = max_error(model, ref, p.v_t);
        EXPECT_LT(e.v, tol_v) << "substeps " << substeps;
        EXPECT_LT(e.w, tol_w) << "substeps " << substeps;
        std::printf("substeps %d: %zu spikes, max |dV| %.2e mV, max |dw| %.2e pA\n", substeps,
                    ref.spikes.size(), e.v, e.w);
    }
}

}  // namespace

// One neuron with Brette & Gerstner's (2005) parameters (the defaults) driven by I_e and random
// input spikes for 1 s.
TEST(adex_neuron, conductance_synapses_follow_the_fine_reference) {
    adex_params p;  // E_e = 0, E_i = -80 mV, tau_e = 5, tau_i = 10 ms
    p.i_e = 700.0;
    expect_follows_reference(p, random_inputs(10000, 0.05, 3.0, 0.02, 6.0), 1e-4, 1e-4);
}

TEST(adex_neuron, current_synapses_follow_the_fine_reference) {
    adex_params p;
    p.synapse = adex_synapse::current;
    p.i_e = 700.0;
    expect_follows_reference(p, random_inputs(10000, 0.05, 150.0, 0.02, -200.0), 1e-4, 1e-4);
}

TEST(adex_neuron, refractory_period_holds_v_at_reset) {
    adex_params p;
    p.i_e = 1200.0;
    p.t_ref = 2.0;
    const inputs in = random_inputs(10000, 0.05, 3.0, 0.02, 6.0);
    for (const std::int32_t substeps : {1, 4}) {
        p.substeps = substeps;
        const auto ref = reference(p, p.e_l, 0.0).run(in, h / 1000);
        const auto model = run_model(p, in, p.e_l, 0.0);
        ASSERT_GE(ref.spikes.size(), 20u);
        EXPECT_EQ(model.spikes.size(), ref.spikes.size()) << substeps;
        EXPECT_EQ(matching_spikes(model, ref, 1e-6), ref.spikes.size()) << substeps;
        const trace_error e = max_error(model, ref, p.v_t);
        EXPECT_LT(e.v, 1e-4) << substeps;
        EXPECT_LT(e.w, 1e-4) << substeps;
        std::printf("t_ref 2 ms, substeps %d: %zu spikes, max |dV| %.2e mV, max |dw| %.2e pA\n", substeps,
                    ref.spikes.size(), e.v, e.w);
        // V sits at V_r at the end of the step after each spike's step (t_ref = 2 ms > 2 h).
        for (const double t : model.spikes) {
            const auto k = static_cast<std::size_t>(std::llround(t / h));  // the step after
            if (k < model.v.size()) {
                EXPECT_EQ(model.v[k], p.v_r) << t;
            }
        }
    }
}

namespace {

// Naud, Marcille, Clopath & Gerstner (2008), Biol Cybern 99:335, Table 1 (the parameter sets of
// their Fig. 4): C [pF], g_L [nS], E_L, V_T, Delta_T [mV], a [nS], tau_w [ms], b [pA], V_r [mV]
// and the step current I [pA]. Ours: V_peak = 0 mV, t_ref = 0, V(0) = E_L, w(0) = 0, I on from 0.
struct naud_set {
    const char* pattern;
    double c_m, g_l, e_l, v_t, delta_t, a, tau_w, b, v_r, i;
};
constexpr naud_set tonic{"tonic spiking", 200, 10, -70, -50, 2, 2, 30, 0, -58, 500};
constexpr naud_set adapting{"adaptation", 200, 12, -70, -50, 2, 2, 300, 60, -58, 500};
constexpr naud_set initial_burst{"initial burst", 130, 18, -58, -50, 2, 4, 150, 120, -50, 400};
constexpr naud_set regular_bursting{"regular bursting", 200, 10, -58, -50, 2, 2, 120, 100, -46, 210};
constexpr naud_set delayed_accelerating{"delayed accelerating", 200, 12, -70, -50, 2, -10, 300, 0, -58, 300};
constexpr naud_set delayed_bursting{"delayed regular bursting", 100, 10, -65, -50, 2, -10, 90, 30, -47, 110};
constexpr naud_set transient{"transient spiking", 100, 10, -65, -50, 2, 10, 90, 100, -47, 180};
constexpr naud_set irregular{"irregular spiking", 100, 12, -60, -50, 2, -11, 130, 30, -48, 160};

adex_params naud_params(const naud_set& s) {
    adex_params p;
    p.c_m = s.c_m;
    p.g_l = s.g_l;
    p.e_l = s.e_l;
    p.v_t = s.v_t;
    p.delta_t = s.delta_t;
    p.a = s.a;
    p.tau_w = s.tau_w;
    p.b = s.b;
    p.v_r = s.v_r;
    p.i_e = s.i;
    p.v_peak = 0.0;
    return p;
}

// 1 s of the set with the default substeps; expects the model's spikes in the steps of the
// reference's (h/100) for the first `must_match` spikes (all when 0) and returns the model's.
trace naud_run(const naud_set& s, std::size_t must_match = 0) {
    const adex_params p = naud_params(s);
    const inputs none(10000);
    const trace ref = reference(p, p.e_l, 0.0).run(none, h / 100);
    trace model = run_model(p, none, p.e_l, 0.0);
    if (must_match == 0) {
        EXPECT_EQ(model.spikes.size(), ref.spikes.size()) << s.pattern;
        must_match = ref.spikes.size();
    }
    EXPECT_GE(matching_spikes(model, ref, 1e-6), must_match) << s.pattern;
    std::printf("%s: %zu spikes, first at %.1f ms; ISIs [ms]:", s.pattern, model.spikes.size(),
                model.spikes.empty() ? -1.0 : model.spikes[0]);
    for (const double d : isis(model.spikes)) std::printf(" %.1f", d);
    std::printf("\n");
    return model;
}

// The model's ISIs are differences of grid stamps: exact to within one step either way.
constexpr double isi_tol = 2 * h;

// Bursts: the ISIs longer than `long_isi` separate bursts; the number of spikes of each burst
// after the first.
std::vector<int> burst_sizes(const std::vector<double>& d, double long_isi) {
    std::vector<int> sizes;
    int n = 1;
    bool after_first = false;
    for (const double x : d) {
        if (x > long_isi) {
            if (after_first) sizes.push_back(n);
            after_first = true;
            n = 1;
        } else {
            ++n;
        }
    }
    return sizes;
}

// Regular bursting: at least four bursts after the first, all of the same size >= 2.
void expect_regular_bursts(const std::vector<double>& d, double long_isi) {
    const auto sizes = burst_sizes(d, long_isi);
    ASSERT_GE(sizes.size(), 4u) << "bursts that repeat";
    for (const int n : sizes) EXPECT_EQ(n, sizes.back());
    EXPECT_GE(sizes.back(), 2);
}

}  // namespace

TEST(adex_neuron, naud_tonic_spiking_is_regular_from_the_start) {
    const auto d = isis(naud_run(tonic).spikes);
    ASSERT_GE(d.size(), 50u);
    const double last = d.back();
    for (std::size_t i = 10; i < d.size(); ++i) EXPECT_NEAR(d[i], last, isi_tol) << i;
    EXPECT_GT(d[0], 0.85 * last) << "no initial burst, no marked adaptation";
}

TEST(adex_neuron, naud_adaptation_lengthens_every_isi) {
    const auto d = isis(naud_run(adapting).spikes);
    ASSERT_GE(d.size(), 10u);
    for (std::size_t i = 1; i < d.size(); ++i) EXPECT_GE(d[i], d[i - 1] - isi_tol) << i;
    EXPECT_GT(d.back(), 3.0 * d[0]);
    EXPECT_NEAR(d[d.size() - 2], d.back(), isi_tol) << "adapts to a steady rate";
}

TEST(adex_neuron, naud_initial_burst_then_tonic) {
    const auto d = isis(naud_run(initial_burst).spikes);
    ASSERT_GE(d.size(), 8u);
    const double last = d.back();
    EXPECT_LT(d[0], last / 5);  // the burst: two short ISIs
    EXPECT_LT(d[1], last / 5);
    for (std::size_t i = 3; i < d.size(); ++i) EXPECT_NEAR(d[i], last, 0.05 * last) << i;
}

TEST(adex_neuron, naud_regular_bursting_alternates_short_and_long_isis) {
    const auto d = isis(naud_run(regular_bursting).spikes);
    ASSERT_GE(d.size(), 10u);
    expect_regular_bursts(d, 10 * *std::min_element(d.begin(), d.end()));
}

TEST(adex_neuron, naud_delayed_accelerating_starts_late_and_speeds_up) {
    const auto s = naud_run(delayed_accelerating).spikes;
    const auto d = isis(s);
    ASSERT_GE(d.size(), 10u);
    EXPECT_GT(s[0], 3 * d.back()) << "the delay";
    for (std::size_t i = 1; i < d.size(); ++i) EXPECT_LE(d[i], d[i - 1] + isi_tol) << i;
    EXPECT_LT(d.back(), 0.6 * d[0]);
}

TEST(adex_neuron, naud_delayed_regular_bursting) {
    const auto s = naud_run(delayed_bursting).spikes;
    const auto d = isis(s);
    ASSERT_GE(d.size(), 10u);
    const double long_isi = 10 * *std::min_element(d.begin(), d.end());
    EXPECT_GT(s[0], long_isi) << "the delay";
    expect_regular_bursts(d, long_isi);
}

TEST(adex_neuron, naud_transient_spiking_stops) {
    const auto s = naud_run(transient).spikes;
    ASSERT_GE(s.size(), 1u);
    EXPECT_LE(s.size(), 3u);
    EXPECT_LT(s.back(), 100.0) << "silent under the sustained current";
}

TEST(adex_neuron, naud_irregular_spiking_never_settles) {
    // Chaotic: the model and the reference part after some spikes, so only the first 10 are
    // compared; the pattern is that no cycle of up to 10 ISIs repeats to 2 % in the last 30.
    const auto d = isis(naud_run(irregular, 10).spikes);
    ASSERT_GE(d.size(), 40u);
    for (std::size_t period = 1; period <= 10; ++period) {
        bool repeats = true;
        for (std::size_t i = d.size() - 30; i < d.size() && repeats; ++i)
            repeats = std::abs(d[i] - d[i - period]) <= 0.02 * d[i];
        EXPECT_FALSE(repeats) << "period " << period;
    }
}

namespace {

// n neurons with drawn initial states (the streams of rng_purpose::initial_state, keyed by index).
struct population {
    std::vector<double> v, w, ge, gi;
    std::vector<std::int32_t> r;
    population(const adex_params& p, std::size_t n) : v(n), w(n), ge(n), gi(n), r(n, 0) {
        for (std::size_t i = 0; i < n; ++i) {
            rng_stream rng(7, rng_purpose::initial_state, i);
            adex_neuron::draw_initial(p, rng, v[i], w[i], ge[i], gi[i]);
        }
    }
};

adex_params drawn_params(adex_synapse syn) {
    adex_params p;
    p.synapse = syn;
    p.i_e = 800.0;
    p.t_ref = 0.5;
    p.v_init = {-60.0, 4.0};
    p.w_init = {50.0, 20.0};
    p.g_e_init = {10.0, 3.0};
    p.g_i_init = {syn == adex_synapse::current ? -10.0 : 10.0, 3.0};
    return p;
}

template <typename T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

}  // namespace

TEST(adex_neuron, range_splits_give_the_same_bits) {
    for (const adex_synapse syn : {adex_synapse::conductance, adex_synapse::current}) {
        const adex_params p = drawn_params(syn);
        const auto c = adex_constants::make(p, h);
        constexpr std::size_t n = 37, split = 13;
        population whole(p, n), parts(p, n);
        std::vector<std::size_t> s_whole, s_parts;
        std::size_t spikes = 0;
        for (int k = 0; k < 3000; ++k) {
            s_whole.clear();
            s_parts.clear();
            adex_step(c, {whole.v, whole.w, whole.ge, whole.gi, whole.r}, 0, n, s_whole);
            adex_step(c, {parts.v, parts.w, parts.ge, parts.gi, parts.r}, 0, split, s_parts);
            adex_step(c, {parts.v, parts.w, parts.ge, parts.gi, parts.r}, split, n, s_parts);
            ASSERT_EQ(s_whole, s_parts) << k;
            ASSERT_TRUE(std::is_sorted(s_whole.begin(), s_whole.end()));
            spikes += s_whole.size();
        }
        EXPECT_GT(spikes, n) << "the neurons fire";
        EXPECT_TRUE(same_bits(whole.v, parts.v));
        EXPECT_TRUE(same_bits(whole.w, parts.w));
        EXPECT_TRUE(same_bits(whole.ge, parts.ge));
        EXPECT_TRUE(same_bits(whole.gi, parts.gi));
        EXPECT_TRUE(same_bits(whole.r, parts.r));
    }
}

TEST(adex_neuron, initial_state_draw_has_the_stated_moments) {
    const adex_params p = drawn_params(adex_synapse::conductance);
    constexpr std::size_t n = 20000;
    const population pop(p, n);
    const std::pair<const std::vector<double>*, normal_init> vars[] = {
        {&pop.v, p.v_init}, {&pop.w, p.w_init}, {&pop.ge, p.g_e_init}, {&pop.gi, p.g_i_init}};
    for (const auto& [x, init] : vars) {
        double m = 0, q = 0;
        for (const double y : *x) m += y;
        m /= n;
        for (const double y : *x) q += (y - m) * (y - m);
        const double sd = std::sqrt(q / (n - 1));
        // Five standard errors: sd / sqrt(n) for the mean, about sd / sqrt(2 n) for the sd.
        EXPECT_NEAR(m, init.mean, 5 * init.sd / std::sqrt(double(n)));
        EXPECT_NEAR(sd, init.sd, 5 * init.sd / std::sqrt(2.0 * n));
    }
}

TEST(adex_neuron, policy_names_and_bytes) {
    ASSERT_EQ(adex_neuron::state_names.size(), 5u);
    EXPECT_EQ(adex_neuron::state_names[0], "v");
    EXPECT_EQ(adex_neuron::state_names[1], "w");
    EXPECT_EQ(adex_neuron::state_names[4], "r");
    EXPECT_EQ(adex_neuron::bytes_per_neuron, 36u);  // v, w, g_e, g_i (8 B each) and r (4 B)
    EXPECT_EQ(to_string(adex_synapse::conductance), "conductance");
    EXPECT_EQ(to_string(adex_synapse::current), "current");
}

TEST(adex_neuron, validation_names_the_field) {
    auto rejects = [](const std::string& field, auto change) {
        adex_params p;
        change(p);
        try {
            validate_adex(p, "populations[1].");
            ADD_FAILURE() << field << " accepted";
        } catch (const config_error& e) {
            EXPECT_NE(std::string(e.what()).find("'populations[1]." + field + "'"), std::string::npos) << e.what();
            EXPECT_EQ(e.exit_code(), 2);
        }
    };
    EXPECT_NO_THROW(validate_adex(adex_params{}, ""));
    rejects("c_m", [](adex_params& p) { p.c_m = 0; });
    rejects("g_l", [](adex_params& p) { p.g_l = -1; });
    rejects("delta_t", [](adex_params& p) { p.delta_t = 0; });
    rejects("tau_w", [](adex_params& p) { p.tau_w = 0; });
    rejects("tau_e", [](adex_params& p) { p.tau_e = -5; });
    rejects("a", [](adex_params& p) { p.a = std::nan(""); });
    rejects("v_peak", [](adex_params& p) { p.v_peak = p.v_t - 1; });
    rejects("v_peak", [](adex_params& p) { p.v_peak = p.v_t + 501 * p.delta_t; });
    rejects("v_r", [](adex_params& p) { p.v_r = p.v_peak; });
    rejects("t_ref", [](adex_params& p) { p.t_ref = -0.1; });
    rejects("substeps", [](adex_params& p) { p.substeps = 0; });
    rejects("w_init.sd", [](adex_params& p) { p.w_init.sd = -1; });
    rejects("e_e", [](adex_params& p) { p.e_e = p.v_t - 1; });
    rejects("e_i", [](adex_params& p) { p.e_i = p.v_t + 1; });
    adex_params current;  // current synapses use no reversal potentials
    current.synapse = adex_synapse::current;
    current.e_i = 0.0;
    EXPECT_NO_THROW(validate_adex(current, ""));
}
