// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/rate/petsc_session.hpp>

#include "detail/petsc_check.hpp"

namespace balnet {

petsc_session::petsc_session(const std::string& options) {
    PetscBool initialised = PETSC_FALSE;
    BALNET_PETSC(PetscInitialized(&initialised));
    if (!initialised) {
        BALNET_PETSC(PetscInitializeNoArguments());
        owner_ = true;
        // Errors come back as codes and become exceptions; PETSc prints nothing itself.
        BALNET_PETSC(PetscPushErrorHandler(PetscReturnErrorHandler, nullptr));
    }
    if (!options.empty()) BALNET_PETSC(PetscOptionsInsertString(nullptr, options.c_str()));
}

petsc_session::~petsc_session() {
    if (owner_) PetscFinalize();
}

}  // namespace balnet
