#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""tools/python plots end to end: a few small rate runs (both variance regimes, two response
functions, meanfield.enabled), then plot_run.py, plot_scan.py (on the run directory) and
fig1.py ... fig4.py. Each PNG must exist, be larger than 10 kB and have more than one distinct
pixel value (read back with matplotlib.image), i.e. not be a blank canvas.

usage: check_plots.py --balnet B --mpiexec M --np N --work DIR
"""
import os
import sys

from regtest import SRC, arguments, check, check_png, command, summary
import regtest

TOOLS = os.path.join(SRC, "tools", "python")

RUNS = {  # name: overrides (small and fast; shapes, not values, are what is checked here)
    "hv_K150": ["--weights.nu=0.5", "--weights.J0=2", "--network.N=150", "--network.K=150"],
    "hv_K250": ["--weights.nu=0.5", "--weights.J0=2", "--network.N=250", "--network.K=250"],
    "lv_K250": ["--weights.nu=1", "--weights.J0=1.05", "--network.N=250", "--network.K=250"],
    "heaviside_K250": ["--response.function=heaviside", "--network.N=250", "--network.K=250"],
}


def sh(cmd):
    return regtest.sh(cmd).returncode


def main():
    a = arguments()
    runs, figs = os.path.join(a.work, "runs"), os.path.join(a.work, "png")
    os.makedirs(runs, exist_ok=True)
    ini = os.path.join(SRC, "inputs", "examples", "sparse-balance-N=K=500-T=200.ini")
    for name, extra in RUNS.items():
        rc = sh(command(a, ["run", ini, "--run.T=40", "--record.ncorr=10", "--output.trace_units=40",
                            "--meanfield.enabled=true", "--output.file=" + os.path.join(runs, name + ".h5"),
                            *extra], a.np))
        check("run " + name, rc == 0)
    py = sys.executable
    one = os.path.join(runs, "hv_K250.h5")
    check("plot_run.py", sh([py, os.path.join(TOOLS, "plot_run.py"), one, "--out", figs]) == 0)
    pngs = [os.path.join(figs, "hv_K250_" + s + ".png") for s in ("traces", "x_distribution", "acf_eta", "on_time")]
    scan_png = os.path.join(figs, "scan_m.png")
    # The theory curves call this build's `balnet mft` on a fine grid of K (7 points: enough to
    # exercise it, few enough for a loaded machine).
    check("plot_scan.py", sh([py, os.path.join(TOOLS, "plot_scan.py"), runs, "--x", "network.K", "--y", "m",
                              "--by", "weights.nu", "--logx", "--out", scan_png, "--balnet", a.balnet,
                              "--fine", "7"]) == 0)
    pngs.append(scan_png)
    for k in (1, 2, 3, 4):
        out = os.path.join(figs, f"fig{k}.png")
        check(f"fig{k}.py", sh([py, os.path.join(TOOLS, f"fig{k}.py"), runs, "--out", out]) == 0)
        pngs.append(out)
    for p in pngs:
        check_png(p)
    sys.exit(summary())


if __name__ == "__main__":
    main()
