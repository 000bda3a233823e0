// SPDX-License-Identifier: BSD-3-Clause
// Response functions phi of the rate networks (docs/models.md §1.3), and their slopes phi', written
// once for the rate engine and the mean-field closures. Every phi is zero for x <= 0 except `exp`;
// a unit is "on" when x > 0 (strict) whatever phi is.
#pragma once
#include <cmath>
#include <span>
#include <string>

namespace balnet {

enum class response_kind { rect_tanh, rect_linear, rect_power, heaviside, exp };

response_kind parse_response_kind(const std::string& name);  ///< throws config_error
std::string to_string(response_kind k);

class response_function {
public:
    explicit response_function(response_kind kind = response_kind::rect_tanh, double power = 2.0)
        : kind_(kind), power_(power) {}

    double operator()(double x) const noexcept {
        switch (kind_) {
        case response_kind::rect_tanh: return x > 0.0 ? std::tanh(x) : 0.0;
        case response_kind::rect_linear: return x > 0.0 ? x : 0.0;
        case response_kind::rect_power: return x > 0.0 ? std::pow(x, power_) : 0.0;
        case response_kind::heaviside: return x > 0.0 ? 1.0 : 0.0;
        case response_kind::exp: return std::exp(x);
        }
        return 0.0;
    }
    /// phi'(x) where phi is differentiable: 0 for x < 0 (except exp) and for heaviside (whose
    /// derivative is a point mass at 0, which the closures treat on their own); at x = 0 the
    /// right derivative of the rectified functions.
    double slope(double x) const noexcept {
        switch (kind_) {
        case response_kind::rect_tanh: { if (x < 0.0) return 0.0; const double c = std::cosh(x); return 1.0 / (c * c); }
        case response_kind::rect_linear: return x < 0.0 ? 0.0 : 1.0;
        case response_kind::rect_power: return x < 0.0 ? 0.0 : power_ * std::pow(x, power_ - 1.0);
        case response_kind::heaviside: return 0.0;
        case response_kind::exp: return std::exp(x);
        }
        return 0.0;
    }
    /// phi applied element-wise: out[i] = phi(x[i]).
    void apply(std::span<const double> x, std::span<double> out) const noexcept;

    response_kind kind() const noexcept { return kind_; }
    double power() const noexcept { return power_; }

private:
    response_kind kind_;
    double power_;  // lambda of rect_power
};

}  // namespace balnet
