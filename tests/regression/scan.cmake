# SPDX-License-Identifier: BSD-3-Clause
# Parameter scans: `balnet scan --local` + `balnet aggregate` end to end (label regression), and
# the same on a real one-node SLURM cluster started by the test itself (label slurm; skipped,
# exit 77, where SLURM is not installed or cannot start).
balnet_regression(scan_local NP 1 TIMEOUT 300
  ARGS ${REG_DIR}/check_scan.py --work ${REG_OUT}/scan)

add_test(NAME slurm_scan
         COMMAND bash ${PROJECT_SOURCE_DIR}/tests/slurm/test_slurm_scan.sh $<TARGET_FILE:balnet>)
set_tests_properties(slurm_scan PROPERTIES LABELS slurm SKIP_RETURN_CODE 77 TIMEOUT 900
                     RUN_SERIAL TRUE ENVIRONMENT "${BALNET_MPI_TEST_ENV}")

# Runs across 2 and 3 SLURM nodes (each a slurmd in its own network namespace, ranks talking over
# TCP), bitwise equal to the same runs on one node (label slurm-multinode, also matched by
# `ctest -L slurm`; skipped, exit 77, where SLURM is not installed or the namespaces or the daemons
# cannot start), and a scan of 2 tasks of N nodes x 1 rank submitted as a job array. About 60 s at 2
# nodes and 110 s at 3 on 2 busy cores.
foreach(nodes 2 3)
  add_test(NAME slurm_multinode_${nodes}
           COMMAND bash ${PROJECT_SOURCE_DIR}/tests/slurm/test_slurm_multinode.sh $<TARGET_FILE:balnet> ${nodes})
  set_tests_properties(slurm_multinode_${nodes} PROPERTIES LABELS slurm-multinode SKIP_RETURN_CODE 77
                       TIMEOUT 600 RUN_SERIAL TRUE ENVIRONMENT "${BALNET_MPI_TEST_ENV}")
endforeach()

# A node dies under a running 2-node scan task (every process of its namespace killed): SLURM
# requeues the task, which resumes from its checkpoint on the survivors and ends bitwise equal to
# the uninterrupted run; the aggregate lists every task. 3 nodes, SlurmdTimeout and cred_expire
# shortened to 10 s; about 2-3 min on 2 busy cores. Label slurm-multinode; skipped (77) as above.
add_test(NAME slurm_node_failure
         COMMAND bash ${PROJECT_SOURCE_DIR}/tests/slurm/test_slurm_node_failure.sh $<TARGET_FILE:balnet>)
set_tests_properties(slurm_node_failure PROPERTIES LABELS slurm-multinode SKIP_RETURN_CODE 77
                     TIMEOUT 600 RUN_SERIAL TRUE ENVIRONMENT "${BALNET_MPI_TEST_ENV}")
# The same failure, then the task resubmitted on the survivors alone: its checkpoint of 2 ranks
# resumes at 1 rank and ends bitwise equal to an uninterrupted run (about 80 s).
add_test(NAME slurm_node_failure_fewer_ranks
         COMMAND bash ${PROJECT_SOURCE_DIR}/tests/slurm/test_slurm_node_failure.sh $<TARGET_FILE:balnet> --fewer-ranks)
set_tests_properties(slurm_node_failure_fewer_ranks PROPERTIES LABELS slurm-multinode SKIP_RETURN_CODE 77
                     TIMEOUT 600 RUN_SERIAL TRUE ENVIRONMENT "${BALNET_MPI_TEST_ENV}")

# `balnet scan status` and `balnet aggregate` on a scan with a task in every state (files made by
# h5py, a stand-in squeue, a stand-in process) and on a real running task, stopped by SIGTERM.
balnet_regression(scan_status NP 1 TIMEOUT 300
  ARGS ${REG_DIR}/check_scan_status.py --work ${REG_OUT}/scan_status)
