// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/core/response_function.hpp>

#include <balnet/core/error.hpp>

namespace balnet {

response_kind parse_response_kind(const std::string& name) {
    if (name == "rect_tanh") return response_kind::rect_tanh;
    if (name == "rect_linear") return response_kind::rect_linear;
    if (name == "rect_power") return response_kind::rect_power;
    if (name == "heaviside") return response_kind::heaviside;
    if (name == "exp") return response_kind::exp;
    throw config_error("response.function", name,
                       "rect_tanh, rect_linear, rect_power, heaviside, exp");
}

std::string to_string(response_kind k) {
    switch (k) {
    case response_kind::rect_tanh: return "rect_tanh";
    case response_kind::rect_linear: return "rect_linear";
    case response_kind::rect_power: return "rect_power";
    case response_kind::heaviside: return "heaviside";
    case response_kind::exp: return "exp";
    }
    return "?";
}

void response_function::apply(std::span<const double> x, std::span<double> out) const noexcept {
    // One switch per call, not per element: the loops vectorise.
    const std::size_t n = x.size();
    switch (kind_) {
    case response_kind::rect_tanh:
        for (std::size_t i = 0; i < n; ++i) out[i] = x[i] > 0.0 ? std::tanh(x[i]) : 0.0;
        break;
    case response_kind::rect_linear:
        for (std::size_t i = 0; i < n; ++i) out[i] = x[i] > 0.0 ? x[i] : 0.0;
        break;
    case response_kind::rect_power:
        for (std::size_t i = 0; i < n; ++i) out[i] = x[i] > 0.0 ? std::pow(x[i], power_) : 0.0;
        break;
    case response_kind::heaviside:
        for (std::size_t i = 0; i < n; ++i) out[i] = x[i] > 0.0 ? 1.0 : 0.0;
        break;
    case response_kind::exp:
        for (std::size_t i = 0; i < n; ++i) out[i] = std::exp(x[i]);
        break;
    }
}

}  // namespace balnet
