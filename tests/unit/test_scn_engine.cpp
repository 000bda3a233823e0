// SPDX-License-Identifier: BSD-3-Clause
// The SCN engine on one process against docs/models.md §2.4: the exact voltage / projected-error
// identity (A8 a), the analytic single-neuron rate on the grid (A8 b), the spiking rules, the
// integrator and rotation dynamics of §2.4.3, knock-out (random vs half-plane), the error's
// scaling with the threshold and irregular firing with voltage noise. Expected values come from
// closed forms and from quantities the test recomputes itself (target, r from the spikes).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include <balnet/core/error.hpp>
#include <balnet/spiking/scn_decoder.hpp>
#include <balnet/spiking/scn_engine.hpp>

#include "scn_cases.hpp"

using namespace balnet;
using namespace balnet::test;

namespace {

scn_engine serial(const scn_params& p) { return scn_engine(p, partition(p.n, 1, 0)); }

std::vector<std::uint64_t> counts_in(const std::vector<spike>& s, std::uint64_t n, step_type k0, step_type k1) {
    std::vector<std::uint64_t> c(n, 0);
    for (const auto& sp : s)
        if (sp.step >= k0 && sp.step < k1) ++c[sp.gid];
    return c;
}

double mean_rate_hz(const std::vector<spike>& s, std::uint64_t n, step_type k0, step_type k1, double h) {
    std::uint64_t total = 0;
    for (auto c : counts_in(s, n, k0, k1)) total += c;
    return static_cast<double>(total) / (static_cast<double>(n) * static_cast<double>(k1 - k0) * h * 1e-3);
}

// Mean CV of the ISIs of neurons with >= 5 ISIs in [k0, k1) (docs/models.md §2.5 item 5.2), directly.
double mean_cv(const std::vector<spike>& s, std::uint64_t n, step_type k0, step_type k1) {
    std::vector<std::vector<double>> t(n);
    for (const auto& sp : s)
        if (sp.step >= k0 && sp.step < k1) t[sp.gid].push_back(static_cast<double>(sp.step));
    double sum = 0;
    int count = 0;
    for (auto& ti : t) {
        if (ti.size() < 6) continue;
        std::vector<double> isi;
        for (std::size_t k = 1; k < ti.size(); ++k) isi.push_back(ti[k] - ti[k - 1]);
        double m = 0, v = 0;
        for (double x : isi) m += x / static_cast<double>(isi.size());
        for (double x : isi) v += (x - m) * (x - m) / static_cast<double>(isi.size());
        sum += std::sqrt(v) / m;
        ++count;
    }
    return count ? sum / count : std::nan("");
}

}  // namespace

// A8 (a): with A = -lambda I and sigma_V = 0, V_k = D^T (x~_k - D r_k) - mu r_k at every step,
// with x~ integrated by the test from the directly computed command and r from the spikes.
TEST(ScnEngine, VoltageEqualsProjectedReadoutError) {
    const scn_params p = scn_2d_circle(50);
    auto eng = serial(p);
    const double h = p.dt, a = std::exp(-p.lambda * h), b = (1 - a) / p.lambda;
    std::vector<double> x = {1.0, 0.0}, r(p.n, 0.0);
    std::size_t seen = 0;
    double worst = 0.0;
    step_type k = 0;
    eng.set_step_probe([&](const scn_engine& e) {
        const auto c = circle_command_direct(static_cast<double>(k) * h);
        for (int m = 0; m < 2; ++m) x[m] = a * x[m] + b * c[m];
        for (auto& ri : r) ri *= a;
        const auto& s = e.spikes();
        for (; seen < s.size(); ++seen) r[s[seen].gid] += 1.0;
        ++k;
        std::vector<double> xhat(2, 0.0);
        for (gid_type j = 0; j < p.n; ++j)
            for (int m = 0; m < 2; ++m) xhat[m] += e.column(j)[m] * r[j];
        for (gid_type i = 0; i < p.n; ++i) {
            double proj = -p.mu * r[i];
            for (int m = 0; m < 2; ++m) proj += e.column(i)[m] * (x[m] - xhat[m]);
            worst = std::max(worst, std::fabs(e.v()[i] - proj));
        }
    });
    eng.advance(p.steps(1000));
    EXPECT_EQ(k, 10000);
    EXPECT_GT(seen, 500u);  // the identity is exercised by many spikes
    EXPECT_LE(worst, 1e-12);
    // and the engine's incremental x^ is D r
    std::vector<double> xhat(2, 0.0);
    for (gid_type j = 0; j < p.n; ++j)
        for (int m = 0; m < 2; ++m) xhat[m] += eng.column(j)[m] * r[j];
    EXPECT_NEAR(eng.readout()[0], xhat[0], 1e-12);
    EXPECT_NEAR(eng.readout()[1], xhat[1], 1e-12);
}

namespace {

// docs/models.md §2.4.4: one neuron, D = gamma along x, constant x = x0 (c = lambda x0).
scn_params single_neuron(double h, bool regular) {
    scn_params p;
    p.n = 1;
    p.dt = h;
    if (regular) {  // the regular decoder of N = 1 points along -x_1
        p.dim = 2;
        p.decoder = scn_decoder_kind::regular;
        p.x0 = {-0.1, 0.0};
    } else {
        p.dim = 1;
        p.decoder = scn_decoder_kind::given;
        p.decoder_matrix = {0.1};
        p.x0 = {0.1};
    }
    p.command = {scn_hold_command(p.dynamics(), p.x0)};
    return p;
}

double single_neuron_rate(double h, bool regular) {
    const auto p = single_neuron(h, regular);
    auto eng = serial(p);
    eng.advance(p.steps(2000));
    return mean_rate_hz(eng.take_spikes(), 1, p.steps(200), p.steps(2000), h);
}

double analytic_rate_hz() {  // nu_1 = lambda / ln((r* + 1) / r*), docs/models.md §2.4.4
    const double gamma = 0.1, mu = 1e-3, nu = 0.0, x0 = 0.1, lambda = 0.05;
    const double rstar = gamma * x0 / (gamma * gamma + mu) - 0.5 - nu / (2 * (gamma * gamma + mu));
    return 1e3 * lambda / std::log((rstar + 1) / rstar);
}

}  // namespace

// The period on the grid: the neuron fires when r < r*, so the limit cycle r -> (r + 1) a^n has
// the smallest n with a^n / (1 - a^n) < r* (248 steps at h = 0.1 ms, docs/models.md §2.4.4); what
// the reference measures is the count, 72 spikes in the 1.8 s window, i.e. 40.00 Hz.
namespace {
step_type grid_period(double h) {
    const double a = std::exp(-0.05 * h), rstar = 0.01 / 0.011 - 0.5;
    step_type n = 1;
    while (!(std::pow(a, static_cast<double>(n)) / (1 - std::pow(a, static_cast<double>(n))) < rstar)) ++n;
    return n;
}
}  // namespace

// A8 (b): exactly 40.00 Hz on the 0.1 ms grid, within 0.5 % of 40.43 Hz at 0.01 ms.
TEST(ScnEngine, SingleNeuronRateOnTheGrid) {
    EXPECT_NEAR(analytic_rate_hz(), 40.43, 0.005);
    EXPECT_DOUBLE_EQ(single_neuron_rate(0.1, false), 40.0);
    EXPECT_DOUBLE_EQ(single_neuron_rate(0.1, true), 40.0);
    const double fine = single_neuron_rate(0.01, false);
    EXPECT_LE(std::fabs(fine / analytic_rate_hz() - 1), 0.005) << fine;
    // the period itself: 250 steps between consecutive spikes after the first
    const auto p = single_neuron(0.1, false);
    auto eng = serial(p);
    eng.advance(p.steps(2000));
    const auto s = eng.take_spikes();
    ASSERT_GT(s.size(), 10u);
    EXPECT_EQ(grid_period(0.1), 248);
    for (std::size_t k = 2; k < s.size(); ++k) EXPECT_EQ(s[k].step - s[k - 1].step, grid_period(0.1));
}

TEST(ScnEngine, DecoderColumnsHaveNormGammaAndDependOnGidOnly) {
    auto p = scn_2d_circle(50, 7);
    const auto d50 = scn_decoder(p);
    p.n = 80;
    const auto d80 = scn_decoder(p);
    for (std::size_t i = 0; i < 100; ++i) EXPECT_EQ(d50[i], d80[i]);
    for (gid_type i = 0; i < 80; ++i)
        EXPECT_NEAR(std::hypot(d80[2 * i], d80[2 * i + 1]), 0.1, 1e-15);
    p.seed = 8;
    EXPECT_NE(scn_decoder(p)[0], d80[0]);
    p.decoder = scn_decoder_kind::regular;
    const auto reg = scn_decoder(p);
    const double angle = 2 * std::numbers::pi * (3 + 0.5) / 80;
    EXPECT_NEAR(reg[6], 0.1 * std::cos(angle), 1e-16);
    EXPECT_NEAR(reg[7], 0.1 * std::sin(angle), 1e-16);
}

TEST(ScnEngine, GreedyRuleSpikesAtMostSmaxPerStepAndEndsBelowThreshold) {
    auto p = scn_2d_circle(50);
    {
        auto eng = serial(p);  // S_max = 1
        eng.advance(2000);
        const auto s = eng.take_spikes();
        for (std::size_t k = 1; k < s.size(); ++k) EXPECT_NE(s[k].step, s[k - 1].step);
    }
    p.max_spikes_per_step = 0;  // until no live neuron is above threshold
    auto eng = serial(p);
    bool below = true;
    std::size_t max_per_step = 0;
    eng.set_step_probe([&](const scn_engine& e) {
        max_per_step = std::max(max_per_step, e.last_spikes().size());
        for (std::size_t i = 0; i < e.v().size(); ++i) below = below && e.v()[i] <= e.thresholds()[i];
    });
    eng.advance(2000);
    EXPECT_TRUE(below);
    EXPECT_GT(max_per_step, 1u);  // the start (V = D^T x0) needs several spikes at once
}

TEST(ScnEngine, AllAboveRuleFiresEveryNeuronAboveThreshold) {
    auto p = scn_2d_circle(50);
    p.rule = scn_spike_rule::all_above;
    auto eng = serial(p);
    // V before the first step's spikes: a V0 + b D^T c(0), recomputed here.
    const double a = std::exp(-p.lambda * p.dt), b = (1 - a) / p.lambda;
    const auto c = circle_command_direct(0.0);
    std::vector<gid_type> expected;
    for (gid_type i = 0; i < p.n; ++i) {
        const auto d = eng.column(i);
        const double v = a * d[0] + b * (d[0] * c[0] + d[1] * c[1]);
        if (v > (0.01 + p.mu) / 2) expected.push_back(i);
    }
    eng.advance(1);
    const auto got = eng.last_spikes();
    ASSERT_GT(expected.size(), 5u);
    EXPECT_EQ(std::vector<gid_type>(got.begin(), got.end()), expected);
}

// §2.4.3 integrator: A = 0, mu = 0; pulses move x to (1, 0), then to (0, 1). The projected
// error is bounded by the threshold, |D_i^T e| <= gamma^2 / 2, so |e| <= gamma / 2 / cos(half the
// largest angular gap between decoders): 0.1 = gamma covers gaps up to 120 degrees.
TEST(ScnEngine, IntegratorTracksItsTarget) {
    scn_params p = scn_2d_circle(50);
    p.a = {0, 0, 0, 0};
    p.mu = 0;
    p.x0 = {0, 0};
    scn_command_term up, turn;
    up.amplitude = {0.01, 0};
    up.t_on = 100;
    up.t_off = 200;
    turn.amplitude = {-0.01, 0.01};
    turn.t_on = 500;
    turn.t_off = 600;
    p.command = {up, turn};
    auto eng = serial(p);
    const auto t = run_scn(eng, p.steps(1000));
    auto at = [&](double ms) { return static_cast<std::size_t>(p.steps(ms) - 1); };
    EXPECT_NEAR(t.x[at(400)][0], 1.0, 1e-12);  // target: 100 ms x 0.01 / ms, held exactly
    EXPECT_NEAR(t.x[at(999)][1], 1.0, 1e-12);
    EXPECT_NEAR(t.x[at(999)][0], 0.0, 1e-12);
    for (double ms : {300.0, 450.0}) {
        EXPECT_NEAR(t.xhat[at(ms)][0], 1.0, 0.1) << ms;
        EXPECT_NEAR(t.xhat[at(ms)][1], 0.0, 0.1) << ms;
    }
    for (double ms : {800.0, 999.0}) {
        EXPECT_NEAR(t.xhat[at(ms)][0], 0.0, 0.1) << ms;
        EXPECT_NEAR(t.xhat[at(ms)][1], 1.0, 0.1) << ms;
    }
    EXPECT_LT(naive_nrmse(t, p.steps(250), p.steps(1000)), 0.08);
}

// §2.4.3 rotation: A = [[0, -w], [w, 0]], a kick c = (0.02, 0) on [0, 50) ms, then free rotation.
TEST(ScnEngine, RotationTracksItsTarget) {
    const double w = 2 * std::numbers::pi * 2e-3;
    scn_params p = scn_2d_circle(50);
    p.a = {0, -w, w, 0};
    p.mu = 0;
    p.x0 = {0, 0};
    scn_command_term kick;
    kick.amplitude = {0.02, 0};
    kick.t_off = 50;
    p.command = {kick};
    auto eng = serial(p);
    const auto t = run_scn(eng, p.steps(1000));
    // x(50) = int_0^50 R(50 - s) (0.02, 0) ds; afterwards x(t) = R(t - 50) x(50), closed form.
    const double x50 = 0.02 * std::sin(w * 50) / w, y50 = 0.02 * (1 - std::cos(w * 50)) / w;
    for (double ms : {200.0, 437.5, 999.0}) {
        const double th = w * (ms - 50);
        const auto& x = t.x[static_cast<std::size_t>(p.steps(ms) - 1)];
        EXPECT_NEAR(x[0], std::cos(th) * x50 - std::sin(th) * y50, 1e-9);
        EXPECT_NEAR(x[1], std::sin(th) * x50 + std::cos(th) * y50, 1e-9);
    }
    EXPECT_LT(naive_nrmse(t, p.steps(100), p.steps(1000)), 0.08);
}

namespace {

// Read-out error after a knock-out at 500 ms (the first 50 ms after it not scored), split by
// the sign of x~_2: {NRMSE pre, NRMSE post, RMSE post where x~_2 > 0.5, where x~_2 < -0.5}.
std::vector<double> knockout_errors(scn_knockout_kind kind) {
    scn_params p = scn_2d_circle(100, 3);
    p.knockout.kind = kind;
    p.knockout.time = 500;
    auto eng = serial(p);
    const auto t = run_scn(eng, p.steps(1000));
    double up = 0, down = 0;
    int n_up = 0, n_down = 0;
    for (step_type k = p.steps(550); k < p.steps(1000); ++k) {
        const auto& x = t.x[static_cast<std::size_t>(k - 1)];
        const auto& y = t.xhat[static_cast<std::size_t>(k - 1)];
        const double e = (x[0] - y[0]) * (x[0] - y[0]) + (x[1] - y[1]) * (x[1] - y[1]);
        if (x[1] > 0.5) { up += e; ++n_up; }
        if (x[1] < -0.5) { down += e; ++n_down; }
    }
    // knocked-out neurons never spike after t_ko
    for (const auto& s : t.spikes)
        if (s.step > p.steps(500)) {
            EXPECT_FALSE(eng.knocked_out(s.gid));
        }
    return {naive_nrmse(t, p.steps(100), p.steps(500)), naive_nrmse(t, p.steps(550), p.steps(1000)),
            std::sqrt(up / n_up), std::sqrt(down / n_down)};
}

}  // namespace

TEST(ScnEngine, RandomKnockoutDegradesGracefullyHalfPlaneFails) {
    const auto random = knockout_errors(scn_knockout_kind::random);
    const auto half = knockout_errors(scn_knockout_kind::half_plane);
    // random half: the survivors compensate, the error grows by less than 60 %
    EXPECT_LT(random[1], 0.06);
    EXPECT_LT(random[1] / random[0], 1.6) << random[0] << " " << random[1];
    // half-plane: x_2 > 0 cannot be represented (error of order the signal), x_2 < 0 still can
    EXPECT_GT(half[2], 0.5);
    EXPECT_LT(half[3], 0.1);
    EXPECT_GT(half[1], 5 * half[0]);
}

TEST(ScnEngine, KnockoutSets) {
    scn_params p = scn_2d_circle(100, 3);
    p.knockout.kind = scn_knockout_kind::random;
    p.knockout.time = 10;
    auto eng = serial(p);
    EXPECT_EQ(eng.n_knocked_out(), 50u);
    p.knockout.kind = scn_knockout_kind::half_plane;
    auto half = serial(p);
    std::uint64_t n = 0;
    for (gid_type g = 0; g < p.n; ++g) {
        EXPECT_EQ(half.knocked_out(g), half.column(g)[1] > 0) << g;
        n += half.column(g)[1] > 0;
    }
    EXPECT_EQ(half.n_knocked_out(), n);
    p.knockout.kind = scn_knockout_kind::list;
    p.knockout.gids = {5, 2, 5};
    auto list = serial(p);
    EXPECT_EQ(list.n_knocked_out(), 2u);
    EXPECT_TRUE(list.knocked_out(2) && list.knocked_out(5) && !list.knocked_out(3));
    list.advance(200);
    EXPECT_EQ(list.v()[2], 0.0);
    EXPECT_EQ(list.v()[5], 0.0);
}

// The coding error is bounded by the thresholds: |D_i^T e| <= T_i / ||D_i|| ~ gamma / 2, so the
// RMSE grows linearly with gamma (thresholds gamma^2 / 2, mu scaled with them): log-slope ~ 1.
TEST(ScnEngine, ErrorScalesWithTheThreshold) {
    std::vector<double> g = {0.05, 0.1, 0.2}, e;
    for (double gamma : g) {
        scn_params p = scn_2d_circle(100, 5);
        p.gamma = gamma;
        p.mu = 0.1 * gamma * gamma;
        auto eng = serial(p);
        const auto t = run_scn(eng, p.steps(1000));
        e.push_back(naive_nrmse(t, p.steps(100), p.steps(1000)));
    }
    const double slope = std::log(e[2] / e[0]) / std::log(g[2] / g[0]);
    EXPECT_GT(slope, 0.8) << e[0] << " " << e[1] << " " << e[2];
    EXPECT_LT(slope, 1.2) << e[0] << " " << e[1] << " " << e[2];
    EXPECT_LT(e[0], e[1]);
    EXPECT_LT(e[1], e[2]);
}

// A9 (deterministic N = 50): NRMSE 0.0370 +- 0.0015, rate 11.72 +- 0.40 Hz; and with voltage
// noise (N = 200, sigma_V = 3e-4): irregular firing, CV 1.02 +- 0.07, NRMSE 0.0380 +- 0.0010.
TEST(ScnEngine, ReferenceCircleA9) {
    const scn_params p = scn_2d_circle(50, 11);
    auto eng = serial(p);
    const auto t = run_scn(eng, p.steps(1000));
    const step_type k0 = p.steps(100), k1 = p.steps(1000);
    EXPECT_NEAR(naive_nrmse(t, k0, k1), 0.0370, 0.0015);
    EXPECT_NEAR(mean_rate_hz(t.spikes, p.n, k0, k1, p.dt), 11.72, 0.40);
    scn_params q = scn_2d_circle(200, 11);
    q.sigma_v = 3e-4;
    auto noisy = serial(q);
    const auto tn = run_scn(noisy, q.steps(1000));
    EXPECT_NEAR(naive_nrmse(tn, k0, k1), 0.0380, 0.0010);
    EXPECT_NEAR(mean_rate_hz(tn.spikes, q.n, k0, k1, q.dt), 13.25, 1.20);
    const double cv_noisy = mean_cv(tn.spikes, q.n, k0, k1);
    EXPECT_NEAR(cv_noisy, 1.02, 0.07);
}

TEST(ScnEngine, SameResultWhateverTheAdvanceSplit) {
    scn_params p = scn_2d_circle(30, 2);
    p.sigma_v = 3e-4;
    auto a = serial(p), b = serial(p);
    a.advance(1000);
    for (int k = 0; k < 10; ++k) b.advance(100);
    EXPECT_EQ(a.take_spikes(), b.take_spikes());
    for (std::size_t i = 0; i < 30; ++i) EXPECT_EQ(a.v()[i], b.v()[i]);
}

// run.trials: restart(k) is a new engine of trial k: the same decoder, another voltage noise.
TEST(ScnEngine, RestartEqualsANewEngineOfThatTrial) {
    scn_params p = scn_2d_circle(30, 2);
    p.sigma_v = 3e-4;
    auto a = serial(p);
    a.advance(600);
    a.take_spikes();
    a.restart(2);
    a.advance(1000);
    p.trial = 2;
    auto b = serial(p);
    b.advance(1000);
    const auto sa = a.take_spikes(), sb = b.take_spikes();
    ASSERT_GT(sb.size(), 10u);
    EXPECT_EQ(sa, sb);
    for (std::size_t i = 0; i < 30; ++i) EXPECT_EQ(a.v()[i], b.v()[i]);
    p.trial = 0;
    auto c = serial(p);
    c.advance(1000);
    EXPECT_NE(c.take_spikes(), sb);
    EXPECT_TRUE(std::equal(c.decoder().begin(), c.decoder().end(), b.decoder().begin()));
}

TEST(ScnEngine, InvalidParametersAreConfigErrors) {
    scn_params p = scn_2d_circle(10);
    p.lambda = 0;
    EXPECT_THROW(serial(p), config_error);
    p = scn_2d_circle(10);
    p.x0 = {1, 2, 3};
    EXPECT_THROW(serial(p), config_error);
    p = scn_2d_circle(10);
    p.decoder = scn_decoder_kind::given;
    p.decoder_matrix = {1, 2};
    EXPECT_THROW(serial(p), config_error);
    p = scn_2d_circle(10);
    p.knockout.kind = scn_knockout_kind::list;
    p.knockout.gids = {10};
    EXPECT_THROW(serial(p), config_error);
    p = scn_2d_circle(10);
    p.command[0].t_off = -1;
    EXPECT_THROW(serial(p), config_error);
}

// Checkpoints: an engine restored from another's state() at step 400 continues exactly as the
// uninterrupted engine (the reference) does: the same spikes, V, r, x~ and x^, bitwise, with
// voltage noise, an OU term in the command (its state is part of the signal's) and a random
// knock-out that becomes active after the restore.
TEST(ScnEngine, RestoredStateContinuesBitwise) {
    scn_params p = scn_2d_circle(60, 8);
    p.sigma_v = 3e-4;
    scn_command_term ou;
    ou.type = scn_command_term::kind::ou;
    ou.amplitude = {0.01, 0.02};
    ou.tau = 10.0;
    p.command.push_back(ou);
    p.knockout.kind = scn_knockout_kind::random;
    p.knockout.time = 60.0;  // step 600
    auto whole = serial(p), first = serial(p), second = serial(p);
    whole.advance(1000);
    first.advance(400);
    EXPECT_THROW((void)first.state(), internal_error);  // spikes not yet taken
    (void)first.take_spikes();
    second.restore(first.state());
    EXPECT_EQ(second.now(), 400);
    second.advance(600);
    std::vector<spike> tail;
    for (const auto& s : whole.take_spikes())
        if (s.step > 400) tail.push_back(s);
    EXPECT_FALSE(tail.empty());
    EXPECT_EQ(second.take_spikes(), tail);
    const auto same = [](std::span<const double> a, std::span<const double> b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end());
    };
    EXPECT_TRUE(same(second.v(), whole.v()));
    EXPECT_TRUE(same(second.r(), whole.r()));
    EXPECT_TRUE(same(second.target(), whole.target()));
    EXPECT_TRUE(same(second.readout(), whole.readout()));
    EXPECT_TRUE(same(second.signal().c(), whole.signal().c()));
    EXPECT_EQ(second.n_knocked_out(), 30u);
}

TEST(ScnEngine, RestoreRefusesAStateOfAnotherShape) {
    const scn_params p = scn_2d_circle(20, 1);
    auto eng = serial(p);
    auto s = eng.state();
    s.v.pop_back();
    EXPECT_THROW(eng.restore(s), internal_error);
    s = eng.state();
    s.signal.ou = {1.0};  // the circle has no OU term
    EXPECT_THROW(eng.restore(s), internal_error);
    s = eng.state();
    s.knocked_out = {3, 2};
    EXPECT_THROW(eng.restore(s), internal_error);
}
