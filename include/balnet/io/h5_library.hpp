// SPDX-License-Identifier: BSD-3-Clause
// When HDF5 starts and that it never shuts itself down. Started after MPI, HDF5 ties its shutdown
// to MPI_Finalize and there closes every file still open. A file whose last write failed (a full
// disk, a quota) cannot be closed: HDF5 1.10 leaves it half closed, and closing it again at
// MPI_Finalize crashes the process (SIGSEGV after the error message). balnet closes every file
// itself (RAII); the files an error leaves open are abandoned with what their last flush wrote.
#pragma once

namespace balnet {

/// Starts the HDF5 library without its automatic shutdown (H5dont_atexit, then H5open). Call once,
/// before MPI is initialised, so that HDF5 does not hook its shutdown into MPI_Finalize.
void start_hdf5_without_shutdown() noexcept;

}  // namespace balnet
