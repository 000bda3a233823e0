// SPDX-License-Identifier: BSD-3-Clause
// Basic index and time types shared by every layer.
// Invariant: time inside balnet is an integer step count; conversion to model units (tau for rate
// networks, ms for spiking ones) happens only at the boundary (config in, HDF5 out).
#pragma once
#include <cstdint>

namespace balnet {

using gid_type = std::uint64_t;    ///< global neuron id, 0-based, unique over all populations
using lid_type = std::uint32_t;    ///< rank-local neuron index
using step_type = std::int64_t;    ///< integer time step
using seed_type = std::uint64_t;   ///< user seed

}  // namespace balnet
