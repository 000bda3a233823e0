# SPDX-License-Identifier: BSD-3-Clause
# CUBA and COBA (Brette et al. 2007, docs/models.md 2.3) through the CLI: reference case A7 of
# tests/data/spiking_cases.md at np 2, and /spikes bitwise identical at np 1 and 3.
foreach(case A7-cuba A7-coba)
  balnet_regression(va_reference_${case} NP 2 TIMEOUT 600
    ARGS ${REG_DIR}/check_va_reference.py --case ${case} --out ${REG_OUT}/va_reference)
endforeach()
balnet_regression(va_rank_independence_np1_np3 NP 3 TIMEOUT 600
  ARGS ${REG_DIR}/check_va_reference.py --case ranks --out ${REG_OUT}/va_np)
