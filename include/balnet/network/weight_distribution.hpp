// SPDX-License-Identifier: BSD-3-Clause
// Distribution of synaptic weights of one projection (docs/models.md §1.2.2). The magnitude w has
// mean `mean` and standard deviation `std`; the stored weight carries the projection's sign
// (inhibitory weights are negative). For `normal` the sign applies to the mean only, so single
// entries may change sign; for `normal_clipped` (the LIF network files' `normal`, NEST's microcircuit
// weights) the magnitude max(0, mean + std N) keeps the sign; for `bernoulli` w = 1 with probability
// `mean` and `std` is ignored.
#pragma once
#include <string>

#include <balnet/core/rng_stream.hpp>

namespace balnet {

enum class weight_kind { gamma, lognormal, normal, bernoulli, constant, normal_clipped };

weight_kind parse_weight_kind(const std::string& name);  ///< throws config_error; not normal_clipped
std::string to_string(weight_kind k);

class weight_distribution {
public:
    weight_distribution() = default;
    weight_distribution(weight_kind kind, double mean, double std, double sign);

    /// One signed weight.
    double draw(rng_stream& rng) const noexcept;

    weight_kind kind() const noexcept { return kind_; }
    double mean() const noexcept { return mean_; }  ///< of the magnitude
    double std() const noexcept { return std_; }    ///< of the magnitude (bernoulli: sqrt(p(1-p)))
    double sign() const noexcept { return sign_; }

private:
    weight_kind kind_ = weight_kind::constant;
    double mean_ = 0.0;
    double std_ = 0.0;
    double sign_ = 1.0;
    double a_ = 0.0;  // gamma shape | lognormal M
    double b_ = 0.0;  // gamma scale | lognormal S
};

}  // namespace balnet
