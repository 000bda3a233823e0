// SPDX-License-Identifier: BSD-3-Clause
// Response functions of docs/models.md §1.3, element by element and through apply().
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include <balnet/core/error.hpp>
#include <balnet/core/response_function.hpp>

using namespace balnet;

TEST(response_function, values_match_models_md) {
    const std::vector<double> xs = {-3.0, -1e-300, 0.0, 1e-300, 0.3, 1.0, 2.5};
    for (double x : xs) {
        const bool on = x > 0;
        EXPECT_EQ(response_function(response_kind::rect_tanh)(x), on ? std::tanh(x) : 0.0);
        EXPECT_EQ(response_function(response_kind::rect_linear)(x), on ? x : 0.0);
        EXPECT_EQ(response_function(response_kind::rect_power, 2.0)(x), on ? x * x : 0.0);
        EXPECT_EQ(response_function(response_kind::rect_power, 0.5)(x), on ? std::sqrt(x) : 0.0);
        EXPECT_EQ(response_function(response_kind::heaviside)(x), on ? 1.0 : 0.0);
        EXPECT_EQ(response_function(response_kind::exp)(x), std::exp(x));
    }
}

TEST(response_function, apply_equals_elementwise) {
    std::vector<double> x = {-1, 0, 0.5, 2}, out(4);
    for (auto k : {response_kind::rect_tanh, response_kind::rect_linear, response_kind::rect_power,
                   response_kind::heaviside, response_kind::exp}) {
        response_function f(k, 3.0);
        f.apply(x, out);
        for (std::size_t i = 0; i < x.size(); ++i) EXPECT_EQ(out[i], f(x[i]));
    }
}

TEST(response_function, names_round_trip_and_unknown_throws) {
    for (auto n : {"rect_tanh", "rect_linear", "rect_power", "heaviside", "exp"})
        EXPECT_EQ(to_string(parse_response_kind(n)), n);
    EXPECT_THROW(parse_response_kind("sigmoid"), config_error);
}

// phi' against a central difference of phi (away from the kink at 0), and 0 below threshold.
TEST(response_function, slope_matches_a_central_difference) {
    for (auto k : {response_kind::rect_tanh, response_kind::rect_linear, response_kind::rect_power,
                   response_kind::exp}) {
        const response_function f(k, 2.5);
        for (double x : {0.1, 0.7, 1.3, 2.9}) {
            const double h = 1e-5, numeric = (f(x + h) - f(x - h)) / (2.0 * h);
            EXPECT_NEAR(f.slope(x), numeric, 1e-7 * std::max(1.0, std::fabs(numeric))) << to_string(k) << " at " << x;
        }
        if (k == response_kind::exp) continue;
        EXPECT_EQ(f.slope(-0.5), 0.0) << to_string(k);
    }
    EXPECT_EQ(response_function(response_kind::heaviside).slope(0.5), 0.0);
}
