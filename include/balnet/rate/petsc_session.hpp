// SPDX-License-Identifier: BSD-3-Clause
// RAII initialisation of PETSc on top of a running MPI (mpi_session first: PETSc then leaves MPI
// finalisation to it). Options come from a string (config key petsc.options and the --petsc
// pass-through of the command line), never from argv, so that PETSc never sees balnet's own
// options. PETSc's error printing is replaced by exceptions (see petsc_check.hpp).
#pragma once
#include <string>

namespace balnet {

class petsc_session {
public:
    explicit petsc_session(const std::string& options = "");
    ~petsc_session();
    petsc_session(const petsc_session&) = delete;
    petsc_session& operator=(const petsc_session&) = delete;

private:
    bool owner_ = false;  // false when PETSc was already initialised by someone else
};

}  // namespace balnet
