// SPDX-License-Identifier: BSD-3-Clause
// RAII initialisation and finalisation of MPI (Boost.MPI environment). An MPI that was already
// initialised is respected; finalisation is skipped while an exception unwinds so that a
// failing rank can still call abort.
#pragma once
#include <memory>

namespace balnet {

class mpi_session {
public:
    mpi_session(int& argc, char**& argv);
    ~mpi_session();
    mpi_session(const mpi_session&) = delete;
    mpi_session& operator=(const mpi_session&) = delete;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace balnet
