// SPDX-License-Identifier: BSD-3-Clause
// The update of cuba and coba neurons over [begin, end) without the threshold (docs/models.md
// §2.3): v propagated from (v, g_e, g_i) when not refractory (else r -= 1), then g_e and g_i
// decay. Straight-line loops that the compiler vectorises, compiled for AVX-512, AVX2 and the
// baseline and chosen when the program loads (target_clones); the expressions and their order
// are those of the neuron-by-neuron form and nothing is fused into a multiply-add (CMake:
// -ffp-contract=off), so every variant gives its bits. The threshold follows in the caller, in
// local index order.
#pragma once
#include <cstddef>

#include <balnet/spiking/exp_synapse_neuron.hpp>

namespace balnet::detail {

void exp_block(const exp_synapse_constants& c, const exp_synapse_state& s, std::size_t begin,
               std::size_t end) noexcept;

}  // namespace balnet::detail
