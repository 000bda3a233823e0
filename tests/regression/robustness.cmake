# SPDX-License-Identifier: BSD-3-Clause
# What bad paths, bad sizes, hostile files and signals do (issues 13 and 14): every one refused
# with one message and exit 2, or handled, never a crash, a hang or a silently replaced file.
foreach(np 1 2)
  balnet_regression(output_safety_np${np} NP ${np} TIMEOUT 900
    ARGS ${REG_DIR}/check_output_safety.py --work ${REG_OUT}/output_safety_np${np})
endforeach()
balnet_regression(robust_inputs NP 1 TIMEOUT 900
  ARGS ${REG_DIR}/check_robust_inputs.py --work ${REG_OUT}/robust_inputs)
# About 3 min on an idle machine (the SIGUSR1 run's --resume finishes 5000 tau; the SIGTERM-to-mpirun
# cases add about 1 min); the timeout allows for a machine loaded 4x.
balnet_regression(stop_signals_np2 NP 2 TIMEOUT 900
  ARGS ${REG_DIR}/check_stop_signals.py --work ${REG_OUT}/stop_signals
       --jobs ${PROJECT_SOURCE_DIR}/jobs)
# help and describe answer without MPI (issue 19), proven with a setting under which MPI cannot start.
balnet_regression(no_mpi_commands NP 1 TIMEOUT 300
  ARGS ${REG_DIR}/check_no_mpi_commands.py --work ${REG_OUT}/no_mpi_commands)
