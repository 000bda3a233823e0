# SPDX-License-Identifier: BSD-3-Clause
# Every external dependency, found once. All come from Debian 12 packages (see .ci/install-deps).
find_package(MPI REQUIRED COMPONENTS C CXX)
find_package(Boost 1.74 REQUIRED COMPONENTS mpi serialization program_options)

set(HDF5_PREFER_PARALLEL ON)
find_package(HDF5 REQUIRED COMPONENTS C)
if(NOT HDF5_IS_PARALLEL)
  message(FATAL_ERROR "balnet needs the parallel (MPI) build of HDF5, but the HDF5 found at "
    "'${HDF5_INCLUDE_DIRS}' is serial. On Debian install libhdf5-openmpi-dev (and not libhdf5-dev).")
endif()

find_package(PkgConfig REQUIRED)
if(DEFINED ENV{PETSC_DIR})   # non-Debian installs: $PETSC_DIR[/$PETSC_ARCH]/lib/pkgconfig
  list(APPEND CMAKE_PREFIX_PATH "$ENV{PETSC_DIR}" "$ENV{PETSC_DIR}/$ENV{PETSC_ARCH}")
endif()
pkg_check_modules(PETSC REQUIRED IMPORTED_TARGET PETSc)
pkg_check_modules(FFTW3 REQUIRED IMPORTED_TARGET fftw3)

# Random123 is header-only (Debian: librandom123-dev).
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED)
add_library(random123 INTERFACE)
target_include_directories(random123 SYSTEM INTERFACE ${RANDOM123_INCLUDE_DIR})

if(BUILD_TESTING)
  find_package(GTest REQUIRED)
endif()
