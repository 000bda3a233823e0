#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# nest_build.sh SRC BUILD PREFIX: builds NEST's kernel from the source tree SRC (a checkout of
# https://github.com/nest/nest-simulator; tools/bench/results/microcircuit-nest.md used commit
# 84b06d8d4) in BUILD and installs what tools/bench/compare_peers.py --nest PREFIX needs: the
# headers (PREFIX/include/nest) and the three static libraries (PREFIX/lib), which NEST itself does
# not install without Python. Release (NEST's -O2, then -O3 -DNDEBUG), OpenMP and MPI on; Python,
# GSL and ltdl off; only the models of the microcircuit. Set CMAKE_CXX_COMPILER_LAUNCHER=ccache in
# the environment to cache; JOBS (default 2) for make.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: nest_build.sh SRC BUILD PREFIX" >&2; exit 2; }
src=$(realpath "$1") bld=$2 prefix=$(realpath -m "$3")
mkdir -p "$bld" && cd "$bld"
cmake "$src" -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_BUILD_TYPE=Release \
  -Dwith-python=OFF -Dwith-gsl=OFF -Dwith-ltdl=OFF -Dwith-mpi=ON -Dwith-openmp=ON \
  "-Dwith-models=iaf_psc_exp;poisson_generator;dc_generator;spike_recorder;static_synapse"
make -j"${JOBS:-2}" nestkernel models nestutil
# Per directory: the top level's install also wants NEST's C++ tests, which are not built here.
for d in libnestutil models nestkernel thirdparty; do cmake --install "$d"; done
mkdir -p "$prefix/lib"
cp nestkernel/libnestkernel.a models/libmodels.a libnestutil/libnestutil.a "$prefix/lib/"
