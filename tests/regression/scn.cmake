# SPDX-License-Identifier: BSD-3-Clause
# Spike-coding networks through the CLI: the SCN reference cases A8 and A9 of
# tests/data/spiking_cases.md, knock-out (random vs half-plane), np 1 vs np 3 bitwise
# spikes and read-out, bad inputs, and the plot tool.
foreach(np 1 3)
  balnet_regression(bad_scn_inputs_np${np} NP ${np} TIMEOUT 300
    ARGS ${REG_DIR}/check_bad_scn_inputs.py --work ${REG_OUT}/bad_scn_np${np})
endforeach()
foreach(case A8 A9 A9-noisy knockout)
  balnet_regression(scn_reference_${case} NP 2 TIMEOUT 300
    ARGS ${REG_DIR}/check_scn_reference.py --case ${case} --out ${REG_OUT}/scn_reference)
endforeach()
balnet_regression(scn_rank_independence_np1_np3 NP 3 TIMEOUT 300
  ARGS ${REG_DIR}/check_scn_reference.py --case ranks --out ${REG_OUT}/scn_np)
balnet_plot_regression(plots_scn NP 2 TIMEOUT 300
  ARGS ${REG_DIR}/check_scn_plots.py --work ${REG_OUT}/scn_plots)
balnet_regression(scn_checkpoint_restart_np2 NP 2 TIMEOUT 300
  ARGS ${REG_DIR}/check_scn_checkpoint.py --work ${REG_OUT}/scn_checkpoint)
# Trials of one network (run.trial, run.trials): LIF feed-forward and SCN, bitwise against
# single-trial runs, statistics against counts recomputed from the spike files.
balnet_regression(trials_np2 NP 2 TIMEOUT 900
  ARGS ${REG_DIR}/check_trials.py --work ${REG_OUT}/trials)
# Perturbations (LIF and rate): the divergence recomputed from the copies' spike reports, the AI
# state chaotic, a rate network's fixed point stable, bitwise at np 1, 2, 3; bad input.
balnet_regression(perturbation_np2 NP 2 TIMEOUT 900
  ARGS ${REG_DIR}/check_perturbation.py --work ${REG_OUT}/perturbation)
