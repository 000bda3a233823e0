#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""tools/python plots end to end: a few small rate runs (both variance regimes, two response
functions, meanfield.enabled), then plot_run.py, plot_scan.py (on the run directory) and
fig1.py ... fig4.py. Each PNG must exist, be larger than 10 kB and have more than one distinct
pixel value (read back with matplotlib.image), i.e. not be a blank canvas.

usage: check_plots.py --balnet B --mpiexec M --np N --work DIR
"""
import argparse
import os
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.image as mpimg  # noqa: E402
import numpy as np  # noqa: E402

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
TOOLS = os.path.join(SRC, "tools", "python")
failures = []

RUNS = {  # name: overrides (small and fast; shapes, not values, are what is checked here)
    "hv_K150": ["--weights.nu=0.5", "--weights.J0=2", "--network.N=150", "--network.K=150"],
    "hv_K250": ["--weights.nu=0.5", "--weights.J0=2", "--network.N=250", "--network.K=250"],
    "lv_K250": ["--weights.nu=1", "--weights.J0=1.05", "--network.N=250", "--network.K=250"],
    "heaviside_K250": ["--response.function=heaviside", "--network.N=250", "--network.K=250"],
}


def check(name, ok, detail=""):
    print(("PASS " if ok else "FAIL ") + name + (": " + detail if detail else ""), flush=True)
    if not ok:
        failures.append(name)


def sh(cmd):
    print("+", " ".join(cmd), flush=True)
    p = subprocess.run(cmd, capture_output=True, text=True)
    print(p.stdout + p.stderr)
    return p.returncode


def check_png(path):
    name = os.path.basename(path)
    if not os.path.exists(path):
        check(name + " exists", False)
        return
    size = os.path.getsize(path)
    img = mpimg.imread(path)
    distinct = len(np.unique(img.reshape(-1, img.shape[-1]) if img.ndim == 3 else img.ravel(), axis=0))
    check(name + " non-trivial", size > 10_000 and distinct > 1, f"{size} bytes, {distinct} distinct pixels")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--balnet", required=True)
    ap.add_argument("--mpiexec", required=True)
    ap.add_argument("--np", type=int, default=1)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    runs, figs = os.path.join(a.work, "runs"), os.path.join(a.work, "png")
    os.makedirs(runs, exist_ok=True)
    ini = os.path.join(SRC, "inputs", "examples", "sparse-balance-N=K=500-T=200.ini")
    for name, extra in RUNS.items():
        rc = sh([a.mpiexec, "-n", str(a.np), a.balnet, "run", ini, "--run.T=40", "--record.ncorr=10",
                 "--output.trace_units=40", "--meanfield.enabled=true",
                 "--output.file=" + os.path.join(runs, name + ".h5"), *extra])
        check("run " + name, rc == 0)
    py = sys.executable
    one = os.path.join(runs, "hv_K250.h5")
    check("plot_run.py", sh([py, os.path.join(TOOLS, "plot_run.py"), one, "--out", figs]) == 0)
    pngs = [os.path.join(figs, "hv_K250_" + s + ".png") for s in ("traces", "x_distribution", "acf_eta", "on_time")]
    scan_png = os.path.join(figs, "scan_m.png")
    check("plot_scan.py", sh([py, os.path.join(TOOLS, "plot_scan.py"), runs, "--x", "network.K", "--y", "m",
                              "--by", "weights.nu", "--logx", "--out", scan_png]) == 0)
    pngs.append(scan_png)
    for k in (1, 2, 3, 4):
        out = os.path.join(figs, f"fig{k}.png")
        check(f"fig{k}.py", sh([py, os.path.join(TOOLS, f"fig{k}.py"), runs, "--out", out]) == 0)
        pngs.append(out)
    for p in pngs:
        check_png(p)
    print(f"{len(failures)} failure(s)" + (": " + ", ".join(failures) if failures else ""))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
