// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/network/weight_distribution.hpp>

#include <algorithm>
#include <cmath>

#include <balnet/core/error.hpp>

namespace balnet {

weight_kind parse_weight_kind(const std::string& name) {
    if (name == "gamma") return weight_kind::gamma;
    if (name == "lognormal") return weight_kind::lognormal;
    if (name == "normal") return weight_kind::normal;
    if (name == "bernoulli") return weight_kind::bernoulli;
    if (name == "constant") return weight_kind::constant;
    throw config_error("weights.distribution", name, "gamma, lognormal, normal, bernoulli, constant");
}

std::string to_string(weight_kind k) {
    switch (k) {
    case weight_kind::gamma: return "gamma";
    case weight_kind::lognormal: return "lognormal";
    case weight_kind::normal: return "normal";
    case weight_kind::bernoulli: return "bernoulli";
    case weight_kind::constant: return "constant";
    case weight_kind::normal_clipped: return "normal_clipped";
    }
    return "?";
}

weight_distribution::weight_distribution(weight_kind kind, double mean, double std, double sign)
    : kind_(kind), mean_(mean), std_(std), sign_(sign) {
    switch (kind_) {
    case weight_kind::gamma:  // shape k = (mean/std)^2, scale th = std^2/mean
        a_ = (mean / std) * (mean / std);
        b_ = std * std / mean;
        break;
    case weight_kind::lognormal:  // M = ln(m^2/sqrt(m^2+s^2)), S = sqrt(ln(1+s^2/m^2))
        a_ = std::log(mean * mean / std::sqrt(mean * mean + std * std));
        b_ = std::sqrt(std::log1p(std * std / (mean * mean)));
        break;
    case weight_kind::bernoulli:
        std_ = std::sqrt(mean * (1.0 - mean));
        break;
    case weight_kind::constant:
        std_ = 0.0;
        break;
    case weight_kind::normal:
    case weight_kind::normal_clipped:
        break;
    }
}

double weight_distribution::draw(rng_stream& rng) const noexcept {
    switch (kind_) {
    case weight_kind::gamma: return sign_ * rng.gamma(a_, b_);
    case weight_kind::lognormal: return sign_ * std::exp(a_ + b_ * rng.normal());
    case weight_kind::normal: return sign_ * mean_ + std_ * rng.normal();
    case weight_kind::bernoulli: return rng.uniform() < mean_ ? sign_ : 0.0;
    case weight_kind::constant: return sign_ * mean_;
    case weight_kind::normal_clipped: return sign_ * std::max(0.0, mean_ + std_ * rng.normal());
    }
    return 0.0;
}

}  // namespace balnet
