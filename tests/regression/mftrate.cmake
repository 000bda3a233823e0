# SPDX-License-Identifier: BSD-3-Clause
# Mean field for rate runs (`balnet mft`, `balnet run` with meanfield.enabled) and the Python
# plotting tools (tools/python), end to end. The plots need python3-matplotlib.
balnet_regression(mft_rate NP 2 TIMEOUT 300
  ARGS ${REG_DIR}/check_mft.py --work ${REG_OUT}/mft)
# Gaussian DMFT against a nu = 1, K = 1000 simulation (about 20 s of simulation at np 2 when the
# machine is idle; the timeout allows for a loaded one).
balnet_regression(dmft_rate NP 2 TIMEOUT 900
  ARGS ${REG_DIR}/check_dmft.py --work ${REG_OUT}/dmft)
balnet_plot_regression(plots_rate NP 2 TIMEOUT 300
  ARGS ${REG_DIR}/check_plots.py --work ${REG_OUT}/plots)
