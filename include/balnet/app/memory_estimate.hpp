// SPDX-License-Identifier: BSD-3-Clause
// Peak memory of a run, estimated before anything is allocated, and the check that refuses a run
// that will not fit. A run has two candidate peaks: the network build, where the drawn rows and
// the product's copy coexist, and the simulation, where the copy is held beside the ACF
// accumulators (allocated after the drawn rows are freed, so the heap reuses their pages). The
// estimate is the larger one plus what is always there; the constants are the code's own storage
// sizes, the fixed part was measured (see the .cpp). `balnet describe` prints it per rank;
// tests/regression/check_memory_estimate.py holds it within 10 % of the measured peak (VmHWM)
// on several sizes.
#pragma once
#include <algorithm>

#include <balnet/comm/context.hpp>
#include <balnet/network/partition.hpp>
#include <balnet/rate/rate_model.hpp>

namespace balnet {

/// Terms of one rank's peak, in bytes.
struct memory_estimate {
    double synapses = 0;  ///< expected synapses in this rank's rows
    double build = 0;     ///< coupling storage while the network is built (rows + copy)
    double held = 0;      ///< coupling storage held while simulating
    double analysis = 0;  ///< ACF accumulators of the recorded units
    double state = 0;     ///< per-unit vectors, ghosts
    double fixed = 0;     ///< libraries (MPI, PETSc, HDF5) and the process itself
    double total() const noexcept { return fixed + state + std::max(build, held + analysis); }
};

/// Estimate for this rank of a rate run. Pure (no collective).
memory_estimate rate_memory_estimate(const rate_model& m, const partition& part, int rank);
inline double rate_peak_bytes(const rate_model& m, const partition& part, int rank) {
    return rate_memory_estimate(m, part, rank).total();
}

/// Refuses (config_error, exit 2, on every rank) when the ranks of some node together need more
/// than the node's available memory. Does nothing where the available memory is unknown.
/// Collective.
void require_memory(const context& ctx, double bytes_this_rank);

}  // namespace balnet
