// SPDX-License-Identifier: BSD-3-Clause
#include "exp_block.hpp"

#include <cstdint>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define BALNET_EXP_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define BALNET_EXP_CLONES
#endif

namespace balnet::detail {
namespace {

// m: neuron_model::cuba or coba; dc: the constant drive is added (else not at all).
template <neuron_model m, bool dc>
inline void update(const exp_synapse_constants& c, const exp_synapse_state& s, std::size_t b,
                   std::size_t e) noexcept {
    double* __restrict v = s.v.data();
    double* __restrict ge = s.g_e.data();
    double* __restrict gi = s.g_i.data();
    std::int32_t* __restrict r = s.r.data();
    const exp_synapse_constants k = c;  // in registers
    for (std::size_t i = b; i < e; ++i) {
        double vn;
        if constexpr (m == neuron_model::cuba)
            vn = k.e_l + (v[i] - k.e_l) * k.p_m + ge[i] * k.kappa_e + gi[i] * k.kappa_i;
        else
            vn = v[i] + k.h_tau * ((k.e_l - v[i]) + ge[i] * (k.e_e - v[i]) + gi[i] * (k.e_i - v[i]));
        if constexpr (dc) vn = vn + k.dc_step;
        const std::int32_t ri = r[i];
        v[i] = ri == 0 ? vn : v[i];
        r[i] = ri == 0 ? ri : ri - 1;
        ge[i] *= k.decay_e;
        gi[i] *= k.decay_i;
    }
}

}  // namespace

BALNET_EXP_CLONES
void exp_block(const exp_synapse_constants& c, const exp_synapse_state& s, std::size_t begin,
               std::size_t end) noexcept {
    const bool dc = c.dc_step != 0.0;
    if (c.model == neuron_model::cuba) {
        if (dc) update<neuron_model::cuba, true>(c, s, begin, end);
        else update<neuron_model::cuba, false>(c, s, begin, end);
    } else {
        if (dc) update<neuron_model::coba, true>(c, s, begin, end);
        else update<neuron_model::coba, false>(c, s, begin, end);
    }
}

}  // namespace balnet::detail
