// SPDX-License-Identifier: BSD-3-Clause
// The SCN signal (docs/models.md §2.4.2): the matrix exponential and Phi, Gamma against closed forms
// (rotation, leak), the circle command against the analytic circle, generator windows on the
// grid, and the Ornstein-Uhlenbeck command's stationary statistics and determinism.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include <balnet/spiking/scn_signal.hpp>

using namespace balnet;

TEST(ScnSignal, MatrixExponentialOfARotationGenerator) {
    for (double th : {0.01, 1.0, 7.5}) {  // 7.5 needs scaling and squaring
        const auto e = matrix_exponential(std::vector<double>{0, -th, th, 0}, 2);
        EXPECT_NEAR(e[0], std::cos(th), 1e-13);
        EXPECT_NEAR(e[1], -std::sin(th), 1e-13);
        EXPECT_NEAR(e[2], std::sin(th), 1e-13);
        EXPECT_NEAR(e[3], std::cos(th), 1e-13);
    }
    // a non-normal matrix: expm([[a, 1], [0, a]]) = e^a [[1, 1], [0, 1]]
    const auto j = matrix_exponential(std::vector<double>{-2, 1, 0, -2}, 2);
    EXPECT_NEAR(j[0], std::exp(-2.0), 1e-15);
    EXPECT_NEAR(j[1], std::exp(-2.0), 1e-15);
    EXPECT_EQ(j[2], 0.0);
}

TEST(ScnSignal, PropagatorsOfLeakAndRotation) {
    const double h = 0.1, lambda = 0.05, w = 0.3;
    const auto leak = scn_propagators(std::vector<double>{-lambda, 0, 0, -lambda}, 2, h);
    EXPECT_EQ(leak.phi[0], std::exp(-lambda * h));
    EXPECT_NEAR(leak.gamma[3], (1 - std::exp(-lambda * h)) / lambda, 1e-17);
    EXPECT_EQ(leak.phi[1], 0.0);
    const auto rot = scn_propagators(std::vector<double>{0, -w, w, 0}, 2, h);
    // Gamma = int_0^h R(s) ds
    EXPECT_NEAR(rot.gamma[0], std::sin(w * h) / w, 1e-15);
    EXPECT_NEAR(rot.gamma[1], -(1 - std::cos(w * h)) / w, 1e-15);
    EXPECT_NEAR(rot.gamma[2], (1 - std::cos(w * h)) / w, 1e-15);
    EXPECT_NEAR(rot.phi[2], std::sin(w * h), 1e-15);
    const auto integ = scn_propagators(std::vector<double>{0, 0, 0, 0}, 2, h);
    EXPECT_EQ(integ.phi[0], 1.0);
    EXPECT_EQ(integ.gamma[0], h);
}

TEST(ScnSignal, CircleCommandFollowsTheCircle) {
    for (auto a : {std::vector<double>{-0.05, 0, 0, -0.05}, std::vector<double>{-0.01, -0.02, 0.03, -0.04}}) {
        scn_params p;
        p.a = a;
        p.x0 = {1.0, 0.0};
        p.command = scn_circle_command(p.dynamics(), 2, 1.0, 2.0);
        scn_signal s(p);
        double worst = 0;
        for (int k = 1; k <= 10000; ++k) {
            s.step();
            const double t = k * p.dt, w = 2 * std::numbers::pi * 2e-3;
            worst = std::max(worst, std::hypot(s.x()[0] - std::cos(w * t), s.x()[1] - std::sin(w * t)));
        }
        EXPECT_LT(worst, 2e-3);  // c held over each step: an O(h) lag, no drift
    }
}

TEST(ScnSignal, GeneratorWindowsOnTheGrid) {
    scn_params p;
    p.dim = 1;
    scn_command_term pulse, cosine;
    pulse.amplitude = {2.0};
    pulse.t_on = 1.0;
    pulse.t_off = 2.0;
    cosine.type = scn_command_term::kind::cosine;
    cosine.amplitude = {0.5};
    cosine.phase = {0.25};
    cosine.frequency_hz = 10;
    cosine.t_on = 5.0;
    p.command = {pulse, cosine};
    scn_signal s(p);
    for (int k = 0; k < 100; ++k) {
        double expected = (k >= 10 && k < 20) ? 2.0 : 0.0;
        if (k >= 50) expected += 0.5 * std::cos(2 * std::numbers::pi * 10 * 1e-3 * k * 0.1 + 0.25);
        EXPECT_NEAR(s.c()[0], expected, 1e-15) << k;
        EXPECT_EQ(s.now(), k);
        s.step();
    }
}

TEST(ScnSignal, OrnsteinUhlenbeckStationaryStatistics) {
    scn_params p;
    p.dim = 2;
    p.seed = 4;
    scn_command_term ou;
    ou.type = scn_command_term::kind::ou;
    ou.amplitude = {0.3, 1.0};
    ou.tau = 5.0;  // 50 steps
    p.command = {ou};
    scn_signal s(p), twin(p);
    const int n = 200000, lag = 50;
    std::vector<double> y;
    for (int k = 0; k < n; ++k) {
        y.push_back(s.c()[1]);
        ASSERT_EQ(s.c()[0], twin.c()[0]);
        s.step();
        twin.step();
    }
    double m = 0, v = 0, c = 0;
    for (double x : y) m += x / n;
    for (double x : y) v += (x - m) * (x - m) / n;
    for (int k = 0; k + lag < n; ++k) c += (y[k] - m) * (y[k + lag] - m) / (n - lag);
    EXPECT_NEAR(m, 0.0, 0.05);                // SE ~ 1 / sqrt(n / 100)
    EXPECT_NEAR(v, 1.0, 0.12);
    EXPECT_NEAR(c / v, std::exp(-1.0), 0.05);  // autocorrelation e^{-lag h / tau}
    p.seed = 5;
    EXPECT_NE(scn_signal(p).c()[1], y[0]);  // another seed, another process
}
