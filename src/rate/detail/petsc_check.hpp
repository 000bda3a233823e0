// SPDX-License-Identifier: BSD-3-Clause
// The one bridge from PETSc error codes to balnet exceptions, and RAII owners of PETSc objects.
#pragma once
#include <petscsys.h>
#include <petscmat.h>
#include <petscts.h>
#include <petscvec.h>
#include <petscis.h>

#include <string>
#include <utility>

#include <balnet/core/error.hpp>

namespace balnet::detail {

inline void petsc_check(PetscErrorCode code, const char* call) {
    if (code == 0) return;
    const char* text = nullptr;
    char* specific = nullptr;
    PetscErrorMessage(code, &text, &specific);
    std::string msg = std::string(call) + " failed: " + (text ? text : "unknown PETSc error");
    if (specific && *specific) msg += std::string(" (") + specific + ")";
    throw petsc_error(msg);
}

/// Owns one PETSc object; Destroy is called exactly once.
template <typename T, PetscErrorCode (*Destroy)(T*)>
class petsc_handle {
public:
    petsc_handle() = default;
    ~petsc_handle() { reset(); }
    petsc_handle(petsc_handle&& o) noexcept : h_(std::exchange(o.h_, nullptr)) {}
    petsc_handle& operator=(petsc_handle&& o) noexcept {
        if (this != &o) { reset(); h_ = std::exchange(o.h_, nullptr); }
        return *this;
    }
    petsc_handle(const petsc_handle&) = delete;
    petsc_handle& operator=(const petsc_handle&) = delete;

    T get() const noexcept { return h_; }
    T* out() noexcept { reset(); return &h_; }  ///< for PETSc's XxxCreate(..., &obj)
    void reset() noexcept { if (h_) Destroy(&h_); h_ = nullptr; }

private:
    T h_ = nullptr;
};

using mat_handle = petsc_handle<Mat, MatDestroy>;
using vec_handle = petsc_handle<Vec, VecDestroy>;
using ts_handle = petsc_handle<TS, TSDestroy>;
using is_handle = petsc_handle<IS, ISDestroy>;
using scatter_handle = petsc_handle<VecScatter, VecScatterDestroy>;

}  // namespace balnet::detail

#define BALNET_PETSC(call) ::balnet::detail::petsc_check((call), #call)
