// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/meanfield/laplace_inversion.hpp>

#include <cmath>

#include <boost/math/special_functions/gamma.hpp>
#include <gtest/gtest.h>

#include <balnet/core/error.hpp>

using namespace balnet;
using cd = std::complex<double>;

TEST(laplace_inversion, exponential_and_gamma_cdf) {
    for (double t : {0.1, 0.7, 2.0, 5.0})
        EXPECT_NEAR(talbot_inverse([](cd s) { return 1.0 / (s + 1.0); }, t), std::exp(-t), 1e-9);
    for (double k : {0.05, 0.3, 4.0})
        for (double t : {0.2, 1.0, 3.0}) {
            auto F = [&](cd s) { return std::pow(1.0 + 2.0 * s, -k) / s; };  // CDF of Gamma(k, 2)
            EXPECT_NEAR(talbot_inverse(F, t), boost::math::gamma_p(k, t / 2.0), 1e-8) << k << " " << t;
        }
}

TEST(laplace_inversion, log_form_handles_high_powers) {
    const double n = 100.0;  // Gamma(100, 1/100): the plain transform overflows along the contour
    auto logF = [&](cd s) { return -n * std::log(1.0 + s / n) - std::log(s); };
    EXPECT_NEAR(talbot_inverse_log(logF, 0.9, 64), boost::math::gamma_p(n, 90.0), 1e-9);
}

TEST(laplace_inversion, rejects_bad_arguments) {
    EXPECT_THROW(talbot_inverse([](cd s) { return 1.0 / s; }, 0.0), meanfield_error);
    EXPECT_THROW(talbot_inverse([](cd s) { return 1.0 / s; }, 1.0, 1), meanfield_error);
}
