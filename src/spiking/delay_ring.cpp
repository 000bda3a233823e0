// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/spiking/delay_ring.hpp>

#include <balnet/core/error.hpp>

namespace balnet {

delay_ring::delay_ring(std::size_t n_slots, std::size_t n_neurons)
    : n_slots_(n_slots), n_(n_neurons), data_(n_slots * n_neurons, 0.0) {
    BALNET_ASSERT(n_slots >= 1);
}

}  // namespace balnet
