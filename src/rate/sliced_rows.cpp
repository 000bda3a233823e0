// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/rate/sliced_rows.hpp>

namespace balnet {

std::uint32_t panel_width(const network_spec& spec) {
    const double n = static_cast<double>(spec.size());
    const double k = static_cast<double>(spec.expected_synapses(0, spec.size())) / std::max(1.0, n);
    std::uint32_t w = 2048;
    while (w < 16384 && k * w < 8.0 * n) w *= 2;
    return w;
}

}  // namespace balnet
