#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""tools/python/plot_scn.py end to end: a small SCN run with a knock-out, then the three figures
(x vs x^, raster, E vs I). Each PNG must exist, be larger than 10 kB and have more than one
distinct pixel value (read back with matplotlib.image), i.e. not be a blank canvas.

usage: check_scn_plots.py --balnet B --mpiexec M --np N --work DIR
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--balnet", required=True)
    ap.add_argument("--mpiexec", required=True)
    ap.add_argument("--np", type=int, default=1)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    run = os.path.join(a.work, "scn_small.h5")
    ini = os.path.join(SRC, "inputs", "examples", "scn-2d-tracking-N=100.ini")
    subprocess.run([a.mpiexec, "-n", str(a.np), a.balnet, "run", ini, "--output.file=" + run, "--scn.T=600",
                    "--scn_knockout.kind=random", "--scn_knockout.time=300"], check=True)
    subprocess.run([sys.executable, os.path.join(SRC, "tools", "python", "plot_scn.py"), run, "--out", a.work], check=True)
    failed = 0
    for kind in ("signal", "raster", "currents"):
        path = os.path.join(a.work, f"scn_small_{kind}.png")
        ok = os.path.exists(path)
        detail = "missing"
        if ok:
            img = mpimg.imread(path)
            distinct = len(np.unique(img.reshape(-1, img.shape[-1]), axis=0))
            size = os.path.getsize(path)
            ok = size > 10_000 and distinct > 1
            detail = f"{size} bytes, {distinct} distinct pixels"
        print(("PASS " if ok else "FAIL ") + os.path.basename(path) + ": " + detail)
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
