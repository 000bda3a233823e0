#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Installs balnet's build dependencies (Debian 12 packages, as root) when missing, then configures
# and builds into ./build. Safe to run again: it installs nothing that is present and rebuilds
# only what changed. BUILD_DIR and CMAKE_BUILD_TYPE may be set in the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
PKGS=(build-essential cmake pkg-config git openmpi-bin libopenmpi-dev petsc-dev libhdf5-openmpi-dev
      hdf5-tools libboost-mpi-dev libboost-program-options-dev libboost-serialization-dev
      libboost-dev libgtest-dev librandom123-dev libfftw3-dev python3 python3-h5py python3-numpy
      python3-matplotlib python3-pandas python3-scipy slurm-wlm munge iproute2 util-linux)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "bootstrap: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-Release}" >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)"
